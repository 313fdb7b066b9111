/**
 * A training session with a running client: one request at a time, each with a deadline, and every
 * way a client can misbehave (an error answer, a crash, a stall, garbage, an answer to another step)
 * turned into a {@linkcode TrainingFailure} of one line. The process group is killed on `close`,
 * whatever happened.
 *
 * @module
 */
import { userCwd } from "../../io/cli.ts";
import type { Argv } from "../../io/command_line.ts";
import { clip, encodeRequest, type Hello, type Request } from "../protocol.ts";
import { Implementation, StartError } from "../subprocess.ts";
import { TRAINING_VERSION } from "./messages.ts";

/** A training run that cannot go on; the message is one line for the user. */
export class TrainingFailure extends Error {
  /** The error name. */
  override name = "TrainingFailure";
  /**
   * @param message One line.
   * @param step The step it happened at, when it happened at one.
   */
  constructor(message: string, readonly step?: number) {
    super(message);
  }
}

/** Limits of a session. */
export interface SessionLimits {
  /** Milliseconds for the hello. */
  readonly helloTimeoutMs: number;
  /** Milliseconds for `train_begin` (the client loads the data then). */
  readonly beginTimeoutMs: number;
  /** Milliseconds for any other request. */
  readonly timeoutMs: number;
}

/** A client in a training session. */
export class TrainingSession {
  /** The client's hello. */
  readonly hello: Hello;
  readonly #impl: Implementation;
  readonly #limits: SessionLimits;

  private constructor(impl: Implementation, limits: SessionLimits) {
    this.#impl = impl;
    this.hello = impl.hello;
    this.#limits = limits;
  }

  /**
   * Starts a client and checks that it announces the training session.
   *
   * @param argv The program.
   * @param limits The deadlines.
   * @returns The session.
   * @throws {StartError} A program that cannot start, or whose hello lacks `"training": 1`.
   */
  static async open(argv: Argv, limits: SessionLimits): Promise<TrainingSession> {
    const impl = await Implementation.start({
      argv,
      cwd: userCwd(), // the user's folder: `--impl "python3 nn.py"` runs their nn.py
      helloTimeoutMs: limits.helloTimeoutMs,
      maxLineBytes: 1 << 20,
    });
    if (impl.hello.training !== TRAINING_VERSION) {
      await impl.stop();
      throw new StartError(
        `"${impl.hello.name}" does not speak the training session: its hello needs ` +
          `"training": ${TRAINING_VERSION} (docs/PROTOCOL.md, section "Training session")`,
      );
    }
    return new TrainingSession(impl, limits);
  }

  /**
   * Sends a request and returns the outputs of its answer.
   *
   * @param request The request.
   * @param step The step it belongs to, for messages.
   * @returns The outputs.
   * @throws {TrainingFailure} Anything but outputs in time.
   */
  async ask(request: Request, step?: number): Promise<Record<string, unknown>> {
    const what = step === undefined ? request.op : `step ${step}`;
    const timeoutMs = request.op === "train_begin"
      ? this.#limits.beginTimeoutMs
      : this.#limits.timeoutMs;
    const x = await this.#impl.ask(encodeRequest(request), {
      id: request.id,
      timeoutMs,
      maxLineBytes: 1 << 28,
    });
    const fail = (why: string) => {
      const last = this.#impl.lastStderrLine();
      const hint = last ? `; its stderr ends with: ${clip(last, 160)}` : "";
      return new TrainingFailure(`${what} (${request.op}): ${why}${hint}`, step);
    };
    switch (x.kind) {
      case "response":
        if ("error" in x.response) throw fail(`the client answered an error: ${x.response.error}`);
        return x.response.outputs;
      case "timeout":
        throw fail(`no answer within ${timeoutMs / 1000} s (the client stalled)`);
      case "exited":
        throw fail(`the client ${x.status}`);
      case "malformed":
        throw fail(x.message);
      case "oversize":
      case "endless":
        throw fail(`an answer line of over ${x.bytes} bytes`);
      case "wrong-id":
        throw fail(
          `the answer carries id ${JSON.stringify(x.got)} instead of "${request.id}" ` +
            `(a skipped or repeated step?)`,
        );
    }
  }

  /** Ends the client and its whole process group. */
  close(): Promise<void> {
    return this.#impl.stop(1000);
  }
}
