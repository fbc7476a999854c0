import type { Rule } from "../types.js";
import { inventoryCycles, quote } from "../lib/cycles.js";

const rule: Rule = {
  id: "inventory-exception-after-cycle",
  stage: "inventory",
  defaultSeverity: "info",
  description:
    "An exception dump logged after a hardware inventory cycle had completed: the known harmless shutdown exception (KB Q302354), not a failed cycle.",
  messages: {
    harmless:
      'The hardware inventory agent logged an exception ({count} line(s), first "{text}" at {time}) after the cycle had completed at {completed}. The cycle finished and its inventory was still processed; this is the harmless exception of KB Q302354, not a failure.',
  },
  remedy:
    'Nothing to do for the inventory itself. The exception comes from the Hardware Inventory Agent shutting down its service thread incorrectly (KB Q302354, seen on Windows XP); it is fixed in SMS 2.0 SP4, so apply the current service pack to stop the noise. Confirm in Resource Explorer → Hardware → Workstation Status that "Last Hardware Scan" shows the cycle\'s time.',
  check(ctx, report) {
    for (const c of inventoryCycles(ctx)) {
      if (!c.completed) continue;
      const ex = c.after.filter((e) => e.kind === "inventory.exception");
      if (!ex.length) continue;
      report({
        messageId: "harmless",
        data: {
          count: ex.length,
          text: quote(ex[0]),
          time: ctx.whenToSecond(ex[0]),
          completed: ctx.whenToSecond(c.completed),
        },
        evidence: [ex[0], c.completed, ...ex.slice(1, 8)],
      });
    }
  },
};
export default rule;
