import { availableParallelism } from "node:os";
import type { Timeline } from "../model/timeline.js";
import { buildTimeline } from "../pipeline/timeline.js";
import { makeFilter, type EventFilter } from "../timeline/filter.js";
import { Classifier, type UserPatternFile } from "../events/classify.js";
import type { InputOptions } from "../model/input.js";
import { Out } from "../output/write.js";
import { colorEnabled, styler, terminalWidth } from "../text/terminal.js";
import { parseTimeConvention } from "../time/show.js";
import { printReadSummary } from "../output/summary.js";
import { formatNamed, TIMELINE_OUTPUTS, type TimelineFormat } from "../output/formats.js";
import { streamTimeline } from "../pipeline/stream.js";
import { printRecognition } from "../output/recognition.js";

export interface TimelineArgs {
  paths: string[];
  format: TimelineFormat;
  output?: string;
  input: InputOptions & { stdinName?: string };
  filter: EventFilter;
  patterns?: UserPatternFile;
  /** `--assume-tz` as given (worker threads parse it again). */
  assumeTz?: string;
  /** Worker threads for large files (1: none; default: the number of cores). */
  workers?: number;
  /** Files at least this large are read in ranges (tests lower it). */
  parallelMinBytes?: number;
  rangeBytes?: number;
  quiet: boolean;
  /** Per-file reading statistics on standard error (default: one summary line). */
  verbose?: boolean;
  /** Time convention of the table: `local` (default), `utc` or a zone. */
  tz?: string;
}

/**
 * `patchflow timeline`: every log's events merged into one client timeline. NDJSON and CSV stream (events are
 * serialized as they are read, memory stays bounded); the table and the JSON document hold every event.
 */
export async function runTimeline(args: TimelineArgs): Promise<Pick<Timeline, "report" | "recognition">> {
  const format = formatNamed<(typeof TIMELINE_OUTPUTS)[number]>(TIMELINE_OUTPUTS, args.format);
  const out = await Out.open(args.output);
  if (format.streamed) {
    // The CSV header goes out with the first rows, so that an input error leaves the output empty.
    let header = format.header();
    const opts = {
      filter: args.filter,
      lines: format.lines,
      patterns: args.patterns,
      assumeTz: args.assumeTz,
      workers: args.workers ?? availableParallelism(),
      parallelMinBytes: args.parallelMinBytes,
      rangeBytes: args.rangeBytes,
    };
    const tl = await streamTimeline(args.paths, args.input, new Classifier(args.patterns), opts, async (chunk) => {
      if (header) await out.write(header);
      header = "";
      await out.write(chunk);
      return !out.closed;
    });
    if (header) await out.write(header);
    await out.close();
    if (!args.quiet) {
      printReadSummary(tl.report, Boolean(args.verbose));
      if (args.verbose) printRecognition(tl);
    }
    return tl;
  }
  const tl = await buildTimeline(args.paths, args.input, new Classifier(args.patterns));
  const events = tl.events.filter(makeFilter(args.filter));
  const style = styler(colorEnabled(out.stream as NodeJS.WriteStream));
  await out.write(
    await format.render(tl, events, {
      tz: parseTimeConvention(args.tz),
      width: args.output ? 120 : terminalWidth(process.stdout),
      style,
      warn: (w) => process.stderr.write(`${w}\n`),
    }),
  );
  await out.close();
  if (!args.quiet) {
    printReadSummary(tl.report, Boolean(args.verbose));
    if (args.verbose) printRecognition(tl);
  }
  return tl;
}
