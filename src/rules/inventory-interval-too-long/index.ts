import type { PatchEvent } from "../../model/event.js";
import { timeOf, typicalIntervalDays } from "../context.js";
import type { Rule } from "../types.js";
import { cycleStart, firstOf, inventoryCycles, isHardware } from "../lib/cycles.js";
import { showDays } from "../../time/show.js";
import { distinctStarts, scansWithExecutions, type Scan } from "../lib/scans.js";

const DAY = 86_400_000;

const rule: Rule = {
  id: "inventory-interval-too-long",
  stage: "inventory",
  defaultSeverity: "warning",
  description:
    "Hardware inventory runs much less often than the scan (more than twice the scan interval) and the scan does not use /kick, so most scan results wait days to reach the site.",
  messages: {
    interval:
      "Hardware inventory runs about every {inventoryInterval}, but the scan ({source}) runs about every {scanInterval} without /kick. Most scan results wait up to {inventoryInterval} before an inventory cycle carries them to the site, so the console shows patches as Applicable (or not) days late.",
  },
  remedy:
    "Either shorten the hardware inventory schedule (site settings → Client Agents → Hardware Inventory Client Agent) to the scan interval, scheduled a little after the scan, or advertise the expedited scan program `ScanWrapper.exe /s /cache /kick` (SMS 2.0: `s_scan.exe /s /kick`, `o_scan.exe /s /kick`), which starts a hardware inventory cycle right after each scan.",
  check(ctx, report) {
    const cycles = inventoryCycles(ctx).filter((c) => isHardware(c) && c.start);
    const invStarts = distinctStarts(cycles.map((c) => cycleStart(c) ?? NaN));
    const invInterval = typicalIntervalDays(invStarts);
    if (invInterval === undefined) return;

    const scans = scansWithExecutions(ctx);
    const bySource = new Map<string, Scan[]>();
    for (const s of scans) {
      const list = bySource.get(s.source) ?? [];
      list.push(s);
      bySource.set(s.source, list);
    }
    let best: { source: string; interval: number; scans: Scan[] } | undefined;
    for (const [source, list] of bySource) {
      const interval = typicalIntervalDays(distinctStarts(list.map((s) => s.start ?? NaN)));
      if (interval !== undefined && interval > 0 && (!best || interval < best.interval))
        best = { source, interval, scans: list };
    }
    if (!best || !(invInterval > 2 * best.interval)) return;

    // Any scan that used /kick within the last inventory interval means the cycles are not the only path.
    const lastScanAt = scans.reduce((m, s) => Math.max(m, s.start ?? -Infinity), -Infinity);
    if (scans.some((s) => s.kick && (s.start ?? -Infinity) >= lastScanAt - invInterval * DAY)) return;

    const evidence: PatchEvent[] = [];
    for (const c of cycles.slice(-3).reverse()) evidence.push(firstOf(c));
    for (const s of best.scans.slice(-3).reverse()) evidence.push(s.first);
    evidence.sort((a, b) => (timeOf(b) ?? 0) - (timeOf(a) ?? 0));
    const source = best.source.split(/[\\/]/).pop() ?? best.source;
    report({
      messageId: "interval",
      data: { inventoryInterval: showDays(invInterval), scanInterval: showDays(best.interval), source },
      evidence: [
        ...evidence.filter((e) => e.stage === "inventory"),
        ...evidence.filter((e) => e.stage !== "inventory"),
      ],
    });
  },
};
export default rule;
