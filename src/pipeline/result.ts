import type { Diagnosis } from "../model/diagnosis.js";
import type { Timeline } from "../model/timeline.js";
import { clientUpdates } from "../rules/lib/updates.js";
import type { ClientResult } from "../model/result.js";

export function clientResult(client: string, root: string, tl: Timeline, diagnosis: Diagnosis, keepTimeline: boolean): ClientResult {
  const r: ClientResult = {
    client,
    root,
    diagnosis,
    files: tl.report.stats,
    recognition: tl.recognition,
    unparsed: tl.unparsed.length,
    missing: tl.report.discovery.missing,
    warnings: tl.report.discovery.warnings,
    updates: clientUpdates(tl),
    skipped: tl.report.discovery.skipped,
    excluded: tl.report.discovery.excluded,
  };
  if (keepTimeline) {
    r.events = tl.events;
    r.runs = tl.runs;
  }
  return r;
}
