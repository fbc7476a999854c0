import type { PatchEvent } from "../../model/event.js";
import { timeOf } from "../context.js";
import type { Rule } from "../types.js";
import { cycleStart, inventoryCycles, isHardware, succeeded } from "../lib/cycles.js";
import { showElapsed } from "../../time/show.js";
import { scansWithExecutions, type Scan } from "../lib/scans.js";

const HOUR = 3_600_000;
/** A scan run with /kick starts a hardware inventory cycle within minutes; two hours is generous. */
const KICK_WINDOW = 2 * HOUR;

const rule: Rule = {
  id: "inventory-not-after-scan",
  stage: "inventory",
  defaultSeverity: "warning",
  description:
    "The newest scan results were never picked up by a hardware inventory cycle (or a /kick scan was not followed by one), so the site still shows an older scan.",
  messages: {
    "no-inventory-after-scan":
      "The newest scan completed at {scanTime}, but the newest completed hardware inventory cycle is {inventoryTime}. {scans} scan run(s) since then have not reached the site, so the console and the Distribute Software Updates Wizard still show the results of an earlier scan.",
    "kick-without-inventory":
      "{count} scan run(s) with /kick asked for a hardware inventory cycle (last at {lastKick}, first at {firstKick}), but no inventory cycle started within 2 hours after them. The results of those scans did not reach the site.",
  },
  remedy:
    'Run a hardware inventory cycle now: Control Panel → Systems Management → Actions → Hardware Inventory Cycle (Legacy Client/SMS 2.0: Hardware Inventory Agent → Start Component), or rerun the expedited scan `ScanWrapper.exe /s /cache /kick` from %windir%\\system32\\vpcache\\<packageID> (SMS 2.0: `s_scan.exe /s /kick`). For good, advertise the expedited scan program (/kick) or shorten the hardware inventory schedule to the scan interval, scan first. If a /kick brings no cycle, read InventoryAgent.log/Hinv32.log at that time and check that the inventory agent is enabled. Then check "Last Hardware Scan" in Resource Explorer → Hardware → Workstation Status.',
  check(ctx, report) {
    if (!ctx.hasStage("inventory")) return; // flow-no-evidence says the inventory log is missing
    const cycles = inventoryCycles(ctx).filter(isHardware);
    let firstInventoryAt = Infinity;
    for (const e of ctx.events) {
      const t = e.stage === "inventory" ? timeOf(e) : undefined;
      if (t !== undefined && t < firstInventoryAt) firstInventoryAt = t;
    }
    const scans = scansWithExecutions(ctx);

    // /kick not followed by a cycle (only where the inventory log covers that time, and two hours have passed).
    const unkicked: Scan[] = [];
    for (const s of scans) {
      if (!s.kick || s.coverFrom === undefined) continue;
      if (!(s.coverFrom >= firstInventoryAt - KICK_WINDOW)) continue;
      if (ctx.now - s.coverFrom < KICK_WINDOW) continue;
      const from = s.coverFrom;
      const followed = cycles.some((c) => {
        const t = cycleStart(c);
        return t !== undefined && t >= from && t <= from + KICK_WINDOW;
      });
      if (!followed) unkicked.push(s);
    }
    if (unkicked.length) {
      const latestFirst = [...unkicked].reverse();
      const evidence: PatchEvent[] = [];
      for (const s of latestFirst) {
        for (const e of [s.kickEvent, s.last]) if (e && !evidence.includes(e)) evidence.push(e);
        if (evidence.length >= 10) break;
      }
      report({
        messageId: "kick-without-inventory",
        data: {
          count: unkicked.length,
          lastKick: ctx.whenToSecond(latestFirst[0].kickEvent ?? latestFirst[0].last),
          firstKick: ctx.whenToSecond(unkicked[0].kickEvent ?? unkicked[0].last),
        },
        evidence: evidence.slice(0, 10),
      });
    }

    // The newest completed scan against the newest completed cycle.
    const done = scans.filter((s) => s.run.result === "success" && s.doneAt !== undefined && s.coverFrom !== undefined);
    if (!done.length) return;
    const latest = done.reduce((a, b) => (b.doneAt! >= a.doneAt! ? b : a));
    const carried = (s: Scan) =>
      cycles.some((c) => {
        const t = cycleStart(c);
        return succeeded(c) && t !== undefined && t >= s.coverFrom!;
      });
    if (carried(latest)) return;
    // A /kick scan with no cycle after it is reported above; within two hours of the kick the cycle may still come.
    if (latest.kick && (unkicked.includes(latest) || ctx.now - latest.coverFrom! < KICK_WINDOW)) return;
    const okCycles = cycles.filter(succeeded);
    const lastCycle = okCycles.length
      ? okCycles.reduce((a, b) => ((cycleStart(b) ?? -Infinity) >= (cycleStart(a) ?? -Infinity) ? b : a))
      : undefined;
    const lastCycleAt = lastCycle ? cycleStart(lastCycle) : undefined;
    const pending = done.filter((s) => lastCycleAt === undefined || s.coverFrom! > lastCycleAt);
    const evidence: PatchEvent[] = [latest.last];
    if (lastCycle?.completed) evidence.push(lastCycle.completed);
    else {
      const lastInv = [...ctx.events].reverse().find((e) => e.stage === "inventory");
      if (lastInv) evidence.push(lastInv);
    }
    const gap =
      lastCycle?.completed && timeOf(lastCycle.completed) !== undefined
        ? latest.doneAt! - timeOf(lastCycle.completed)!
        : undefined;
    report({
      messageId: "no-inventory-after-scan",
      data: {
        scanTime: ctx.whenToSecond(latest.last),
        inventoryTime: lastCycle?.completed
          ? `from ${ctx.whenToSecond(lastCycle.completed)}${gap !== undefined && gap > 0 ? `, ${showElapsed(gap)} older` : ""}`
          : "none: the inventory log has no completed hardware inventory cycle",
        scans: pending.length,
      },
      evidence,
    });
  },
};
export default rule;
