import { frameRange, newRangeRead } from "./read.js";
import type { FramedRange, RangeJob } from "./ranges.js";
import { parseAssumedZone } from "../time/time.js";
import { serveJobs } from "../workers/pool.js";

/** Frames one range of a file and answers with NDJSON text (in pieces of about 1 MB) and the range's counts. */
serveJobs<RangeJob, FramedRange, string>(async (job, send) => {
  const read = newRangeRead();
  let text = "";
  for await (const items of frameRange(
    { ...job, assume: job.assumeTz ? parseAssumedZone(job.assumeTz) : undefined },
    read,
  )) {
    for (const it of items) text += JSON.stringify(it) + "\n";
    if (text.length > 1 << 20) {
      send(text);
      text = "";
    }
  }
  // A range that cannot be read stops the command: the file could be read when its ranges were planned.
  if (read.error !== undefined) throw read.error;
  return { text, counts: read.counts };
});
