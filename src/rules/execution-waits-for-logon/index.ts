import type { PatchEvent } from "../../model/event.js";
import type { Run } from "../../model/run.js";
import { stageOfProgram, timeOf, type RuleContext } from "../context.js";
import type { Rule } from "../types.js";
import type { FlowStage } from "../../model/finding.js";

const MAX_EVIDENCE = 10;
/** Lines of one occurrence lie this close together. */
const CLUSTER_LINES = 4;
const CLUSTER_MS = 60_000;
/** How far from an occurrence a line naming its program may be. */
const NAME_LINES = 8;
const NAME_MS = 120_000;

/** A program named on the line: the catalog's field, execmgr's "program X state change / is waiting", APM's "For program X in package". */
function programOn(e: PatchEvent): string | undefined {
  if (typeof e.fields.program === "string" && e.fields.program) return e.fields.program;
  return e.message.match(/\bprogram (.+?) (?:state change|is waiting|requires|in package)\b/i)?.[1];
}

function isWaiting(e: PatchEvent): boolean {
  if (e.kind === "execution.user.not-logged-on" || e.kind === "execution.user.not-logged-off") return true;
  if (e.kind === "execution.request.state")
    return /UserLogon/i.test(String(e.fields.toState ?? "")) || /waiting for (a )?user to log ?on/i.test(e.message);
  if (e.kind === "execution.user.required") return /\bwait/i.test(e.message);
  return false;
}

function close(a: PatchEvent, b: PatchEvent, lines: number, ms: number): boolean {
  if (a.file !== b.file || Math.abs(b.line - a.line) > lines) return false;
  const ta = timeOf(a);
  const tb = timeOf(b);
  return ta === undefined || tb === undefined || Math.abs(tb - ta) <= ms;
}

/** The program an occurrence is about: named in it, else on a nearby line of the same job (APM names it around). */
function nameOf(ctx: RuleContext, cluster: PatchEvent[]): string | undefined {
  for (const e of cluster) {
    const p = programOn(e);
    if (p) return p;
  }
  const first = cluster[0];
  const lastE = cluster[cluster.length - 1];
  for (let s = first.seq - 1; s >= 0; s--) {
    const e = ctx.event(s);
    if (e.file !== first.file) continue;
    if (!close(e, first, NAME_LINES, NAME_MS)) break;
    // Another job's end: its program is not ours.
    if (
      /^execution\.program\.(exit|failed|started|unscheduled)$/.test(e.kind) ||
      /Determining whether to unschedule/i.test(e.message)
    )
      break;
    const p = programOn(e);
    if (p) return p;
  }
  for (let s = lastE.seq + 1; s < ctx.events.length; s++) {
    const e = ctx.event(s);
    if (e.file !== lastE.file) continue;
    if (!close(lastE, e, NAME_LINES, NAME_MS)) break;
    // The next job begins.
    if (
      e.kind === "execution.user.check" ||
      e.kind === "execution.user.required" ||
      e.kind === "execution.program.started"
    )
      break;
    const p = programOn(e);
    if (p) return p;
  }
  return undefined;
}

/** Successful runs of a stage: the stage's own log runs and its program's executions. */
function successes(ctx: RuleContext, stage: FlowStage): Run[] {
  const own = stage === "execution" ? [] : ctx.runsOf(stage);
  return [...own, ...ctx.executionsFor(stage)].filter((r) => r.result === "success");
}

