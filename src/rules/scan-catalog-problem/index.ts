import type { PatchEvent } from "../../model/event.js";
import type { Rule } from "../types.js";
import {
  cap,
  codeKey,
  explainCodes,
  incidents,
  incidentWalk,
  KIND_NAME,
  parseCatalogDate,
  incidentSpan,
  syncDownloads,
  unitsByFile,
  type Step,
  type SyncDownload,
  type Unit,
} from "../lib/sync.js";
import { scans, type Scan } from "../lib/scans.js";

const MISSING = new Set(["scan.catalog.missing", "scan.catalog.invalid"]);

interface Older {
  scan: Scan;
  catalog: PatchEvent;
  sync: SyncDownload;
}

const rule: Rule = {
  id: "scan-catalog-problem",
  stage: "scan",
  defaultSeverity: "error",
  description:
    "The scan found no usable catalog, or scanned with a catalog older than the one the sync had already downloaded.",
  messages: {
    missing:
      "The scan {runs} found no usable catalog{path}: {explanation}. Without the catalog it checks nothing and records no patch state. {outcome}",
    "older-than-sync":
      "{what} used the {catalog} catalog dated {scanCatalog}, although the sync had already downloaded the catalog dated {syncCatalog} ({syncWhen}){dp}. The package the client scans from does not carry the synced catalog, so updates released since {scanCatalog} are not checked.",
  },
  remedy:
    "Check that the scan tool package on the distribution point holds the catalog (PkgSource\\1033\\mssecure.cab for the security catalog): in the SMS Administrator console, Update Distribution Points for the package once the package source holds the catalog SyncXML downloaded, and make sure SyncXML's own distribution-point update works (see sync-dp-update-failed). Schedule the scan a little after the sync and its distribution-point update have finished. Then rerun the scan on the client from %windir%\\system32\\vpcache\\<packageID>: ScanWrapper.exe /s /cache /kick (SMS 2.0: s_scan.exe /s /kick, o_scan.exe /s /kick), and check ScanWrapper.log names the new catalog date.",
  check(ctx, report) {
    const all = scans(ctx);

    // --- missing / invalid catalog, one finding per incident per log file
    for (const list of unitsByFile(
      all.map((s) => ({ file: s.source, first: s.first, events: s.events, run: s })),
      ctx.ofKind(...MISSING),
    )) {
      // Incidents are reported as the walk closes them: no list of every scan's step first.
      const walk = incidentWalk<Unit<Scan> & { lines: PatchEvent[] }>((inc) => {
        const first = inc.items[0];
        const last = inc.items[inc.items.length - 1];
        const lines = inc.items.flatMap((it) => it.lines);
        const path = lines.find((e) => typeof e.fields.path === "string")?.fields.path as string | undefined;
        report({
          messageId: "missing",
          data: {
            runs: incidentSpan(ctx, first.first, last.first, inc.items.length, "scans"),
            path: path ? ` (${path})` : "",
            explanation: explainCodes(lines) || "no error code given",
            count: inc.items.length,
            outcome: inc.recovered
              ? "A later scan found its catalog again, so this is resolved; it points at a timing or distribution problem."
              : "No scan has found its catalog since.",
          },
          evidence: cap(lines),
          covers: lines,
          ...(inc.recovered ? { severity: "warning" as const } : {}),
        });
      });
      for (const u of list) {
        const bad = u.events.filter((e) => MISSING.has(e.kind));
        if (bad.length) {
          const lines = [...bad, ...u.events.filter((e) => e.kind === "scan.failed")];
          walk.step({ fail: true, key: codeKey(bad), item: { ...u, lines } });
        } else if (u.run && (u.run.result === "success" || u.run.catalog)) walk.step({ fail: false });
      }
      walk.end();
    }

    // --- scans with a catalog older than the one the latest sync before them downloaded
    const downloads = syncDownloads(ctx).filter((d) => !d.failed && d.time !== undefined);
    const byFile = new Map<string, Step<Older>[]>();
    for (const s of all) {
      if (!s.catalog || s.start === undefined) continue;
      const date = parseCatalogDate(s.catalog.fields.catalogDate);
      if (date === undefined) continue;
      let sync: SyncDownload | undefined;
      for (const d of downloads)
        if (d.kind === s.kind && (d.time as number) < s.start && (!sync || (d.time as number) >= (sync.time as number)))
          sync = d;
      if (!sync) continue;
      const steps = byFile.get(s.source) ?? [];
      byFile.set(s.source, steps);
      if (date < sync.date) steps.push({ fail: true, key: "older", item: { scan: s, catalog: s.catalog, sync } });
      else steps.push({ fail: false });
    }
    for (const [, steps] of byFile) {
      for (const inc of incidents(steps)) {
        const first = inc.items[0];
        const last = inc.items[inc.items.length - 1];
        const n = inc.items.length;
        const dpFailed = inc.items.some((o) =>
          o.sync.run?.events.some((q) => ctx.event(q).kind === "dp.update.failed"),
        );
        const dpLines = inc.items.flatMap((o) =>
          (o.sync.run?.events ?? []).map((q) => ctx.event(q)).filter((e) => e.kind === "dp.update.failed"),
        );
        report({
          messageId: "older-than-sync",
          severity: "warning",
          data: {
            what:
              n === 1
                ? `The scan on ${ctx.when(first.scan.first)}`
                : `${n} scans between ${ctx.when(first.scan.first)} and ${ctx.when(last.scan.first)}`,
            catalog: KIND_NAME[first.scan.kind],
            scanCatalog: String(last.catalog.fields.catalogDate),
            syncCatalog: last.sync.dateText,
            syncWhen: `sync on ${ctx.when(last.sync.event)}`,
            dp: dpFailed ? "; that sync's distribution-point update failed" : "",
            count: n,
          },
          evidence: cap(inc.items.flatMap((o) => [o.catalog, o.sync.event]).concat(dpLines)),
        });
      }
    }
  },
};
export default rule;
