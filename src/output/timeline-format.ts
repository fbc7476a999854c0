import Table from "cli-table3";
import type { PatchEvent } from "../model/event.js";
import type { Timeline } from "../model/timeline.js";
import { cell, wrap, type Style, COMPACT_TABLE } from "../text/terminal.js";
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
export function timelineTable(
  events: PatchEvent[],
  style: Style,
  view: { tz: TimeConvention; width: number } = { tz: LOCAL, width: 80 },
): string {
  const times = events.map((e) => eventTime(e, view.tz));
  const timeW = Math.max(4, ...times.map((t) => t.length)) + 2;
  const sevW = 10;
  const msgW = Math.max(24, view.width - timeW - sevW - 4);
  const t = new Table({
    head: ["time", "severity", "message / file:line (kind)"],
    colWidths: [timeW, sevW, msgW],
    wordWrap: false,
    ...COMPACT_TABLE,
  });
  events.forEach((e, i) => {
    const text = [
      ...wrap(cell(e.message, 2000), msgW - 2),
      ...wrap(
        style("dim", `${cell(e.file, 500)}:${e.line} (${e.kind}${e.recognizedBy === "inferred" ? ", inferred" : ""})`),
        msgW - 2,
      ),
    ].join("\n");
    t.push([times[i], severityCell(e.severity, style), text]);
  });
  return t.toString();
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
