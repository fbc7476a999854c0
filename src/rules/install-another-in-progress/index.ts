import type { PatchEvent } from "../../model/event.js";
import { SUCCESS_EXIT, type Run } from "../../model/run.js";
import { stageOfProgram, timeOf, type RuleContext } from "../context.js";
import type { Rule } from "../types.js";
import { exitsByPatch } from "../lib/install.js";

const ANOTHER_IN_PROGRESS = 1618;
const MAX_EVIDENCE = 10;
/** How far around a 1618 another program's run counts as "at that time". */
const NEAR_MS = 30 * 60_000;

/** Other advertised programs whose execution overlaps the failed attempt: candidates for the other setup. */
function concurrentRuns(ctx: RuleContext, e: PatchEvent): Run[] {
  const t = timeOf(e);
  if (t === undefined) return [];
  return ctx.runsOf("execution").filter((r) => {
    if (stageOfProgram(r.program) === "install" || r.start === undefined) return false;
    const s = ctx.runStart(r);
    const end = r.end !== undefined ? ctx.runEnd(r) : undefined;
    if (s === undefined) return false;
    return s <= t + NEAR_MS && (end ?? s) >= t - NEAR_MS;
  });
}

const rule: Rule = {
  id: "install-another-in-progress",
  stage: "install",
  defaultSeverity: "warning",
  description: "A patch ended with exit code 1618: another Windows Installer setup was running at the same time.",
  messages: {
    busy: "{patch} could not install because another Windows Installer setup was running (exit code 1618 {occurrences}); it is still not installed.{others}",
  },
  remedy:
    "No repair is needed on the patch itself: PatchInstall tries it again at the next run of its schedule. Find out what else installs at {last} on this client (other SMS advertisements in execmgr.log or Smsapm32.log, Automatic Updates, a user's own setup; MsiInstaller entries in the Application event log) and move the PatchInstall schedule or that other installation apart so they no longer overlap.",
  check(ctx, report) {
    for (const [patch, exits] of exitsByPatch(ctx)) {
      const busy = exits.filter((e) => e.fields.exitCode === ANOTHER_IN_PROGRESS);
      if (!busy.length) continue;
      const last = busy[busy.length - 1];
      // A later attempt that installed it: the retry worked.
      if (exits.some((e) => SUCCESS_EXIT.has(e.fields.exitCode as number) && e.seq > last.seq)) continue;
      const others = new Map<string, Run>();
      for (const e of busy) for (const r of concurrentRuns(ctx, e)) others.set(r.id, r);
      const evidence = [...busy].reverse();
      for (const r of others.values()) evidence.push(ctx.firstEvent(r));
      const names = [...new Set([...others.values()].map((r) => r.program ?? "an unnamed program"))];
      const name = [last.fields.bulletin, last.fields.kb].filter((x) => typeof x === "string").join(" ") || patch;
      report({
        messageId: "busy",
        data: {
          patch: name,
          count: busy.length,
          occurrences:
            busy.length === 1 ? `on ${ctx.when(last)}` : `${busy.length} times, the last on ${ctx.when(last)}`,
          last: ctx.when(last),
          others: names.length ? ` At that time the execution log also shows ${names.join(", ")} running.` : "",
        },
        evidence: evidence.slice(0, MAX_EVIDENCE),
      });
    }
  },
};
export default rule;
