import type { PatchEvent } from "../../model/event.js";
import { timeOf } from "../context.js";
import type { Rule } from "../types.js";
import { firstOf, inventoryCycles, lastOf, quote } from "../lib/cycles.js";

/** A cycle takes minutes; one that has logged nothing for this long and has no completion is not running any more. */
const STALLED = 2 * 3_600_000;
const PROBLEM_KINDS = new Set([
  "inventory.error",
  "inventory.mof.failed",
  "inventory.exception",
  "inventory.enumeration.timeout",
  "inventory.cycle-info.failed",
]);

const rule: Rule = {
  id: "inventory-cycle-failed",
  stage: "inventory",
  defaultSeverity: "error",
  description:
    "A hardware inventory cycle failed, could not send its report, or started and never logged its completion.",
  messages: {
    failed:
      'The hardware inventory cycle that started at {started} failed at {failedAt}: "{reason}". Its inventory (with Win32_PatchState) did not reach the site.',
    "did-not-end":
      'The hardware inventory cycle that started at {started} never logged "completed" before {until}. Errors and warnings logged in it: {problems}. Its inventory (with Win32_PatchState) did not reach the site.',
  },
  remedy:
    "Read the inventory log (InventoryAgent.log on the Advanced Client, Hinv32.log on the Legacy Client and SMS 2.0) from the cycle's start for the cause: an ERROR line, a MOF compilation failure (Sms_def.mof), an exception, or an 'Enumeration Timeout' (a WMI provider that never answers). For a failed report check the management point and the client's network access to it. Fix the cause, then start a cycle by hand (Control Panel → Systems Management → Actions → Hardware Inventory Cycle; on SMS 2.0 the Hardware Inventory Agent component) and check that it logs 'completed' and that \"Last Hardware Scan\" in Resource Explorer → Hardware → Workstation Status moves forward.",
  check(ctx, report) {
    for (const c of inventoryCycles(ctx)) {
      const all = [...c.during, ...c.after];
      if (c.failures.length) {
        const f = c.failures[0];
        const evidence: PatchEvent[] = [...c.failures.slice(0, 5)];
        if (c.start) evidence.push(c.start);
        report({
          messageId: "failed",
          data: {
            started: c.start
              ? ctx.whenToSecond(c.start)
              : `(before the log begins; first line ${ctx.whenToSecond(firstOf(c))})`,
            failedAt: ctx.whenToSecond(f),
            reason: quote(f),
          },
          evidence,
        });
        continue;
      }
      if (!c.start || c.completed) continue;
      const problems = all.filter((e) => PROBLEM_KINDS.has(e.kind) || e.severity === "error");
      // The Advanced Client's processing may end without a "Cycle completed" line (e.g. a discovery action).
      if (c.ended && !problems.some((e) => e.severity === "error")) continue;
      let until: string;
      if (c.next) until = `the next cycle started at ${ctx.whenToSecond(c.next)}`;
      else {
        const last = lastOf(c);
        const lastAt = timeOf(last);
        const stalled = lastAt !== undefined && ctx.now - lastAt >= STALLED;
        // At the end of the log with no error and no long silence, the cycle may still be running.
        if (!problems.length && !stalled) continue;
        until = `the log ends (last line at ${ctx.whenToSecond(last)})`;
      }
      const errorsFirst = [
        ...problems.filter((e) => e.severity === "error"),
        ...problems.filter((e) => e.severity !== "error"),
      ];
      report({
        messageId: "did-not-end",
        data: {
          started: ctx.whenToSecond(c.start),
          until,
          problems: problems.length
            ? `${problems.length}, the first "${quote(problems[0])}" at ${ctx.whenToSecond(problems[0])}`
            : "none (it stopped silently)",
        },
        evidence: [c.start, ...errorsFirst.slice(0, 8), ...(c.next ? [c.next] : [])],
      });
    }
  },
};
export default rule;
