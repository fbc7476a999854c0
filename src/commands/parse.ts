import Table from "cli-table3";
import type { ParsedItem } from "../model/record.js";
import { ingest, logGroups, newReport } from "../pipeline/ingest.js";
import type { IngestReport } from "../model/timeline.js";
import { emptyStats, encodingLabel, readGroup } from "../input/read.js";
import type { InputOptions } from "../model/input.js";
import { addRangeCounts, ndjsonInParallel, rangePlan } from "../input/parallel.js";
import type { RangeCounts } from "../input/ranges.js";
import { Out } from "../output/write.js";
import { cell, COMPACT_TABLE } from "../text/terminal.js";
import { printReadSummary } from "../output/summary.js";

export interface ParseArgs {
  paths: string[];
  format: "ndjson" | "json" | "table";
  output?: string;
  input: InputOptions & { stdinName?: string };
  /** Given as text so that worker threads can rebuild it. */
  assumeTz?: string;
  quiet: boolean;
  /** Per-file reading statistics on standard error (default: one summary line). */
  verbose?: boolean;
  /** Worker threads for large files (1: none). */
  workers?: number;
  /** Files at least this large are framed in ranges (tests lower it). */
  parallelMinBytes?: number;
  rangeBytes?: number;
}

/** NDJSON of every input, large files framed in parallel; the report is filled as with ingest. */
async function* ndjson(args: ParseArgs, report: IngestReport): AsyncGenerator<string> {
  // Threads only when asked for: on the 2-core machines measured so far, two range workers were slower than one
  // thread (README, Performance).
  const workers = args.workers ?? 1;
  for await (const group of logGroups(args.paths, args.input, report)) {
    const plan = await rangePlan(group, args.input.encoding, workers, args.parallelMinBytes, args.rangeBytes);
    if (!plan) {
      for await (const { items } of readGroup(group, args.input, report.stats)) {
        let chunk = "";
        for (const it of items) chunk += JSON.stringify(it) + "\n";
        yield chunk;
      }
      continue;
    }
    const stats = emptyStats(plan.file);
    report.stats.push(stats);
    const counts: RangeCounts[] = [];
    const { inputFormat, maxLineBytes, maxRecordChars } = args.input;
    yield* ndjsonInParallel(
      plan.file.path,
      plan.file.display,
      plan.ranges,
      { encoding: plan.sniffed.encoding, inputFormat, assumeTz: args.assumeTz, maxLineBytes, maxRecordChars, workers },
      counts,
    );
    stats.bytes = plan.size;
    stats.encoding = encodingLabel(plan.sniffed);
    for (const c of counts) addRangeCounts(stats, c);
  }
}

const TABLE_LIMIT = 5000;

function tableRow(it: ParsedItem): string[] {
  const where = cell(
    it.firstLine === it.lastLine ? `${it.file}:${it.firstLine}` : `${it.file}:${it.firstLine}-${it.lastLine}`,
    200,
  );
  if (it.kind === "unparsed") return [where, "-", "unparsed", it.reason, "", cell(`${it.detail}: ${it.preview}`, 100)];
  const t = it.time.utc ?? (it.time.local ? `${it.time.local} (local)` : "");
  return [
    where,
    t,
    it.format,
    it.type === null ? "" : String(it.type),
    cell(it.component ?? "", 24),
    cell(it.message, 100),
  ];
}

/** `patchflow parse`: records and unparsed spans, streamed as NDJSON, or collected into JSON or a table. */
export async function runParse(args: ParseArgs): Promise<IngestReport> {
  const report = newReport();
  const out = await Out.open(args.output);
  const table =
    args.format === "table"
      ? new Table({
          head: ["file:line", "time (UTC)", "format", "type", "component", "message"],
          wordWrap: false,
          ...COMPACT_TABLE,
        })
      : undefined;
  let rows = 0;
  let first = true;
  if (args.format === "ndjson") {
    for await (const chunk of ndjson(args, report)) {
      if (out.closed) break;
      await out.write(chunk);
    }
    await out.close();
    if (!args.quiet) printReadSummary(report, Boolean(args.verbose));
    return report;
  }
  // The JSON array opens with the first items, so that an input error leaves the output empty.
  let open = args.format === "json" ? "[" : "";
  for await (const { items } of ingest(args.paths, args.input, report)) {
    if (out.closed) break;
    if (table) {
      for (const it of items) if (rows++ < TABLE_LIMIT) table.push(tableRow(it));
      continue;
    }
    let chunk = "";
    for (const it of items) {
      if (args.format === "json") {
        chunk += (first ? "\n" : ",\n") + JSON.stringify(it);
        first = false;
      } else chunk += JSON.stringify(it) + "\n";
    }
    await out.write(open + chunk);
    open = "";
  }
  if (args.format === "json") await out.write(open + (first ? "]\n" : "\n]\n"));
  if (table) {
    await out.write(table.toString() + "\n");
    if (rows > TABLE_LIMIT)
      await out.write(`(table shows the first ${TABLE_LIMIT} of ${rows} rows; use --format ndjson for all of them)\n`);
  }
  await out.close();
  if (!args.quiet) printReadSummary(report, Boolean(args.verbose));
  return report;
}
