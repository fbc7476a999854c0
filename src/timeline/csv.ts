import type { PatchEvent } from "../model/event.js";
import { csvField } from "../text/csv.js";

/** The columns of `timeline --format csv`. */
const CSV_COLUMNS = [
  "seq",
  "utc",
  "local",
  "provenance",
  "uncertain",
  "log",
  "stage",
  "severity",
  "kind",
  "message",
  "file",
  "line",
] as const;

export function timelineCsvHeader(): string {
  return CSV_COLUMNS.join(",") + "\r\n";
}

export function timelineCsvRow(e: PatchEvent): string {
  return csvField(e.seq) + timelineCsvRest(e);
}

/** A CSV row without its first column (`seq`), which streaming adds once the event's place is known. */
export function timelineCsvRest(
  e: Pick<PatchEvent, "time" | "timeUncertain" | "log" | "stage" | "severity" | "kind" | "message" | "file" | "line">,
): string {
  return (
    "," +
    [
      e.time.utc,
      e.time.local,
      e.time.provenance,
      e.timeUncertain,
      e.log,
      e.stage,
      e.severity,
      e.kind,
      e.message,
      e.file,
      e.line,
    ]
      .map(csvField)
      .join(",") +
    "\r\n"
  );
}
