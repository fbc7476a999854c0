import type { PatchEvent } from "../../model/event.js";
import { SUCCESS_EXIT } from "../../model/run.js";
import { timeOf } from "../context.js";
import type { Rule } from "../types.js";
import { cycleStart, inventoryCycles, isHardware, succeeded } from "../lib/cycles.js";
import { scansWithExecutions } from "../lib/scans.js";

/** PatchInstall itself asks for a rescan within minutes; give it this long before calling it missing. */
const GRACE = 30 * 60_000;

function patchName(e: PatchEvent): string {
  const kb = typeof e.fields.kb === "string" ? e.fields.kb : undefined;
  const b = typeof e.fields.bulletin === "string" ? e.fields.bulletin : undefined;
  return kb && b ? `${kb} (${b})` : (kb ?? b ?? `the update at ${e.file.split(/[\\/]/).pop()}:${e.line}`);
}

const rule: Rule = {
  id: "flow-install-not-rescanned",
  stage: "flow",
  defaultSeverity: "warning",
  description:
    "Patches were installed but no scan ran afterwards, or no hardware inventory cycle after that scan, so the console still shows them as Applicable.",
  messages: {
    "no-rescan":
      "{patches} installed successfully (last at {installTime}), but no scan has completed since (newest scan: {lastScan}). Win32_PatchState still says Applicable, so the console and the Distribute Software Updates Wizard still show the update(s) as needed.",
    "no-inventory":
      "{patches} installed successfully (last at {installTime}) and a scan ran after that (completed at {scanTime}), but no hardware inventory cycle has completed since that scan. The site still shows the update(s) as Applicable.",
  },
  remedy:
    'Run the expedited scan on the client: `ScanWrapper.exe /s /cache /kick` from %windir%\\system32\\vpcache\\<packageID> (SMS 2.0: `s_scan.exe /s /kick`); it rescans and starts a hardware inventory cycle. Or wait for both the next scheduled scan and the next hardware inventory cycle after it (install → scan → inventory). For good, make the scan advertisement recurring on a short interval with /kick. Check WBEMTEST → root\\cimv2 → Win32_PatchState → Status, then "Last Hardware Scan" in Resource Explorer.',
  check(ctx, report) {
    const installed = ctx
      .ofKind("install.patch.exit")
      .filter((e) => typeof e.fields.exitCode === "number" && SUCCESS_EXIT.has(e.fields.exitCode));
    if (!installed.length) return;
    const scans = scansWithExecutions(ctx);
    // Without a scan log or scan executions nothing can be said about the rescan (flow-no-evidence reports the gap).
    if (!ctx.hasStage("scan") && !scans.length) return;
    const lastInstall = installed.reduce((a, b) => ((timeOf(b) ?? -Infinity) >= (timeOf(a) ?? -Infinity) ? b : a));
    const installAt = timeOf(lastInstall);
    if (installAt === undefined) return;
    if (ctx.now - installAt < GRACE) return;

    const done = scans.filter((s) => s.run.result === "success" && s.doneAt !== undefined);
    const before = done.filter((s) => s.start !== undefined && s.start < installAt);
    const lastBefore = before.length ? before[before.length - 1] : undefined;
    // The updates installed since the last scan that ran before the newest install.
    const sinceAt = lastBefore?.start ?? -Infinity;
    const pending = installed.filter((e) => (timeOf(e) ?? -Infinity) > sinceAt);
    const names = [...new Set(pending.map(patchName))];
    const patches =
      names.length > 6 ? `${names.slice(0, 6).join(", ")} and ${names.length - 6} more` : names.join(", ");
    const evidence = [
      lastInstall,
      ...pending
        .filter((e) => e !== lastInstall)
        .reverse()
        .slice(0, 5),
    ];

    const rescans = done.filter((s) => s.start !== undefined && s.start >= installAt);
    if (!rescans.length) {
      const newest = done.length ? done.reduce((a, b) => (b.doneAt! >= a.doneAt! ? b : a)) : undefined;
      if (newest) evidence.push(newest.last);
      report({
        messageId: "no-rescan",
        data: {
          patches,
          installTime: ctx.whenToSecond(lastInstall),
          lastScan: newest ? ctx.whenToSecond(newest.last) : "none in these logs",
        },
        evidence,
        stage: "install",
      });
      return;
    }
    if (!ctx.hasStage("inventory")) return; // the inventory log is missing: a gap, not a finding
    const cycles = inventoryCycles(ctx).filter((c) => isHardware(c) && succeeded(c));
    const carried = rescans.some((s) => cycles.some((c) => (cycleStart(c) ?? -Infinity) >= (s.coverFrom ?? Infinity)));
    if (carried) return;
    const rescan = rescans[0];
    // A /kick rescan starts its cycle within minutes; within two hours of it the cycle may still come.
    if (rescans.some((s) => s.kick && s.coverFrom !== undefined && ctx.now - s.coverFrom < 2 * 3_600_000)) return;
    evidence.push(rescan.last);
    report({
      messageId: "no-inventory",
      data: { patches, installTime: ctx.whenToSecond(lastInstall), scanTime: ctx.whenToSecond(rescan.last) },
      evidence,
      stage: "install",
    });
  },
};
export default rule;
