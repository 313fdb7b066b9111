/**
 * The implementation under test as a child process: started in its own process group (so that it and
 * anything it started can be killed together), asked one request at a time with a deadline, and never
 * trusted: a crash, a hang, noise on stdout, a wrong id or a gigantic line each come back as a value,
 * never as an exception or a wait without end.
 *
 * @module
 */
import type { Argv } from "../io/command_line.ts";
import { LineReader } from "../io/line_reader.ts";
import { killGroup, LIVE_GROUPS, within } from "../io/process_group.ts";
// Re-exported for the oracle's public module (src/oracle/mod.ts); they live in src/io/.
export { killAllGroups, killGroup, LIVE_GROUPS, within } from "../io/process_group.ts";
import { clip, type Hello, parseHello, parseResponse, type Response } from "./protocol.ts";

/** How to start the program. */
export interface StartOptions {
  /** The program and its arguments. */
  readonly argv: Argv;
  /** Milliseconds to wait for the hello line. */
  readonly helloTimeoutMs: number;
  /** The longest stdout line accepted, in bytes, until a request sets its own. */
  readonly maxLineBytes: number;
  /** Working directory. */
  readonly cwd?: string;
}

/** What came back for one request. */
export type Exchange =
  | { readonly kind: "response"; readonly response: Response; readonly noise: readonly string[] }
  | { readonly kind: "malformed"; readonly message: string; readonly noise: readonly string[] }
  | { readonly kind: "wrong-id"; readonly got: unknown; readonly noise: readonly string[] }
  | { readonly kind: "oversize"; readonly bytes: number; readonly noise: readonly string[] }
  | { readonly kind: "endless"; readonly bytes: number; readonly noise: readonly string[] }
  | { readonly kind: "timeout"; readonly noise: readonly string[] }
  | { readonly kind: "exited"; readonly status: string; readonly noise: readonly string[] };

/** A failure to start the program or to get its hello; its message is one line for the user. */
export class StartError extends Error {
  /** The error name. */
  override name = "StartError";
}

const STDERR_TAIL_BYTES = 8192;

/** A running implementation. */
export class Implementation {
  readonly #child: Deno.ChildProcess;
  readonly #reader: LineReader;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #stderr: Promise<void>;
  #stderrTail = "";
  #exit: string | undefined;
  readonly #sent = new Set<string>();
  /** The hello it announced. */
  hello!: Hello;

  private constructor(child: Deno.ChildProcess, maxLineBytes: number) {
    this.#child = child;
    this.#reader = new LineReader(child.stdout, maxLineBytes);
    this.#writer = child.stdin.getWriter();
    this.#writer.closed.catch(() => {}); // a dead child's stdin rejects; that is reported as an exit
    this.#stderr = this.#collectStderr(child.stderr);
    child.status.then((s) => {
      this.#exit = s.signal ? `was killed by ${s.signal}` : `exited with code ${s.code}`;
    });
  }

