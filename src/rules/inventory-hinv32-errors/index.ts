import type { PatchEvent } from "../../model/event.js";
import type { Rule } from "../types.js";
import type { RuleContext } from "../context.js";
import { inventoryCycles, quote, type Cycle } from "../lib/cycles.js";

const MESSAGE_OF: Record<string, "error" | "mof" | "exception-during-cycle"> = {
  "inventory.error": "error",
  "inventory.mof.failed": "mof",
  "inventory.exception": "exception-during-cycle",
};

function cycleText(ctx: RuleContext, c: Cycle): string {
  const start = c.start
    ? `the cycle that started at ${ctx.whenToSecond(c.start)}`
    : "a cycle whose start is before the log begins";
  return c.completed
    ? `${start} (it still completed at ${ctx.whenToSecond(c.completed)})`
    : `${start}, which never completed`;
}

const rule: Rule = {
  id: "inventory-hinv32-errors",
  stage: "inventory",
  defaultSeverity: "error",
  description:
    "The hardware inventory agent logged an ERROR, a MOF (Sms_def.mof) compilation failure or an exception while a cycle was running.",
  messages: {
    error: 'Hardware inventory logged {count} error line(s) during {cycle}, first "{text}" at {time}.',
    mof: 'Hardware inventory could not compile the inventory definition (Sms_def.mof) during {cycle}: "{text}" at {time}. Without a compiled MOF the agent cannot collect the classes it defines, Win32_PatchState among them.',
    "exception-during-cycle":
      'The hardware inventory agent crashed with an exception during {cycle} ({count} exception line(s), first at {time}: "{text}").',
  },
  remedy:
    "MOF failure: check the Sms_def.mof the site sent (a syntax error from a hand edit, e.g. Error Syntax 0X007F) on the site server (SMS\\inboxes\\clifiles.src\\hinv), correct it, let the clients receive it and run a cycle again; `mofcomp -check Sms_def.mof` (on SMS 2.0 clients the copy is in %windir%\\MS\\SMS\\Sitefile\\<sitecode>\\Hinv) shows the line it stops at. ERROR lines: look the number up with the text in the Knowledge Base (e.g. ERROR 1 'Cannot get schedule for previous cycle', Q269411) and repair or reinstall the client component. Exception during a cycle: read the lines before it for the class being processed (a WMI provider that hangs, KB Q225507), repair WMI (winmgmt) and apply the latest SMS service pack; an exception logged only after 'completed' is harmless (KB Q302354). Then start a hardware inventory cycle and check that it logs 'completed'.",
  check(ctx, report) {
    for (const c of inventoryCycles(ctx)) {
      // Before the first start of a log, with no completion either: the cycle's state is unknown. ERROR and MOF
      // lines are still errors in their own words; an exception there may be the harmless one after a cycle.
      const unknown = !c.start && !c.completed;
      const groups = new Map<string, PatchEvent[]>();
      for (const e of c.during) {
        const id = MESSAGE_OF[e.kind];
        if (!id || (unknown && id === "exception-during-cycle")) continue;
        const list = groups.get(id);
        if (list) list.push(e);
        else groups.set(id, [e]);
      }
      for (const id of ["mof", "error", "exception-during-cycle"]) {
        const list = groups.get(id);
        if (!list) continue;
        const first = list[0];
        const evidence = [...list.slice(0, 9)];
        if (c.start) evidence.push(c.start);
        report({
          messageId: id,
          data: { cycle: cycleText(ctx, c), count: list.length, text: quote(first), time: ctx.whenToSecond(first) },
          evidence,
        });
      }
    }
  },
};
export default rule;
