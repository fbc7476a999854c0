import { timelineCsvRest } from "./csv.js";
import type { EventDraft } from "../events/classify.js";

/** How a streamed event is written: a prefix that carries its place (`seq`), then the rest, serialized early. */
export interface EventLineFormat {
  /** The event's line without what depends on its place; `seq` is -1 when it is called. */
  rest(e: EventDraft): string;
  /** What goes before the rest once the event's place is known (ASCII). */
  prefix(seq: number): string;
}

/** JSON string literals of the few distinct names events carry (logs, stages, kinds, files, pattern ids). */
const quoted = new Map<string, string>();
function q(s: string): string {
  let j = quoted.get(s);
  if (j === undefined) {
    j = JSON.stringify(s);
    if (quoted.size < 100_000) quoted.set(s, j);
  }
  return j;
}

/**
 * `JSON.stringify(event)` from `"time"` on, written out field by field in the order `classify` creates them (what
 * `JSON.stringify` would enumerate), which saves it walking the event object. Tests pin it to `JSON.stringify`.
 */
export function eventJsonRest(e: EventDraft): string {
  return (
    `"time":${JSON.stringify(e.time)},"timeUncertain":${e.timeUncertain},"log":${q(e.log)},"stage":${q(e.stage)},"kind":${q(e.kind)},"severity":${q(e.severity)}` +
    `,"message":${JSON.stringify(e.message)},"component":${e.component === null ? "null" : q(e.component)},"fields":${JSON.stringify(e.fields)}` +
    `,"file":${q(e.file)},"line":${e.line},"lastLine":${e.lastLine}${e.pattern === undefined ? "" : `,"pattern":${q(e.pattern)}`}` +
    `${e.recognizedBy === undefined ? "" : `,"recognizedBy":${q(e.recognizedBy)}`}${e.signal === undefined ? "" : `,"signal":${JSON.stringify(e.signal)}`}}\n`
  );
}

export const LINE_FORMATS = {
  /** `{"v":1,"seq":N,` + the rest of `JSON.stringify(event)`: the same bytes as serializing the placed event. */
  ndjson: {
    rest: eventJsonRest,
    prefix: (seq) => `{"v":1,"seq":${seq},`,
  },
  /** The CSV row of `timeline --format csv`, its first column (`seq`) added last. */
  csv: { rest: timelineCsvRest, prefix: (seq) => String(seq) },
} satisfies Record<string, EventLineFormat>;

export type LineFormatName = keyof typeof LINE_FORMATS;
