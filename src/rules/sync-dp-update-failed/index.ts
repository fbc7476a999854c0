import type { PatchEvent } from "../../model/event.js";
import type { Rule } from "../types.js";
import {
  cap,
  codeKey,
  explainCodes,
  incidents,
  incidentSpan,
  syncUnits,
  syncCommand,
  kindOfSyncLog,
  type Step,
} from "../lib/sync.js";

interface Failure {
  lines: PatchEvent[];
  first: PatchEvent;
  /** The catalog line of the same run: what was downloaded but not distributed. */
  catalog: PatchEvent | undefined;
  packageId: string | undefined;
}

/** A distribution-point update that was requested and not contradicted (a warning-level "completed" line is not one). */
function dpUpdated(events: PatchEvent[]): boolean {
  return events.some((e) => e.kind === "dp.update.completed" && e.severity === "info");
}

const rule: Rule = {
  id: "sync-dp-update-failed",
  stage: "sync",
  defaultSeverity: "error",
  description:
    "SyncXML downloaded the catalog but could not update the package on the distribution points, so clients never receive it.",
  messages: {
    failed:
      "SyncXML could not update the distribution points for package {package} {runs}: {explanation}. The catalog it downloaded{catalog} stays in the package source; clients keep scanning with the catalog the package last carried. {outcome}",
  },
  remedy:
    'The account SyncXML runs as ({account}) must be allowed to modify and distribute package {package} (SMS object security, through the SMS Provider on {site}); 0x80041003 is WMI access denied on the SMS Provider. Grant the rights, then run SyncXML by hand on the sync host without /s and check that the log reaches "Distribution point update requested": SyncXML.exe /site {site} /code {code} /target {target} /package {package}. Once the package source holds the new mssecure.cab, Update Distribution Points for {package} in the SMS Administrator console and let the clients rescan (ScanWrapper.exe /s /cache /kick).',
  check(ctx, report) {
    for (const list of syncUnits(ctx, ["dp.update.failed"])) {
      const steps: Step<Failure>[] = [];
      for (const u of list) {
        const failed = u.events.filter((e) => e.kind === "dp.update.failed");
        if (failed.length) {
          const packageId = failed.find((e) => typeof e.fields.packageId === "string")?.fields.packageId as
            string | undefined;
          const catalog = u.events.find((e) => e.kind === "catalog.version" && e.seq < failed[0].seq);
          steps.push({
            fail: true,
            key: codeKey(failed),
            item: { lines: failed, first: u.events[0], catalog, packageId },
          });
        } else if (dpUpdated(u.events)) steps.push({ fail: false });
      }
      for (const inc of incidents(steps)) {
        const first = inc.items[0];
        const last = inc.items[inc.items.length - 1];
        const cmd = syncCommand(ctx, kindOfSyncLog(first.first.log));
        const catalogLine = [...inc.items].reverse().find((f) => f.catalog)?.catalog;
        report({
          messageId: "failed",
          data: {
            package: first.packageId ?? cmd.package,
            runs: incidentSpan(ctx, first.first, last.first, inc.items.length, "sync runs"),
            count: inc.items.length,
            explanation: explainCodes(inc.items.flatMap((f) => f.lines)) || "no error code given",
            catalog:
              catalogLine && typeof catalogLine.fields.catalogDate === "string"
                ? ` (catalog date ${catalogLine.fields.catalogDate})`
                : "",
            outcome: inc.recovered
              ? "A later sync updated the distribution points, so this is resolved."
              : "No later sync has updated the distribution points.",
            site: cmd.site,
            code: cmd.code,
            target: cmd.target,
            account: cmd.account,
          },
          evidence: cap([...inc.items.flatMap((f) => f.lines), ...(catalogLine ? [catalogLine] : [])]),
          covers: inc.items.flatMap((f) => f.lines),
          ...(inc.recovered ? { severity: "warning" as const } : {}),
        });
      }
    }
  },
};
export default rule;
