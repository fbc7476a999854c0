import type { PatchEvent } from "../../model/event.js";
import type { RuleContext } from "../context.js";

/** A pending-renames line that only says the check is made, or that nothing is pending, is no evidence. */
export function renamesFound(e: PatchEvent): boolean {
  const m = e.message;
  if (/\b(is empty|no pending|none found|not found|0 entries)\b/i.test(m)) return false;
  if (/^\s*checking\b/i.test(m) && !/\b[1-9]\d* entr|not empty|found|required/i.test(m)) return false;
  return true;
}

/** "Installation is mandatory and cannot be postponed" is no postponement. */
export function realPostponement(e: PatchEvent): boolean {
  return !/\b(cannot|can ?not|can't|not) be (postponed|deferred)\b/i.test(e.message);
}

export interface Resolution {
  seq: number;
  event: PatchEvent;
}

/**
 * Moments after which a restart can be taken as done: a restart PatchInstall initiated (a countdown counts only
 * when no postponement follows it before the next restart), exit code 1641, or an install run that completed.
 */
export function resolutions(ctx: RuleContext): Resolution[] {
  const out: Resolution[] = [];
  const postponed = ctx.ofKind("install.ui.postponed").filter(realPostponement);
  const initiated = ctx.ofKind("install.restart.initiated");
  for (const [i, e] of initiated.entries()) {
    if (e.fields.countdown === true) {
      const next = initiated[i + 1]?.seq ?? Infinity;
      if (postponed.some((p) => p.seq > e.seq && p.seq < next)) continue;
    }
    out.push({ seq: e.seq, event: e });
  }
  for (const e of ctx.ofKind("install.patch.exit")) if (e.fields.exitCode === 1641) out.push({ seq: e.seq, event: e });
  for (const r of ctx.runsOf("install")) {
    if (r.result !== "success") continue;
    // A completed run resolves what came before it started, not the 3010 it logged itself.
    out.push({ seq: r.start ?? r.events[0], event: ctx.lastEvent(r) });
  }
  return out.sort((a, b) => a.seq - b.seq);
}
