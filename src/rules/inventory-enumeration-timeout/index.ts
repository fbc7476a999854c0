import type { PatchEvent } from "../../model/event.js";
import { timeOf } from "../context.js";
import type { Rule } from "../types.js";
import { inventoryCycles } from "../lib/cycles.js";
import { showElapsed } from "../../time/show.js";

interface Hit {
  timeout: PatchEvent;
  cls?: PatchEvent;
}

const rule: Rule = {
  id: "inventory-enumeration-timeout",
  stage: "inventory",
  defaultSeverity: "warning",
  description:
    "Hardware inventory gave up waiting for WMI to enumerate a class ('INSTANCE WARNING - Enumeration Timeout'), usually after an hour (KB Q225507).",
  messages: {
    timeout:
      'Hardware inventory waited {gap} for WMI to return the instances of {className} and gave up ("Enumeration Timeout" at {time}; {count} time(s) in these logs). The cycle is held up that long, WinMgmt may keep the processor busy, and the class is missing from the inventory.',
  },
  remedy:
    "Find why WMI does not answer for {className}: its WMI provider hangs. For Win32_NetworkClient that is a third-party network redirector (NetWare client, IBM Client Access, Hummingbird; KB Q225507): update it, or apply SMS 2.0 SP1 or later. Until then set SMS_Report to FALSE for {className} in Sms_def.mof on the site server (SMS\\inboxes\\clifiles.src\\hinv). Test the class with WBEMTEST (connect to root\\cimv2, Enum Instances of {className}) to see whether it answers, then run a hardware inventory cycle and check that it completes in minutes.",
  check(ctx, report) {
    const timeouts = ctx.ofKind("inventory.enumeration.timeout");
    if (!timeouts.length) return;
    // The class being processed when the timeout came: the last `inventory.class` before it in the same cycle.
    const classBefore = new Map<number, PatchEvent>();
    for (const c of inventoryCycles(ctx)) {
      let cls: PatchEvent | undefined;
      for (const e of [...c.during, ...c.after]) {
        if (e.kind === "inventory.class") cls = e;
        else if (e.kind === "inventory.enumeration.timeout" && cls) classBefore.set(e.seq, cls);
      }
    }
    const groups = new Map<string, Hit[]>();
    for (const t of timeouts) {
      const cls = classBefore.get(t.seq);
      const name =
        cls && typeof cls.fields.className === "string" ? cls.fields.className : "(class not named in the log)";
      const list = groups.get(name) ?? [];
      list.push({ timeout: t, cls });
      groups.set(name, list);
    }
    for (const [className, hits] of groups) {
      const last = hits[hits.length - 1];
      const a = timeOf(last.cls);
      const b = timeOf(last.timeout);
      const gap = a !== undefined && b !== undefined ? showElapsed(b - a) : "an unknown time";
      const evidence: PatchEvent[] = [];
      for (const h of [...hits].reverse()) {
        evidence.push(h.timeout);
        if (h.cls) evidence.push(h.cls);
        if (evidence.length >= 10) break;
      }
      report({
        messageId: "timeout",
        data: { className, gap, time: ctx.whenToSecond(last.timeout), count: hits.length },
        evidence,
      });
    }
  },
};
export default rule;
