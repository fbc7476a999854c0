import { parentPort } from "node:worker_threads";
import { createReadStream } from "node:fs";
import { Framer } from "./framer.js";
import { countItem, type RangeCounts, type RangeJob } from "./ranges.js";
import { readPieces, type ReadInfo } from "./reader.js";
import { parseAssumedZone } from "../time/time.js";
import type { ParsedItem } from "../model/record.js";

/** Frames one range of a file and answers with NDJSON text (in pieces of about 1 MB) and the range's counts. */
parentPort?.on("message", async (job: RangeJob) => {
  try {
    const framer = new Framer({ file: job.display, inputFormat: job.inputFormat, assume: job.assumeTz ? parseAssumedZone(job.assumeTz) : undefined, firstLine: job.range.firstLine });
    const counts: RangeCounts = { lines: 0, records: {}, unparsed: {} };
    const stream = createReadStream(job.path, { start: job.range.start, end: job.range.end - 1, highWaterMark: 64 * 1024 });
    const info: ReadInfo = { bytes: 0 };
    let text = "";
    const take = (items: ParsedItem[]): void => {
      for (const it of items) {
        countItem(counts, it);
        text += JSON.stringify(it) + "\n";
      }
      if (text.length > 1 << 20) {
        parentPort!.postMessage({ id: job.id, text });
        text = "";
      }
    };
    for await (const piece of readPieces(stream, { encoding: job.encoding, maxLineBytes: job.maxLineBytes }, info)) {
      piece.byteStart += job.range.start;
      take(framer.push(piece));
    }
    take(framer.end());
    counts.lines = framer.lines;
    parentPort!.postMessage({ id: job.id, text, done: counts });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: (err as Error).stack ?? String(err) });
  }
});
