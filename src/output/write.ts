import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { once } from "node:events";
import { describeSystemError, OutputError } from "../model/errors.js";

/**
 * Where a command's main output goes: stdout, or the file named by `--output`. Writes honour backpressure. A write
 * that fails (a full disk, an I/O error) is an `OutputError` (exit 2), raised by the next `write` or by `close`; a
 * reader that goes away (`| head`, EPIPE) is not an error: the output just stops.
 */
export class Out {
  private closedEarly = false;
  private failure: Error | undefined;
  /** Writes not yet acknowledged by the stream, and who waits for them all. */
  private pending = 0;
  private settled: (() => void) | undefined;
  private static readonly watched = new WeakMap<Writable, Out>();

  private constructor(
    readonly stream: Writable,
    readonly isTTY: boolean,
    private readonly owned: boolean,
    private readonly name: string,
  ) {
    // One listener per stream (stdout outlives many Outs when commands run in one process), told which Out is current.
    if (!Out.watched.has(stream))
      stream.on("error", (err: NodeJS.ErrnoException) => Out.watched.get(stream)!.fail(err));
    Out.watched.set(stream, this);
  }

  static async open(file: string | undefined): Promise<Out> {
    if (!file || file === "-") return new Out(process.stdout, Boolean(process.stdout.isTTY), false, "standard output");
    const stream = createWriteStream(file);
    try {
      await once(stream, "open");
    } catch (err) {
      throw new OutputError(`cannot write --output ${file}: ${describeSystemError(err)}`);
    }
    return new Out(stream, false, true, `--output ${file}`);
  }

  get closed(): boolean {
    return this.closedEarly;
  }

  private fail(err: NodeJS.ErrnoException): void {
    // A reader that went away (`| head`) is not an error of ours; what follows from it (writes refused) neither.
    if (this.closedEarly) return;
    if (err.code === "EPIPE") this.closedEarly = true;
    else this.failure ??= err;
  }

  private check(): void {
    if (this.failure) throw new OutputError(`cannot write ${this.name}: ${describeSystemError(this.failure)}`);
  }

  private readonly written = (err?: Error | null): void => {
    if (err) this.fail(err as NodeJS.ErrnoException);
    if (--this.pending === 0 && this.settled) {
      const s = this.settled;
      this.settled = undefined;
      s();
    }
  };

  async write(s: string | Uint8Array): Promise<void> {
    this.check();
    if (this.closedEarly || !s.length) return;
    this.pending++;
    if (this.stream.write(s, this.written)) return;
    // Wait for room, for the reader to go away or for an error; the listeners that lose the race are removed.
    const ac = new AbortController();
    const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
    try {
      await Promise.race([
        quiet(once(this.stream, "drain", { signal: ac.signal })),
        quiet(once(this.stream, "close", { signal: ac.signal })),
      ]);
    } finally {
      ac.abort();
    }
    this.check();
  }

  /** Ends a file, or waits until stdout took every write; a write that failed is an `OutputError` here. */
  async close(): Promise<void> {
    if (this.pending > 0 && !this.stream.destroyed) await new Promise<void>((resolve) => (this.settled = resolve));
    if (this.owned && !this.stream.destroyed) {
      this.stream.end();
      await Promise.race([once(this.stream, "finish"), once(this.stream, "close")]).catch(() => undefined);
    }
    this.check();
  }
}
