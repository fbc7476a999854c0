import type { PatchEvent } from "../../model/event.js";
import type { Rule } from "../types.js";
import { inventoryCycles } from "../lib/cycles.js";

interface ClassGroup {
  className: string;
  events: PatchEvent[];
  /** property → what happened to it */
  props: Map<string, Set<string>>;
  cycles: Set<number>;
}

const rule: Rule = {
  id: "inventory-properties-truncated",
  stage: "inventory",
  defaultSeverity: "warning",
  description:
    "Hardware inventory cut or skipped property values of a class (max length reached, integer too large), so that class's data is incomplete (KB Q262242).",
  messages: {
    truncated:
      "Hardware inventory could not store all values of class {className}: {properties}. {count} warning line(s) in {cycles} cycle(s), last at {last}. The class's data in the site database is incomplete; the cycle itself goes on.",
  },
  remedy:
    "Decide whether {className} is worth inventorying. Usually it is not (Win32_NTLogEvent and Win32_NTEventlogFile hold event-log entries; KB Q262242): set SMS_Report to FALSE for the class, or for the property, in Sms_def.mof on the site server (SMS\\inboxes\\clifiles.src\\hinv) and let the clients pick up the new file. Otherwise accept that long values are cut at the agent's maximum length and that values too large for the agent are skipped.",
  check(ctx, report) {
    // The class a warning belongs to: its own fields, else the class being processed (the `inventory.class` before it).
    const cycleOf = new Map<number, number>();
    const currentClass = new Map<number, string>();
    inventoryCycles(ctx).forEach((c, i) => {
      let cls: string | undefined;
      for (const e of [...(c.start ? [c.start] : []), ...c.during, ...(c.completed ? [c.completed] : []), ...c.after]) {
        cycleOf.set(e.seq, i);
        if (e.kind === "inventory.class" && typeof e.fields.className === "string") cls = e.fields.className;
        if (cls) currentClass.set(e.seq, cls);
      }
    });
    const groups = new Map<string, ClassGroup>();
    for (const e of ctx.ofKind("inventory.property.truncated", "inventory.property.skipped")) {
      const className =
        typeof e.fields.className === "string" ? e.fields.className : (currentClass.get(e.seq) ?? "(class not named)");
      let g = groups.get(className);
      if (!g) groups.set(className, (g = { className, events: [], props: new Map(), cycles: new Set() }));
      g.events.push(e);
      const prop = typeof e.fields.property === "string" ? e.fields.property : "(property not named)";
      const what =
        e.kind === "inventory.property.skipped" ? "skipped, value too large" : "values cut at the maximum length";
      const set = g.props.get(prop) ?? new Set<string>();
      set.add(what);
      g.props.set(prop, set);
      g.cycles.add(cycleOf.get(e.seq) ?? -1);
    }
    for (const g of groups.values()) {
      const properties = [...g.props].map(([p, w]) => `${p} (${[...w].join("; ")})`).join(", ");
      const last = g.events[g.events.length - 1];
      report({
        messageId: "truncated",
        data: {
          className: g.className,
          properties,
          count: g.events.length,
          cycles: g.cycles.size,
          last: ctx.whenToSecond(last),
        },
        evidence: g.events.slice(0, 10),
      });
    }
  },
};
export default rule;
