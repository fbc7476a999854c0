import type { PatchEvent } from "../../model/event.js";
import type { Rule } from "../types.js";
import { timeOf, type RuleContext } from "../context.js";
import { cap, codeKey, explainCodes, incidents, incidentSpan, type Step } from "../lib/sync.js";
import { scans, type Scan } from "../lib/scans.js";
import { timesOf } from "../lib/times.js";

const HOUR = 3_600_000;

/** Failures another scan rule explains more precisely (scan-catalog-problem, scan-results-not-written). */
const SPECIFIC = new Set(["scan.catalog.missing", "scan.catalog.invalid", "scan.wmi.failed"]);

interface Item {
  scan: Scan;
  lines: PatchEvent[];
}

/** The execution log shows the scan program ending close to this scan: the scan did end, its log only does not say. */
function executionEnded(ctx: RuleContext, s: Scan): boolean {
  if (s.start === undefined) return false;
  const start = s.start;
  return ctx.executionsFor("scan").some((r) => {
    if (r.end === undefined) return false;
    const a = ctx.runStart(r);
    const b = ctx.runEnd(r);
    return a !== undefined && b !== undefined && Math.abs(a - start) <= 5 * 60_000 && b >= start;
  });
}

/** A scan without an end counts as "did not end" once another scan started after it or the logs go on for an hour. */
function didNotEnd(s: Scan, next: Scan | undefined, newestUtc: number | undefined): boolean {
  if (next) return true;
  const last = timeOf(s.last);
  if (s.start !== undefined && last !== undefined && last - s.start >= HOUR) return true;
  return !!s.last.time.utc && newestUtc !== undefined && newestUtc - Date.parse(s.last.time.utc) >= HOUR;
}

const rule: Rule = {
  id: "scan-failed",
  stage: "scan",
  defaultSeverity: "error",
  description:
    "A scan run (ScanWrapper, s_scan, o_scan) failed or did not end, so no current patch state was recorded.",
  messages: {
    failed:
      "The scan failed {runs}: {explanation}. A failed scan records no current patch state for the hardware inventory to report. {outcome}",
    "did-not-end":
      "{what} never finished: the log has no end{after}. The scan may have hung or been stopped, and recorded no complete patch state. {outcome}",
  },
  remedy:
    "Read ScanWrapper.log (SMS 2.0: s_scan/o_scan logs) just before the failure for the cause; the code's meaning is given above. Rerun the scan by hand on the client from %windir%\\system32\\vpcache\\<packageID>: ScanWrapper.exe /cache /kick (without /s it runs visibly; the advertised program is ScanWrapper.exe /s /cache /kick; SMS 2.0: s_scan.exe /s /kick or o_scan.exe /s /kick). A scan that hangs: check that the program's maximum run time in the advertisement allows it to finish and that no other scan instance is running.",
  check(ctx, report) {
    const all = scans(ctx);
    const { newestUtc } = timesOf(ctx.events);

    const byFile = new Map<string, Scan[]>();
    for (const s of all) {
      const list = byFile.get(s.source);
      if (list) list.push(s);
      else byFile.set(s.source, [s]);
    }
    for (const [, list] of byFile) {
      const steps: Step<Item & { messageId: "failed" | "did-not-end"; after?: PatchEvent }>[] = [];
      list.forEach((s, i) => {
        if (s.result === "success") {
          steps.push({ fail: false });
          return;
        }
        if (s.events.some((e) => SPECIFIC.has(e.kind))) return;
        if (s.result === "failure") {
          const lines = s.events.filter(
            (e) =>
              e.kind === "scan.failed" || (e.kind === "scan.exit" && e.fields.exitCode !== 0) || e.severity === "error",
          );
          steps.push({ fail: true, key: `failed|${codeKey(lines)}`, item: { scan: s, lines, messageId: "failed" } });
          return;
        }
        if (executionEnded(ctx, s)) return;
        if (!didNotEnd(s, list[i + 1], newestUtc)) return;
        steps.push({
          fail: true,
          key: "did-not-end",
          item: { scan: s, lines: [s.first, s.last], messageId: "did-not-end", after: list[i + 1]?.first },
        });
      });
      for (const inc of incidents(steps)) {
        const first = inc.items[0];
        const last = inc.items[inc.items.length - 1];
        const n = inc.items.length;
        const lines = inc.items.flatMap((it) => it.lines);
        const outcome = inc.recovered ? "A later scan succeeded, so this is resolved." : "No scan has succeeded since.";
        if (first.messageId === "failed") {
          report({
            messageId: "failed",
            data: {
              runs: incidentSpan(ctx, first.scan.first, last.scan.first, n, "scans"),
              explanation: explainCodes(lines) || "no error code given",
              count: n,
              outcome,
            },
            evidence: cap([
              ...lines.filter((e) => e.kind === "scan.failed"),
              ...lines,
              ...inc.items.map((it) => it.scan.first),
            ]),
            covers: lines,
            ...(inc.recovered ? { severity: "warning" as const } : {}),
          });
        } else {
          const afterLine = last.after;
          report({
            messageId: "did-not-end",
            data: {
              what:
                n === 1
                  ? `The scan started on ${ctx.when(first.scan.first)}`
                  : `${n} scans started between ${ctx.when(first.scan.first)} and ${ctx.when(last.scan.first)}`,
              after: afterLine ? ` before the next scan started on ${ctx.when(afterLine)}` : "",
              count: n,
              outcome,
            },
            evidence: cap([
              ...inc.items.flatMap((it) => [it.scan.first, it.scan.last]),
              ...(afterLine ? [afterLine] : []),
            ]),
            ...(inc.recovered ? { severity: "warning" as const } : {}),
          });
        }
      }
    }
  },
};
export default rule;
