import Table from "cli-table3";
import type { ParsedItem } from "../model/record.js";
import { ingest, newReport, type IngestReport } from "../ingest.js";
import type { InputOptions } from "../input/read.js";
import { Out } from "../output/write.js";
import { cell, COMPACT_TABLE } from "../output/terminal.js";
import { printSummary } from "../output/summary.js";

export interface ParseArgs {
  paths: string[];
  format: "ndjson" | "json" | "table";
  output?: string;
  input: InputOptions & { stdinName?: string };
  quiet: boolean;
}

const TABLE_LIMIT = 5000;

function tableRow(it: ParsedItem): string[] {
  const where = it.firstLine === it.lastLine ? `${it.file}:${it.firstLine}` : `${it.file}:${it.firstLine}-${it.lastLine}`;
  if (it.kind === "unparsed") return [where, "-", "unparsed", it.reason, "", cell(`${it.detail}: ${it.preview}`, 100)];
  const t = it.time.utc ?? (it.time.local ? `${it.time.local} (local)` : "");
  return [where, t, it.format, it.type === null ? "" : String(it.type), cell(it.component ?? "", 24), cell(it.message, 100)];
}

/** `patchflow parse`: records and unparsed spans, streamed as NDJSON, or collected into JSON or a table. */
export async function runParse(args: ParseArgs): Promise<IngestReport> {
  const report = newReport();
  const out = await Out.open(args.output);
  const table = args.format === "table" ? new Table({ head: ["file:line", "time (UTC)", "format", "type", "component", "message"], wordWrap: false, ...COMPACT_TABLE }) : undefined;
  let rows = 0;
  let first = true;
  if (args.format === "json") await out.write("[");
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
    await out.write(chunk);
  }
  if (args.format === "json") await out.write(first ? "]\n" : "\n]\n");
  if (table) {
    await out.write(table.toString() + "\n");
    if (rows > TABLE_LIMIT) await out.write(`(table shows the first ${TABLE_LIMIT} of ${rows} rows; use --format ndjson for all of them)\n`);
  }
  await out.close();
  if (!args.quiet) printSummary({ stats: report.stats, missing: report.discovery.missing, warnings: report.discovery.warnings });
  return report;
}
