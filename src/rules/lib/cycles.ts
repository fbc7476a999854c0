import type { PatchEvent } from "../../model/event.js";
import { timeOf, type RuleContext } from "../context.js";

/**
 * Hardware inventory cycles as the inventory rules need them: each log (Hinv32.log, InventoryAgent.log) is cut at
 * every `inventory.cycle.started`, and each piece is split at its first `inventory.cycle.completed` into what was
 * logged *during* the cycle and what was logged *after* it completed (until the next cycle starts). The part of a
 * log before its first start is a piece of its own, with no start (a cycle begun before the log, or unknown).
 * Shared by the inventory rules (inventory-cycle-failed, inventory-hinv32-errors, inventory-exception-after-cycle,
 * inventory-not-after-scan, inventory-interval-too-long, flow-install-not-rescanned).
 */
export interface Cycle {
  file: string;
  /** The `inventory.cycle.started` event; undefined for the part of a log before its first start. */
  start?: PatchEvent;
  /** The first `inventory.cycle.completed` after the start. */
  completed?: PatchEvent;
  /** From the start (or the top of the log) to the completion; to the next start if it never completed. */
  during: PatchEvent[];
  /** After the completion, before the next start. */
  after: PatchEvent[];
  /** The next cycle's start in the same log, if any. */
  next?: PatchEvent;
  /** The inventory action the cycle names (Hardware, Software, Discovery), if it names one. */
  action?: string;
  /** `inventory.cycle.failed` / `inventory.report.failed` anywhere in the piece. */
  failures: PatchEvent[];
  /** The Advanced Client's "Action completed" / "End of message processing" (the processing ended). */
  ended?: PatchEvent;
}

const FAILURE_KINDS = new Set(["inventory.cycle.failed", "inventory.report.failed"]);

function empty(c: Cycle): boolean {
  return !c.start && !c.completed && c.during.length === 0 && c.after.length === 0;
}

/** Every inventory cycle of every inventory log, in timeline order of their first event. */
export function inventoryCycles(ctx: RuleContext): Cycle[] {
  const byFile = new Map<string, PatchEvent[]>();
  for (const e of ctx.events) {
    if (e.stage !== "inventory") continue;
    const list = byFile.get(e.file);
    if (list) list.push(e);
    else byFile.set(e.file, [e]);
  }
  const out: Cycle[] = [];
  for (const [file, list] of byFile) {
    list.sort((a, b) => a.line - b.line);
    const fresh = (start?: PatchEvent): Cycle => ({ file, start, during: [], after: [], failures: [] });
    let cur = fresh();
    for (const e of list) {
      if (e.kind === "inventory.cycle.started") {
        if (!empty(cur)) {
          cur.next = e;
          out.push(cur);
        }
        cur = fresh(e);
        continue;
      }
      if (e.kind === "inventory.cycle.completed") {
        if (!cur.completed) {
          cur.completed = e;
          continue;
        }
        // A second completion with no start between: a cycle whose start line is missing.
        out.push(cur);
        cur = fresh();
        cur.completed = e;
        continue;
      }
      if (FAILURE_KINDS.has(e.kind)) cur.failures.push(e);
      if ((e.kind === "inventory.processing.ended" || e.kind === "inventory.action.completed") && !cur.ended)
        cur.ended = e;
      if (
        e.kind === "inventory.action" &&
        typeof e.fields.action === "string" &&
        (!cur.action || /hardware/i.test(e.fields.action))
      ) {
        cur.action = e.fields.action;
      }
      (cur.completed ? cur.after : cur.during).push(e);
    }
    if (!empty(cur)) out.push(cur);
  }
  return out.sort((a, b) => firstOf(a).seq - firstOf(b).seq);
}

/** The cycle's first event (its start when known). */
export function firstOf(c: Cycle): PatchEvent {
  return c.start ?? c.during[0] ?? c.completed ?? c.after[0];
}

/** The cycle's last event. */
export function lastOf(c: Cycle): PatchEvent {
  return c.after[c.after.length - 1] ?? c.completed ?? c.during[c.during.length - 1] ?? c.start!;
}

/** Whether the cycle is a hardware inventory (the action is Hardware, or not named, as in Hinv32.log). */
export function isHardware(c: Cycle): boolean {
  return c.action === undefined || /hardware/i.test(c.action);
}

/** Completed and no report or cycle failure: its inventory reached (or was handed on to) the site. */
export function succeeded(c: Cycle): boolean {
  return c.completed !== undefined && c.failures.length === 0;
}

/** When the cycle started, in ms (its first event when the start line is missing). */
export function cycleStart(c: Cycle): number | undefined {
  return timeOf(firstOf(c));
}

/** A log message shortened for quoting in a finding. */
export function quote(e: PatchEvent, max = 120): string {
  const m = e.message.replace(/\s+/g, " ").trim();
  return m.length > max ? `${m.slice(0, max - 1)}…` : m;
}
