import Table from "cli-table3";
import type { PatchEvent } from "../model/event.js";
import type { Timeline } from "../timeline/timeline.js";
import { cell, wrap, type Style, COMPACT_TABLE } from "./terminal.js";
import { LOCAL, showTime, type TimeConvention } from "../time/show.js";

export const TIMELINE_SCHEMA = { name: "patchflow.timeline", version: 1 } as const;

/** An event's time under the convention, to the second; `~` when it cannot be placed among other logs with confidence. */
export function eventTime(e: PatchEvent, tz: TimeConvention = LOCAL): string {
  const t = showTime(e.time.utc, e.time.local, tz, "second");
  return e.time.utc && e.timeUncertain ? `~${t}` : t;
}

export function severityCell(s: PatchEvent["severity"], style: Style): string {
  return s === "error" ? style("red", "error") : s === "warning" ? style("yellow", "warning") : "info";
}

/**
 * The events as a table that fits `width` columns: time, severity, and the message word-wrapped with the event's
 * `file:line` (which names the log) and kind under it.
 */
export function timelineTable(events: PatchEvent[], style: Style, view: { tz: TimeConvention; width: number } = { tz: LOCAL, width: 80 }): string {
  const times = events.map((e) => eventTime(e, view.tz));
  const timeW = Math.max(4, ...times.map((t) => t.length)) + 2;
  const sevW = 10;
  const msgW = Math.max(24, view.width - timeW - sevW - 4);
  const t = new Table({ head: ["time", "severity", "message / file:line (kind)"], colWidths: [timeW, sevW, msgW], wordWrap: false, ...COMPACT_TABLE });
  events.forEach((e, i) => {
    const text = [...wrap(cell(e.message, 2000), msgW - 2), ...wrap(style("dim", `${cell(e.file, 500)}:${e.line} (${e.kind}${e.recognizedBy === "inferred" ? ", inferred" : ""})`), msgW - 2)].join("\n");
    t.push([times[i], severityCell(e.severity, style), text]);
  });
  return t.toString();
}

const CSV_COLUMNS = ["seq", "utc", "local", "provenance", "uncertain", "log", "stage", "severity", "kind", "message", "file", "line"] as const;

/** Characters that start a formula in some spreadsheet (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * A formula character where a spreadsheet that guessed another separator (`;` TAB `|`), or that ends a row at a
 * line break inside quotes, would start a cell: after a separator candidate or a line break, and any quotes.
 */
const FORMULA_INSIDE = /([,;\t|\r\n]"*)([=+\-@])/g;
/** Characters a spreadsheet may take as the separator (its locale's or the user's choice), quotes and line breaks. */
const NEEDS_QUOTES = /[",;\t|\r\n]/;

/**
 * One CSV cell, safe whatever separator the spreadsheet uses (`,` `;` TAB `|`): a formula character that would
 * start a cell, at the start of the text or after a separator candidate or line break, gets a `'` before it (kept as
 * text), and a text holding a separator candidate, a quote or a line break, or given a `'`, is quoted.
 */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? "" : String(v);
  let quote = NEEDS_QUOTES.test(s);
  if (FORMULA_START.test(s)) {
    s = `'${s}`;
    quote = true;
  }
  if (quote) s = s.replace(FORMULA_INSIDE, "$1'$2");
  return quote ? `"${s.replace(/"/g, '""')}"` : s;
}

export function timelineCsvHeader(): string {
  return CSV_COLUMNS.join(",") + "\r\n";
}

export function timelineCsvRow(e: PatchEvent): string {
  return csvField(e.seq) + timelineCsvRest(e);
}

/** A CSV row without its first column (`seq`), which streaming adds once the event's place is known. */
export function timelineCsvRest(e: Pick<PatchEvent, "time" | "timeUncertain" | "log" | "stage" | "severity" | "kind" | "message" | "file" | "line">): string {
  return "," + [e.time.utc, e.time.local, e.time.provenance, e.timeUncertain, e.log, e.stage, e.severity, e.kind, e.message, e.file, e.line].map(csvField).join(",") + "\r\n";
}

/** The JSON document of `timeline --format json`. */
export function timelineJson(tl: Timeline, events: PatchEvent[]): string {
  return JSON.stringify(
    {
      schema: TIMELINE_SCHEMA.name,
      version: TIMELINE_SCHEMA.version,
      files: tl.report.stats,
      recognition: tl.recognition,
      unparsed: tl.unparsed,
      runs: tl.runs,
      events,
    },
    null,
    1,
  );
}