const rule: Rule = {
  id: "execution-waits-for-logon",
  stage: "execution",
  defaultSeverity: "warning",
  description:
    "An advertised program waits because it may only run while a user is logged on, and nobody is (the classic stopped sync host); or the reverse: it may only run while nobody is logged on, and a user is.",
  messages: {
    "never-ran":
      "Program {program} may run only while a user is logged on, and nobody was: it waited ({span}) and no {stage} run has succeeded since it began waiting. {lastSuccess}",
    delayed:
      "Program {program} found nobody logged on and had to wait ({span}); it runs only when someone happens to be logged on, so its stage runs late or not at all.",
    logoff:
      "Program {program} may run only while nobody is logged on, and a user was ({span}): it waits for every user to log off, which on a machine in daily use may be never.",
  },
  remedy:
    'The program is set to run only when a user is logged on. Make the machine that runs it one that someone logs on to every day, or change the program (Properties → Environment → Program can run) to "Whether or not a user is logged on". For the Sync program (SyncXML) do the first: SyncXML needs a logged-on user for its Internet access through that user\'s proxy settings, so schedule the Sync advertisement on an administrator\'s workstation that is logged on daily, not on a locked-away server. Then run the sync once by hand there (SyncXML.exe /s /site <siteserver> /code <sitecode> /target \\\\<synchost>\\<share>\\SecurityPatch\\PkgSource /package <packageID>, without /s to watch it). A program that may run only when no user is logged on (Smsapm32: "This job requires the user to be logged off the system") waits until every user logs off: set it to "Whether or not a user is logged on" unless it really must run with nobody logged on.',
  check(ctx, report) {
    const relevant = ctx
      .ofKind(
        "execution.user.not-logged-on",
        "execution.user.required",
        "execution.request.state",
        "execution.logoff.required",
        "execution.user.not-logged-off",
      )
      .filter((e) => e.kind !== "execution.request.state" || isWaiting(e));
    const clusters: PatchEvent[][] = [];
    for (const e of relevant) {
      const cur = clusters[clusters.length - 1];
      if (cur && close(cur[cur.length - 1], e, CLUSTER_LINES, CLUSTER_MS)) cur.push(e);
      else clusters.push([e]);
    }
    const byProgram = new Map<string, { program: string; logoff: boolean; clusters: PatchEvent[][] }>();
    for (const c of clusters) {
      if (!c.some(isWaiting)) continue; // "requires a user" followed by a logged-on user: it ran
      const program = nameOf(ctx, c) ?? "(not named in the log)";
      // The reverse condition: the program may run only when nobody is logged on, and someone is.
      const logoff = c.some(
        (e) => e.kind === "execution.logoff.required" || e.kind === "execution.user.not-logged-off",
      );
      const key = `${logoff ? "off" : "on"}|${program.toLowerCase()}`;
      const g = byProgram.get(key) ?? { program, logoff, clusters: [] };
      g.clusters.push(c);
      byProgram.set(key, g);
    }
    for (const { program, logoff, clusters: occ } of byProgram.values()) {
      const stage = stageOfProgram(program) ?? "execution";
      const first = occ[0][0];
      const lastOcc = occ[occ.length - 1];
      const t0 = timeOf(first);
      const done = successes(ctx, stage);
      const after = done.filter((r) => {
        const s = ctx.runStart(r);
        return t0 !== undefined && s !== undefined ? s > t0 : (r.start ?? r.events[0]) > first.seq;
      });
      const before = done.filter((r) => !after.includes(r)).pop();
      // The lines that show it: "requires a user" and "no user logged on" of each occurrence; the first and the latest ones.
      const shown = occ.map((c) =>
        c.filter(
          (e) =>
            e.kind !== "execution.request.state" ||
            !c.some((x) => x.kind === "execution.user.not-logged-on" || x.kind === "execution.user.not-logged-off"),
        ),
      );
      const pick = shown.length <= 5 ? shown : [shown[0], ...shown.slice(-4)];
      const evidence = pick.flat().slice(-MAX_EVIDENCE);
      const blocked = stage !== "execution" && after.length === 0;
      if (blocked && before) evidence.push(ctx.lastEvent(before));
      report({
        messageId: logoff ? "logoff" : blocked ? "never-ran" : "delayed",
        data: {
          program,
          count: occ.length,
          span:
            occ.length === 1
              ? timeOf(first) !== undefined
                ? `on ${ctx.when(first)}`
                : "once"
              : `${occ.length} times between ${ctx.when(first)} and ${ctx.when(lastOcc[lastOcc.length - 1])}`,
          first: ctx.when(first),
          last: ctx.when(lastOcc[lastOcc.length - 1]),
          stage,
          lastSuccess: before
            ? `The last successful ${stage} run in the logs ended on ${ctx.when(ctx.lastEvent(before))} (${ctx.lastEvent(before).file.split(/[\\/]/).pop()}:${ctx.lastEvent(before).line}).`
            : `No successful ${stage} run is in the logs.`,
        },
        evidence,
        stage,
        severity: blocked ? "error" : "warning",
      });
    }
  },
};
export default rule;
