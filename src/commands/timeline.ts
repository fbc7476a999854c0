import type { Timeline } from "../timeline/timeline.js";
import { buildTimeline } from "../timeline/timeline.js";
import { makeFilter, type EventFilter } from "../timeline/filter.js";
import { Classifier, type UserPatternFile } from "../events/classify.js";
import type { InputOptions } from "../input/read.js";
import { Out } from "../output/write.js";
import { colorEnabled, styler } from "../output/terminal.js";
import { printSummary } from "../output/summary.js";
import { timelineCsvHeader, timelineCsvRow, timelineJson, timelineTable } from "../output/timeline-format.js";
import { printRecognition } from "../output/recognition.js";

export interface TimelineArgs {
  paths: string[];
  format: "table" | "ndjson" | "json" | "csv";
  output?: string;
  input: InputOptions & { stdinName?: string };
  filter: EventFilter;
  patterns?: UserPatternFile;
  quiet: boolean;
}

/** `patchflow timeline`: every log's events merged into one client timeline. */
export async function runTimeline(args: TimelineArgs): Promise<Timeline> {
  const tl = await buildTimeline(args.paths, args.input, new Classifier(args.patterns));
  const keep = makeFilter(args.filter);
  const events = tl.events.filter(keep);
  const out = await Out.open(args.output);
  switch (args.format) {
    case "table":
      await out.write(timelineTable(events, styler(colorEnabled(out.stream as NodeJS.WriteStream))) + "\n");
      break;
    case "json":
      await out.write(timelineJson(tl, events) + "\n");
      break;
    case "csv":
      await out.write(timelineCsvHeader());
      for (let i = 0; i < events.length; i += 1000) await out.write(events.slice(i, i + 1000).map(timelineCsvRow).join(""));
      break;
    case "ndjson":
      for (let i = 0; i < events.length; i += 1000) await out.write(events.slice(i, i + 1000).map((e) => JSON.stringify(e) + "\n").join(""));
      break;
  }
  await out.close();
  if (!args.quiet) {
    printSummary({ stats: tl.report.stats, missing: tl.report.discovery.missing, warnings: tl.report.discovery.warnings });
    printRecognition(tl);
  }
  return tl;
}
