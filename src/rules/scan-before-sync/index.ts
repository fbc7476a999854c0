import type { PatchEvent } from "../../model/event.js";
import type { Rule } from "../types.js";
import { cap, kindOfSyncLog, KIND_NAME, median, type CatalogKind } from "../lib/sync.js";
import { showDuration } from "../../time/show.js";
import { scans } from "../lib/scans.js";

const WINDOW = 12 * 3_600_000;

interface Sync {
  kind: CatalogKind;
  start: number;
  end: number;
  first: PatchEvent;
  last: PatchEvent;
}

interface Hit {
  scan: PatchEvent;
  scanStart: number;
  sync: Sync;
}

const rule: Rule = {
  id: "scan-before-sync",
  stage: "scan",
  defaultSeverity: "warning",
  description:
    "The scan runs before the catalog sync of the same cycle has completed, so it always uses the previous cycle's catalog.",
  messages: {
    "before-sync":
      "In {count} cycles ({first} to {last}) the {catalog} scan started before that cycle's catalog sync had completed: typically {lead} before the sync completed ({order}). Each of these scans used the previous cycle's catalog, so new updates reach the console one cycle late.",
  },
  remedy:
    "Move the scan advertisement after the sync, with margin for the catalog download and the distribution-point update (for example an hour or more after the Sync program's start time), and keep both on the same recurring interval. Keep the expedited program (ScanWrapper.exe /s /cache /kick) or schedule the hardware inventory after the scan. To catch up now, run ScanWrapper.exe /s /cache /kick on the clients once the sync has completed.",
  check(ctx, report) {
    const syncs: Sync[] = [];
    for (const r of ctx.runsOf("sync")) {
      const start = ctx.runStart(r);
      const end = ctx.runEnd(r);
      if (start === undefined || end === undefined || r.start === undefined) continue;
      syncs.push({ kind: kindOfSyncLog(r.log), start, end, first: ctx.firstEvent(r), last: ctx.lastEvent(r) });
    }
    if (!syncs.length) return;
    const byKind = new Map<CatalogKind, { hits: Hit[]; paired: number }>();
    for (const s of scans(ctx)) {
      if (s.start === undefined) continue;
      const t = s.start;
      const near = syncs.filter((y) => y.kind === s.kind && Math.abs(y.end - t) <= WINDOW);
      if (!near.length) continue;
      const entry = byKind.get(s.kind) ?? { hits: [], paired: 0 };
      byKind.set(s.kind, entry);
      entry.paired++;
      // The sync of the same cycle: it completes after the scan started, within the window, and did not start long before.
      const same = near.find((y) => y.end > t && y.start >= t - WINDOW);
      if (same) entry.hits.push({ scan: s.first, scanStart: t, sync: same });
    }
    for (const [kind, { hits, paired }] of byKind) {
      // Repeatedly, and as the rule rather than the exception (a rescan after an install may precede the next sync).
      if (hits.length < 2 || hits.length * 2 < paired) continue;
      const lead = median(hits.map((h) => h.sync.end - h.scanStart)) as number;
      const startGap = median(hits.map((h) => h.sync.start - h.scanStart)) as number;
      const order =
        startGap > 0
          ? `the scan even started about ${showDuration(startGap)} before the sync started`
          : `the sync had started about ${showDuration(-startGap)} before the scan but was still running`;
      report({
        messageId: "before-sync",
        data: {
          count: hits.length,
          first: ctx.when(hits[0].scan),
          last: ctx.when(hits[hits.length - 1].scan),
          catalog: KIND_NAME[kind],
          lead: `about ${showDuration(lead)}`,
          order,
        },
        evidence: cap(hits.flatMap((h) => [h.scan, h.sync.last])),
      });
    }
  },
};
export default rule;