  /**
   * Starts the program and reads its hello.
   *
   * @param options The command and limits.
   * @returns The running implementation, `hello` set.
   */
  static async start(options: StartOptions): Promise<Implementation> {
    const { program, args } = options.argv;
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command(program, {
        args: [...args],
        cwd: options.cwd,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
        detached: true, // its own process group: the group is killed at the end
      }).spawn();
    } catch (e) {
      const why = e instanceof Deno.errors.NotFound
        ? "no such program"
        : e instanceof Deno.errors.PermissionDenied
        ? "permission denied (is it executable?)"
        : (e as Error).message;
      throw new StartError(`Cannot start "${program}": ${why}`);
    }
    LIVE_GROUPS.add(child.pid);
    const impl = new Implementation(child, options.maxLineBytes);
    const first = await impl.#reader.next(options.helloTimeoutMs);
    if (first.kind !== "line") {
      const why = first.kind === "timeout"
        ? `wrote no hello line within ${options.helloTimeoutMs / 1000} s`
        : first.kind === "oversize"
        ? `wrote a first line of over ${first.bytes} bytes instead of a hello`
        : `${await impl.#exitStatus()} before writing its hello`;
      await impl.stop();
      throw new StartError(`The program ${why}${impl.#stderrHint()}`);
    }
    try {
      impl.hello = parseHello(first.text);
    } catch (e) {
      await impl.stop();
      throw new StartError(`${(e as Error).message}${impl.#stderrHint()}`);
    }
    return impl;
  }

  async #collectStderr(stream: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of stream) {
        this.#stderrTail = (this.#stderrTail + decoder.decode(chunk, { stream: true }))
          .slice(-STDERR_TAIL_BYTES);
      }
    } catch {
      // the stream of a killed process may end abruptly
    }
  }

  async #exitStatus(): Promise<string> {
    await within(this.#child.status, 1000);
    return this.#exit ? `${this.#exit}` : "closed its stdout";
  }

  #stderrHint(): string {
    const last = this.lastStderrLine();
    return last ? `; its stderr ends with: ${clip(last, 160)}` : "";
  }

  /** The last non-empty line the program wrote on stderr. */
  lastStderrLine(): string {
    const lines = this.#stderrTail.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    return lines.length ? lines[lines.length - 1] : "";
  }

  /** The last few kilobytes of its stderr. */
  get stderrTail(): string {
    return this.#stderrTail;
  }

  /**
   * Sends one request line and waits for the answer with the same id.
   *
   * @param line The request, one line of JSON.
   * @param options Its id, the deadline in milliseconds and the longest answer accepted in bytes.
   * @returns What came back.
   */
  async ask(
    line: string,
    options: { id: string; timeoutMs: number; maxLineBytes: number },
  ): Promise<Exchange> {
    const deadline = Date.now() + options.timeoutMs;
    const noise: string[] = [];
    this.#reader.cap = options.maxLineBytes;
    for (const stale of this.#reader.drain()) {
      if (stale.kind === "line") noise.push(`before the request: ${clip(stale.text)}`);
    }
    this.#sent.add(options.id);
    const written = await this.#write(line + "\n", deadline);
    if (written === "timeout") return { kind: "timeout", noise };
    while (true) {
      const e = await this.#reader.next(deadline - Date.now());
      if (e.kind === "timeout") return { kind: "timeout", noise };
      if (e.kind === "eof") return { kind: "exited", status: await this.#exitStatus(), noise };
      if (e.kind === "oversize") {
        // the answer is still this case's until its line ends: the next request must not take the blame
        const ended = await this.#reader.lineEnd(deadline - Date.now());
        return { kind: ended ? "oversize" : "endless", bytes: e.bytes, noise };
      }
      if (!e.text.trimStart().startsWith("{")) {
        noise.push(clip(e.text)); // a log line: reported, then the answer is still awaited
        continue;
      }
      let response: Response;
      try {
        response = parseResponse(e.text);
      } catch (err) {
        return { kind: "malformed", message: (err as Error).message, noise };
      }
      if (response.id === options.id) return { kind: "response", response, noise };
      if (typeof response.id === "string" && this.#sent.has(response.id)) {
        noise.push(`a late answer to an earlier request ${JSON.stringify(response.id)}`);
        continue;
      }
      return { kind: "wrong-id", got: response.id, noise };
    }
  }

  async #write(text: string, deadline: number): Promise<"ok" | "timeout" | "closed"> {
    const done = this.#writer.write(new TextEncoder().encode(text)).then(
      () => "ok" as const,
      () => "closed" as const,
    );
    return (await within(done, deadline - Date.now())) ?? "timeout";
  }

  /**
   * Ends the program: closes its stdin, gives it `graceMs` to exit, then kills its whole process group.
   *
   * @param graceMs How long it may take to exit on its own.
   */
  async stop(graceMs = 0): Promise<void> {
    this.#writer.close().catch(() => {});
    if (graceMs > 0 && this.#exit === undefined) {
      await within(this.#child.status, graceMs);
    }
    killGroup(this.#child.pid);
    await this.#child.status;
    LIVE_GROUPS.delete(this.#child.pid);
    await this.#reader.finished;
    await this.#stderr;
  }

  /** The process id (also its process group id). */
  get pid(): number {
    return this.#child.pid;
  }
}
