import type { Rule } from "../types.js";
import { cap, KIND_NAME, syncCommand, syncDownloads, type CatalogKind, type SyncDownload } from "../lib/sync.js";

const DAY = 86_400_000;
/** Fresh downloads in a row that brought back the same catalog before it counts as a pattern. */
const MIN_UNCHANGED = 3;

const rule: Rule = {
  id: "sync-catalog-stale",
  stage: "sync",
  defaultSeverity: "warning",
  description:
    "The newest catalog the sync has is older than the allowed catalog age, or fresh downloads keep returning the same old catalog.",
  messages: {
    "old-catalog":
      "The newest {catalog} catalog the sync has is dated {catalogDate} ({days} days old; the limit is {max} days), last stated by the sync on {seen}. Scans using it cannot report updates Microsoft released after that date.",
    unchanged:
      "SyncXML downloaded the {catalog} catalog {count} times in a row ({first} to {last}) and each time it was unchanged, still dated {catalogDate}, {days} days old at the last download (the limit is {max} days). The download works but brings back an outdated catalog.",
  },
  remedy:
    "Check the catalog date against the current month's security bulletins. If the download keeps returning an old mssecure.cab, a caching proxy or a local copy may serve an outdated file: clear the proxy cache for go.microsoft.com/download.microsoft.com, or download mssecure.cab by hand and compare its date. Run SyncXML by hand on the sync host without /s to watch it: SyncXML.exe /site {site} /code {code} /target {target} /package {package}; then let the scan run again (ScanWrapper.exe /s /cache /kick).",
  check(ctx, report) {
    const byKind = new Map<CatalogKind, SyncDownload[]>();
    for (const d of syncDownloads(ctx)) {
      const list = byKind.get(d.kind);
      if (list) list.push(d);
      else byKind.set(d.kind, [d]);
    }
    const max = ctx.options.maxCatalogAgeDays;
    for (const [kind, list] of byKind) {
      const cmd = syncCommand(ctx, kind);
      const base = {
        catalog: KIND_NAME[kind],
        max,
        site: cmd.site,
        code: cmd.code,
        target: cmd.target,
        package: cmd.package,
      };

      // The current streak: the newest downloads that worked and brought back the same catalog date.
      const ok = list.filter((d) => !d.failed);
      const newest = ok[ok.length - 1];
      if (newest) {
        const streak = [];
        for (let i = ok.length - 1; i >= 0 && ok[i].date === newest.date; i--) streak.unshift(ok[i]);
        const unchanged = streak.filter((d) => d.unchanged);
        const lastTime = newest.time;
        if (unchanged.length >= MIN_UNCHANGED && lastTime !== undefined && (lastTime - newest.date) / DAY > max) {
          const firstU = unchanged[0].unchanged;
          const lastU = unchanged[unchanged.length - 1].unchanged;
          report({
            messageId: "unchanged",
            data: {
              ...base,
              count: unchanged.length,
              first: ctx.when(firstU),
              last: ctx.when(lastU),
              catalogDate: newest.dateText,
              days: Math.floor((lastTime - newest.date) / DAY),
            },
            evidence: cap([...unchanged.map((d) => d.unchanged ?? d.event).reverse()]),
          });
          continue;
        }
      }

      // The newest catalog date seen at all (a failed run may still have stated one).
      let best: SyncDownload | undefined;
      for (const d of list)
        if (!best || d.date > best.date || (d.date === best.date && d.event.seq > best.event.seq)) best = d;
      if (!best) continue;
      const days = Math.floor((ctx.now - best.date) / DAY);
      if (days <= max) continue;
      report({
        messageId: "old-catalog",
        data: { ...base, catalogDate: best.dateText, days, seen: ctx.day(best.event) },
        evidence: cap([
          best.event,
          ...list
            .filter((d) => d.date === best.date && d !== best)
            .map((d) => d.event)
            .reverse(),
        ]).slice(0, 3),
      });
    }
  },
};
export default rule;
