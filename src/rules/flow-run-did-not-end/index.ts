import type { PatchEvent, Severity } from "../../model/event.js";
import type { Rule } from "../types.js";

import { laterSuccess, logName, quote, SIGNAL_STAGES } from "../lib/signals.js";

const WHAT: Record<string, string> = {
  sync: "SyncXML run",
  scan: "scan run",
  inventory: "inventory cycle",
  install: "PatchInstall run",
  execution: "program run",
};

const rule: Rule = {
  id: "flow-run-did-not-end",
  stage: "flow",
  defaultSeverity: "warning",
  late: true,
  description:
    "A run started and its log shows no end (no completion, no failure, no exit code) and no other finding explains it: warning when it is the stage's newest run or nothing succeeded after it, info when a later run succeeded.",
  messages: {
    "next-activity":
      "The {what} started {start} ({log}:{line}) has no end logged: its last line is at {lastTime}, and the next activity in {log} is at {next} (“{nextMessage}”). {outcome}",
    "log-ends":
      "The {what} started {start} ({log}:{line}) has no end logged: {log} ends with it (last line at {lastTime}). It may still have been running when the logs were collected, or the program stopped without a word. {outcome}",
  },
  remedy:
    "A run that stops without an end line was killed, crashed, or hung (or was still running when the logs were copied). Look at the time of its last line in the other logs (execmgr.log or Smsapm32.log for the program's exit code, the system event log for a restart), and collect the logs again after the run's usual duration.",
  check(ctx, report) {
    // The next event of the same log after each event, in one pass.
    let nextInFile: Map<number, PatchEvent> | undefined;
    const nextOf = (e: PatchEvent): PatchEvent | undefined => {
      if (!nextInFile) {
        nextInFile = new Map();
        const prev = new Map<string, number>();
        for (const x of ctx.events) {
          const p = prev.get(x.file);
          if (p !== undefined) nextInFile.set(p, x);
          prev.set(x.file, x.seq);
        }
      }
      return nextInFile.get(e.seq);
    };
    for (const stage of SIGNAL_STAGES) {
      const runs = stage === "execution" ? ctx.runsOf("execution") : ctx.runsOf(stage);
      const newestStart = runs.reduce((n, r) => Math.max(n, ctx.firstEvent(r).seq), -1);
      for (const run of runs) {
        if (run.result !== "did-not-end" || run.start === undefined) continue;
        // Another finding tells this run's story (a failure line, a program waiting for a logon).
        if (run.events.some((s) => ctx.explained.has(s))) continue;
        // A failure line in it tells the story too: flow-unexplained-errors reports it, with the run's start.
        if (run.events.some((s) => ctx.event(s).signal?.level === "failure")) continue;
        const first = ctx.firstEvent(run);
        const last = ctx.lastEvent(run);
        const newest = first.seq === newestStart;
        const later = laterSuccess(ctx, stage, last, run);
        const severity: Severity = later && !newest ? "info" : "warning";
        const next = nextOf(last);
        const outcome = later
          ? `A later ${stage === "execution" ? "run of the program" : `${stage} run`} succeeded (${ctx.when(ctx.firstEvent(later))}).`
          : newest
            ? `It is the newest ${WHAT[stage]} in the logs.`
            : `No ${stage} run has succeeded since.`;
        const data: Record<string, string | number> = {
          what: run.type === "execution" && run.program ? `run of ${run.program}` : WHAT[stage],
          start: ctx.when(first),
          log: logName(first),
          line: first.line,
          lastTime: ctx.when(last),
          outcome,
        };
        if (next) {
          data.next = ctx.when(next);
          data.nextMessage = quote(next, 100);
        }
        report({
          messageId: next ? "next-activity" : "log-ends",
          stage,
          severity,
          data,
          evidence: [first, last, ...(next ? [next] : [])].filter((e, i, a) => a.indexOf(e) === i),
        });
      }
    }
  },
};
export default rule;
