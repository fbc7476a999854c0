import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { once } from "node:events";
import { InputError } from "../errors.js";

/** Where a command's main output goes: stdout, or the file named by `--output`. Writes honour backpressure. */
export class Out {
  private closedEarly = false;
  private static readonly watched = new WeakMap<Writable, Out>();

  private constructor(readonly stream: Writable, readonly isTTY: boolean, private readonly owned: boolean) {
    // One listener per stream (stdout outlives many Outs when commands run in one process), told which Out is current.
    if (!Out.watched.has(stream)) {
      stream.on("error", (err: NodeJS.ErrnoException) => {
        // A reader that went away (`| head`) is not an error of ours.
        if (err.code === "EPIPE") Out.watched.get(stream)!.closedEarly = true;
        else throw err;
      });
    }
    Out.watched.set(stream, this);
  }

  static async open(file: string | undefined): Promise<Out> {
    if (!file || file === "-") return new Out(process.stdout, Boolean(process.stdout.isTTY), false);
    const stream = createWriteStream(file);
    try {
      await once(stream, "open");
    } catch (err) {
      throw new InputError(`cannot write --output ${file}: ${(err as Error).message}`);
    }
    return new Out(stream, false, true);
  }

  get closed(): boolean {
    return this.closedEarly;
  }

  async write(s: string | Uint8Array): Promise<void> {
    if (this.closedEarly || !s.length) return;
    if (this.stream.write(s)) return;
    // Wait for room or for the reader to go away; the listener that loses the race is removed.
    const ac = new AbortController();
    const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
    try {
      await Promise.race([quiet(once(this.stream, "drain", { signal: ac.signal })), quiet(once(this.stream, "close", { signal: ac.signal }))]);
    } finally {
      ac.abort();
    }
  }

  async close(): Promise<void> {
    if (this.owned) {
      this.stream.end();
      await once(this.stream, "finish");
    }
  }
}
