import { Worker } from "node:worker_threads";
import type { EncodingName } from "./decode.js";
import type { FrameFormat } from "../model/frame.js";
import type { ByteRange } from "./ranges.js";
import type { RangeCounts, RangeJob } from "./range-worker.js";

export interface ParallelOptions {
  encoding: EncodingName;
  inputFormat?: FrameFormat;
  assumeTz?: string;
  maxLineBytes: number;
  workers: number;
}

/**
 * Frames the ranges of one file in worker threads and yields their NDJSON text in file order. A worker takes the
 * next range as soon as it is free; text of ranges ahead of the one being written waits in memory, which the
 * range size and the number of workers bound.
 */
export async function* ndjsonInParallel(path: string, display: string, ranges: ByteRange[], opts: ParallelOptions, counts: RangeCounts[]): AsyncGenerator<string> {
  const pending = new Map<number, { texts: string[]; done: boolean }>();
  for (let i = 0; i < ranges.length; i++) pending.set(i, { texts: [], done: false });
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let next = 0;
  let writing = 0;
  const idle: Worker[] = [];
  const workers: Worker[] = [];
  const feed = (w: Worker): void => {
    if (next >= ranges.length) return;
    if (next > writing + opts.workers) {
      idle.push(w);
      return;
    }
    const id = next++;
    const job: RangeJob = { id, path, display, range: ranges[id], encoding: opts.encoding, inputFormat: opts.inputFormat, assumeTz: opts.assumeTz, maxLineBytes: opts.maxLineBytes };
    w.postMessage(job);
  };
  for (let k = 0; k < Math.min(opts.workers, ranges.length); k++) {
    const w = new Worker(new URL("./range-worker.js", import.meta.url));
    workers.push(w);
    w.on("message", (m: { id: number; text?: string; done?: RangeCounts; error?: string }) => {
      if (m.error) failure = new Error(`reading ${display}: ${m.error}`);
      const p = pending.get(m.id)!;
      if (m.text) p.texts.push(m.text);
      if (m.done) {
        p.done = true;
        counts[m.id] = m.done;
        feed(w);
      }
      wake?.();
    });
    w.on("error", (err) => {
      failure = err;
      wake?.();
    });
    feed(w);
  }
  try {
    for (let i = 0; i < ranges.length; i++) {
      const p = pending.get(i)!;
      for (;;) {
        if (failure) throw failure;
        while (p.texts.length) yield p.texts.shift()!;
        if (p.done) break;
        await new Promise<void>((r) => (wake = r));
      }
      pending.delete(i);
      writing = i + 1;
      while (idle.length && next < ranges.length && next <= writing + opts.workers) feed(idle.shift()!);
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
