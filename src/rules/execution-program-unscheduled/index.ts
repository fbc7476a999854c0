import type { PatchEvent } from "../../model/event.js";
import { SUCCESS_EXIT } from "../../model/run.js";
import { stageOfProgram, timeOf, type RuleContext } from "../context.js";
import type { Rule } from "../types.js";

const MAX_EVIDENCE = 10;
/** The failure APM reacts to lies this close before the unscheduling line. */
const BACK_LINES = 40;
const BACK_MS = 10 * 60_000;

function isFailure(e: PatchEvent): boolean {
  if (e.kind === "execution.program.failed") return true;
  if (e.kind === "execution.program.exit")
    return typeof e.fields.exitCode === "number" && !SUCCESS_EXIT.has(e.fields.exitCode);
  if (e.kind === "execution.status.reported") return /UNKNOWN|FAIL/i.test(String(e.fields.status ?? e.message));
  return false;
}

/** The failure lines of the job APM unscheduled: back from the unscheduling line to the job's start. */
function failuresBefore(ctx: RuleContext, u: PatchEvent): PatchEvent[] {
  const out: PatchEvent[] = [];
  const tu = timeOf(u);
  for (let s = u.seq - 1; s >= 0; s--) {
    const e = ctx.event(s);
    if (e.file !== u.file) continue;
    if (u.line - e.line > BACK_LINES) break;
    const t = timeOf(e);
    if (tu !== undefined && t !== undefined && tu - t > BACK_MS) break;
    if (e.kind === "execution.program.unscheduled") break;
    if (e.kind === "execution.program.exit" && !isFailure(e)) break; // the job succeeded: a normal unscheduling
    if (isFailure(e)) out.unshift(e);
    if (e.kind === "execution.program.started") break;
  }
  return out;
}

function explanation(failures: PatchEvent[]): string {
  for (const e of failures) {
    const c = e.fields.codes?.find((x) => x.meaning && x.value !== 0);
    if (c) return `${c.code}: ${c.meaning}${c.cause ? `, ${c.cause}` : ""}`;
  }
  return "APM did not recognise how it ended";
}

const rule: Rule = {
  id: "execution-program-unscheduled",
  stage: "execution",
  defaultSeverity: "error",
  description:
    "After a failed run, the SMS 2.0 / Legacy Client program agent (APM) unscheduled the program instead of retrying it, so it will not run again on this client.",
  messages: {
    unscheduled:
      "APM gave up on program {program}{package}: after it failed on {failedAt} ({explanation}) APM unscheduled it instead of retrying{repeat}, so the advertisement will not run it again on this client.",
  },
  remedy:
    "The advertisement will not retry on these clients. Remove the cause of the failure first (for 0x80070047 the distribution point reached its connection limit: add distribution points or use a server that accepts more connections), then create a new program and a new advertisement for the clients where it failed (a collection of them). Install SMS 2.0 SP3 on the site and clients: before it, APM unscheduled programs whose return code it did not recognise instead of rescheduling them (KB Q268500).",
  check(ctx, report) {
    const byProgram = new Map<
      string,
      { program: string; pkg?: string; items: Array<{ u: PatchEvent; failures: PatchEvent[] }> }
    >();
    for (const u of ctx.ofKind("execution.program.unscheduled")) {
      const failures = failuresBefore(ctx, u);
      if (!failures.length) continue;
      const program = typeof u.fields.program === "string" ? u.fields.program : "(not named in the log)";
      const g = byProgram.get(program.toLowerCase()) ?? { program, items: [] };
      if (typeof u.fields.packageName === "string") g.pkg = u.fields.packageName;
      g.items.push({ u, failures });
      byProgram.set(program.toLowerCase(), g);
    }
    for (const g of byProgram.values()) {
      const last = g.items[g.items.length - 1];
      const withCode = (f: PatchEvent): number => (f.fields.codes?.some((c) => c.meaning && c.value !== 0) ? 0 : 1);
      const evidence = [...g.items]
        .reverse()
        .flatMap((it) => [it.u, ...[...it.failures].sort((a, b) => withCode(a) - withCode(b) || a.seq - b.seq)]);
      report({
        messageId: "unscheduled",
        data: {
          program: g.program,
          package: g.pkg ? ` in package ${g.pkg}` : "",
          failedAt: ctx.when(last.failures[0]),
          explanation: explanation(last.failures),
          count: g.items.length,
          last: ctx.when(last.u),
          repeat: g.items.length > 1 ? ` (${g.items.length} times, the last on ${ctx.when(last.u)})` : "",
        },
        evidence: evidence.slice(0, MAX_EVIDENCE),
        stage: stageOfProgram(g.program) ?? "execution",
      });
    }
  },
};
export default rule;
