import { StoredEvent } from "../events/stored.js";
import type { Diagnosis } from "../model/diagnosis.js";
import type { Timeline } from "../model/timeline.js";
import { takeUpdates } from "../rules/lib/updates.js";
import type { ClientResult } from "../model/result.js";
import { LOCAL, type TimeConvention } from "../time/show.js";

/** A client's result; the update chains' texts are worded in the report's time convention (`--tz`). */
export function clientResult(
  client: string,
  root: string,
  tl: Timeline,
  diagnosis: Diagnosis,
  keepTimeline: boolean,
  tz: TimeConvention = LOCAL,
): ClientResult {
  const r: ClientResult = {
    client,
    root,
    diagnosis,
    files: tl.report.stats,
    recognition: tl.recognition,
    unparsed: tl.unparsed.length,
    missing: tl.report.discovery.missing,
    warnings: tl.report.discovery.warnings,
    updates: takeUpdates(tl, tz),
    skipped: tl.report.discovery.skipped,
    excluded: tl.report.discovery.excluded,
  };
  if (keepTimeline) {
    // Plain objects: a result may cross to another thread, which copies own properties only.
    r.events = tl.events.map((e) => (e instanceof StoredEvent ? e.toJSON() : e));
    r.runs = tl.runs;
  }
  return r;
}
