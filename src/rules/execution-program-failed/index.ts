import type { PatchEvent, Severity } from "../../model/event.js";
import { SUCCESS_EXIT, programKey, type Run } from "../../model/run.js";
import { stageOfProgram, type RuleContext } from "../context.js";
import { explainCode } from "../../events/codes.js";
import type { Rule } from "../types.js";
import type { FlowStage } from "../../model/finding.js";

function explain(e: PatchEvent): string {
  const c = e.fields.codes?.find((x) => x.meaning);
  return c ? `${c.code}: ${c.meaning}${c.cause ? ` (${c.cause})` : ""}` : "no explanation known for this code";
}

const WINDOW_MS = 10 * 60_000;

/** An error, unless a later run of the same program succeeded (warning). */
function severityOf(ctx: RuleContext, run: Run, executions: readonly Run[]): Severity {
  const end = ctx.runEnd(run);
  const later = executions.some(
    (r) =>
      r.result === "success" &&
      programKey(r.program) === programKey(run.program) &&
      (ctx.runStart(r) ?? -Infinity) > (end ?? Infinity),
  );
  return later ? "warning" : "error";
}

/**
 * The lines of the stage's own runs that did not succeed (or logged errors) and ended within minutes of the program's exit: the same
 * failure seen from the stage's log. A finding of the stage citing one of them takes this exit in as evidence.
 */
function ownFailure(ctx: RuleContext, run: Run, stage: FlowStage | "execution"): number[] {
  const end = ctx.runEnd(run);
  if (stage === "execution" || end === undefined) return [];
  return ctx
    .runsOf(stage)
    .filter((r) => (r.result !== "success" || r.errors > 0) && Math.abs((ctx.runEnd(r) ?? Infinity) - end) <= WINDOW_MS)
    .flatMap((r) => r.events);
}

const rule: Rule = {
  id: "execution-program-failed",
  stage: "execution",
  defaultSeverity: "error",
  description:
    "An advertised program (SyncXML, ScanWrapper, PatchInstall or another) ended with a failure code (warning when a later run succeeded; when a finding of the stage's own log explains the same failure, the exit is evidence of that finding instead).",
  messages: {
    exit: "Program {program} ended with exit code {exitCode} — {explanation}.",
    failed: "Program {program} could not run or failed — {explanation}.",
  },
  remedy:
    "Look at the program's own log at the time shown for the cause; run it by hand on this client without /s to see it fail visibly. For network and path codes check the distribution point and the package path; for 0x80070047 the distribution point's connection limit.",
  check(ctx, report) {
    const executions = ctx.runsOf("execution");
    for (const run of executions) {
      if (run.result !== "failure") continue;
      const last = ctx.lastEvent(run);
      const program =
        run.program ?? (typeof last.fields.program === "string" ? last.fields.program : "(unnamed program)");
      const stage = stageOfProgram(program) ?? "execution";
      // APM logs the return code first and "completed unsuccessfully" lines after it: explain from the line with the code.
      const why =
        [...run.events]
          .reverse()
          .map((s) => ctx.event(s))
          .find((e) => e.fields.codes?.some((c) => c.meaning && c.value !== 0)) ?? last;
      const evidence = [
        why,
        ...(why !== last ? [last] : []),
        ...(run.start !== undefined && run.start !== last.seq ? [ctx.event(run.start)] : []),
      ];
      const severity = severityOf(ctx, run, executions);
      const foldInto = ownFailure(ctx, run, stage);
      const code = run.exitCode;
      if (typeof code === "number" && !SUCCESS_EXIT.has(code)) {
        const known = why.fields.codes?.some((c) => c.meaning && c.value !== 0) ? explain(why) : undefined;
        const table = explainCode("exit", code);
        const explanation =
          known ??
          (table.meaning
            ? `${code}: ${table.meaning}${table.cause ? ` (${table.cause})` : ""}`
            : "no explanation known for this code");
        report({
          messageId: "exit",
          data: { program, exitCode: code, explanation },
          evidence,
          stage,
          severity,
          foldInto,
        });
      } else {
        report({
          messageId: "failed",
          data: { program, explanation: explain(why) },
          evidence,
          stage,
          severity,
          foldInto,
        });
      }
    }
  },
};
export default rule;
