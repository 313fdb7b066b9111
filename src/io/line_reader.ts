/**
 * Reads a byte stream line by line with a cap on the length of a line, so that a program writing a
 * gigantic (or endless) line cannot make the oracle buffer it: past the cap the line is reported as
 * oversize and the rest of it is skipped up to its newline.
 *
 * @module
 */

/** What the reader yields. */
export type LineEvent =
  | { readonly kind: "line"; readonly text: string }
  | { readonly kind: "oversize"; readonly bytes: number }
  | { readonly kind: "eof" }
  | { readonly kind: "timeout" };

const NEWLINE = 10;

/** A line reader over a stream; it reads ahead in the background. */
export class LineReader {
  #events: LineEvent[] = [];
  #wake: (() => void) | undefined;
  #parts: Uint8Array[] = [];
  #length = 0;
  #skipping = false;
  #done = false;
  #decoder = new TextDecoder();
  /** Lines longer than this many bytes are reported as oversize. */
  cap: number;
  /** Resolves when the stream has ended. */
  readonly finished: Promise<void>;

  /**
   * Starts reading `stream`.
   *
   * @param stream The bytes (a child's stdout).
   * @param cap The longest line accepted, in bytes.
   * @example Splits lines and reports an oversize one
   * ```ts
   * import assert from "node:assert";
   * const r = new LineReader(ReadableStream.from([new TextEncoder().encode("ab\nxxxxxx\ncd\n")]), 4);
   * assert.deepStrictEqual(await r.next(1000), { kind: "line", text: "ab" });
   * assert.deepStrictEqual(await r.next(1000), { kind: "oversize", bytes: 6 });
   * assert.deepStrictEqual(await r.next(1000), { kind: "line", text: "cd" });
   * assert.deepStrictEqual(await r.next(1000), { kind: "eof" });
   * ```
   */
  constructor(stream: ReadableStream<Uint8Array>, cap: number) {
    this.cap = cap;
    this.finished = this.#pump(stream);
  }

  async #pump(stream: ReadableStream<Uint8Array>): Promise<void> {
    try {
      for await (const chunk of stream) this.#take(chunk);
    } catch {
      // a stream torn down by a killed process ends like EOF
    }
    if (this.#length > 0 && !this.#skipping) this.#emitLine();
    this.#done = true;
    this.#push({ kind: "eof" });
  }

  #take(chunk: Uint8Array): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, start);
      const end = nl === -1 ? chunk.length : nl;
      if (!this.#skipping) {
        this.#parts.push(chunk.subarray(start, end));
        this.#length += end - start;
        if (this.#length > this.cap) {
          this.#push({ kind: "oversize", bytes: this.#length });
          this.#parts = [];
          this.#length = 0;
          this.#skipping = true;
        }
      }
      if (nl === -1) return;
      if (this.#skipping) this.#skipping = false;
      else this.#emitLine();
      start = nl + 1;
    }
  }

  #emitLine(): void {
    const bytes = new Uint8Array(this.#length);
    let at = 0;
    for (const p of this.#parts) {
      bytes.set(p, at);
      at += p.length;
    }
    this.#parts = [];
    this.#length = 0;
    const text = this.#decoder.decode(bytes);
    this.#push({ kind: "line", text: text.endsWith("\r") ? text.slice(0, -1) : text });
  }

  #push(e: LineEvent): void {
    this.#events.push(e);
    this.#wake?.();
  }

  /**
   * The next event, waiting at most `timeoutMs`.
   *
   * @param timeoutMs How long to wait.
   * @returns A line, an oversize line, the end of the stream, or a timeout.
   */
  async next(timeoutMs: number): Promise<LineEvent> {
    if (this.#events.length === 0 && !this.#done) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        timer = setTimeout(resolve, Math.max(0, timeoutMs));
      });
      clearTimeout(timer);
      this.#wake = undefined;
    }
    const e = this.#events.shift();
    if (e) return e;
    return this.#done ? { kind: "eof" } : { kind: "timeout" };
  }

  /**
   * Waits, at most `timeoutMs`, for the end of an oversize line being skipped (its newline, or the
   * end of the stream): a program still writing one answer must not be sent the next request.
   *
   * @param timeoutMs How long to wait.
   * @returns False when the line was still being written when the time ran out.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const endless = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new TextEncoder().encode("xxxxxx")); } });
   * const r = new LineReader(endless, 4);
   * assert.deepStrictEqual(await r.next(1000), { kind: "oversize", bytes: 6 });
   * assert.strictEqual(await r.lineEnd(50), false);
   * ```
   */
  async lineEnd(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.#skipping && !this.#done && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return !this.#skipping || this.#done;
  }

  /** Drops every line read so far but not yet taken (stale answers of a previous request). */
  drain(): LineEvent[] {
    const kept = this.#events.filter((e) => e.kind === "eof");
    const dropped = this.#events.filter((e) => e.kind !== "eof");
    this.#events = kept;
    return dropped;
  }
}
