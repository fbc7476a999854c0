import type { PatchEvent } from "../../model/event.js";
import type { Run } from "../../model/run.js";
import { stageOfProgram, timeOf, type RuleContext } from "../context.js";
import type { Rule } from "../types.js";

const MAX_EVIDENCE = 10;

function times(n: number): string {
  return n === 1 ? "once" : n === 2 ? "twice" : `${n} times`;
}
const MINUTE = 60_000;
/** A request the execution log outlived by this much without starting the program was not just about to start. */
const OUTLIVED_MS = 60 * MINUTE;
/** How long after the program started PatchInstall.log must show a run. */
const LOG_WINDOW_MS = 10 * MINUTE;

/** The program a request line names: the catalog's field, or the words between "program" and "state"/"is". */
function requestProgram(e: PatchEvent): string | undefined {
  if (typeof e.fields.program === "string") return e.fields.program;
  return e.message.match(/\bprogram (.+?) (?:state change|is waiting|is |has )/i)?.[1];
}

const WAITING = /^(Waiting\w*|Failed|Error\w*|Cancel\w*|Abandon\w*)$/i;
const USER_LOGON = /UserLogon|user to log ?on/i;

interface Episode {
  program: string;
  packageId?: string;
  events: PatchEvent[];
  endSeq: number;
}

/** Requests for programs, split where a new request (from NotExist) begins, per log file and program name. */
function episodes(ctx: RuleContext): Episode[] {
  const out: Episode[] = [];
  const open = new Map<string, Episode>();
  for (const e of ctx.ofKind("execution.request.state")) {
    const program = requestProgram(e);
    if (!program) continue;
    const key = `${e.file}\u0000${program.toLowerCase()}`;
    const cur = open.get(key);
    if (cur && e.fields.fromState !== "NotExist") {
      cur.events.push(e);
      continue;
    }
    if (cur) cur.endSeq = e.seq;
    const ep: Episode = {
      program,
      packageId: typeof e.fields.packageId === "string" ? e.fields.packageId : undefined,
      events: [e],
      endSeq: Infinity,
    };
    out.push(ep);
    open.set(key, ep);
  }
  return out;
}

function startsIn(ctx: RuleContext, ep: Episode): PatchEvent | undefined {
  const first = ep.events[0];
  return ctx
    .ofKind("execution.program.started")
    .find(
      (s) =>
        s.file === first.file &&
        s.seq > first.seq &&
        s.seq < ep.endSeq &&
        stageOfProgram(s.fields.program) === "install",
    );
}

/** Whether the request names the PatchInstall program: by its name, or because it started PatchInstall another time. */
function isInstallProgram(ctx: RuleContext, program: string, all: Episode[]): boolean {
  if (stageOfProgram(program) === "install") return true;
  return all.some(
    (ep) =>
      ep.program.toLowerCase() === program.toLowerCase() &&
      (() => {
        const s = startsIn(ctx, ep);
        return s !== undefined && s.line - ep.events[0].line <= 5;
      })(),
  );
}

const rule: Rule = {
  id: "install-never-ran",
  stage: "install",
  defaultSeverity: "warning",
  description:
    "The execution log shows the PatchInstall program requested but never started, or started without any PatchInstall.log run following.",
  messages: {
    "not-started":
      'The PatchInstall program "{program}"{package} was requested {times} but did not start (the last time on {last}{state}), so no patch was installed by it.',
    "no-log":
      "The execution log started PatchInstall ({program}) {times}, the last time on {last}, but PatchInstall.log has no run at that time: PatchInstall did not really run, or could not write its log.",
  },
  remedy:
    'On the client, look at execmgr.log (Smsapm32.log on SMS 2.0 and the Legacy Client) around {last} for why the program waited or ended: content not yet on a distribution point (update the distribution points of the software updates package), a program requirement not met, or a maintenance window. If it started but wrote nothing, check that PatchInstall.exe and PatchAuthorize.xml are in the package folder it runs from and run patchinstall.exe <switches> /m:"PatchAuthorize.xml" there by hand; the patch installation log is %windir%\\system32\\CCM\\Logs\\PatchInstall.log (SMS 2.0: %windir%\\Temp\\PatchInstall.log).',
  check(ctx, report) {
    const all = episodes(ctx);

    // --- requested, never started
    const notStarted = new Map<string, { eps: Episode[]; extra: PatchEvent[] }>();
    for (const ep of all) {
      if (!isInstallProgram(ctx, ep.program, all) || startsIn(ctx, ep)) continue;
      const first = ep.events[0];
      const inRange = (e: PatchEvent): boolean => e.file === first.file && e.seq > first.seq && e.seq < ep.endSeq;
      // Waiting for a user to log on: execution-waits-for-logon reports it.
      if (ep.events.some((e) => USER_LOGON.test(e.message) || USER_LOGON.test(String(e.fields.toState ?? ""))))
        continue;
      if (ctx.ofKind("execution.user.not-logged-on").some(inRange)) continue;
      const content = ctx
        .ofKind("execution.content.unavailable")
        .filter(
          (e) =>
            inRange(e) && (!ep.packageId || e.fields.packageId === undefined || e.fields.packageId === ep.packageId),
        );
      const waiting = ep.events.filter((e) => typeof e.fields.toState === "string" && WAITING.test(e.fields.toState));
      const t0 = timeOf(first);
      const logEnd = ctx.events
        .filter((e) => e.file === first.file)
        .reduce<number | undefined>((m, e) => Math.max(m ?? -Infinity, timeOf(e) ?? -Infinity), undefined);
      const outlived = t0 !== undefined && logEnd !== undefined && logEnd - t0 >= OUTLIVED_MS;
      if (!content.length && !waiting.length && !outlived) continue;
      const key = ep.program.toLowerCase();
      const entry = notStarted.get(key) ?? { eps: [], extra: [] };
      entry.eps.push(ep);
      entry.extra.push(...content, ...waiting);
      notStarted.set(key, entry);
    }
    for (const { eps, extra } of notStarted.values()) {
      const lastEp = eps[eps.length - 1];
      const lastEvent = lastEp.events[lastEp.events.length - 1];
      const state =
        typeof lastEvent.fields.toState === "string"
          ? `, left in state ${lastEvent.fields.toState}`
          : extra.some((e) => e.kind === "execution.content.unavailable")
            ? ", its content not available"
            : "";
      // Per request, the latest first: why it waited, then the request itself.
      const evidence = [...eps]
        .reverse()
        .flatMap((ep) => [
          ...extra.filter((e) => e.file === ep.events[0].file && e.seq > ep.events[0].seq && e.seq < ep.endSeq),
          ep.events[0],
        ]);
      report({
        messageId: "not-started",
        data: {
          program: lastEp.program,
          package: lastEp.packageId ? ` (package ${lastEp.packageId})` : "",
          count: eps.length,
          times: times(eps.length),
          last: ctx.when(lastEp.events[0]),
          state,
        },
        evidence: [...new Set(evidence)].slice(0, MAX_EVIDENCE),
      });
    }

    // --- started, but PatchInstall.log shows no run then
    const installLog = ctx.events.filter((e) => e.log === "PatchInstall");
    if (!installLog.length) return;
    const logStart = Math.min(...installLog.map((e) => timeOf(e) ?? Infinity));
    const silent = new Map<string, Run[]>();
    for (const r of ctx.executionsFor("install")) {
      if (r.start === undefined) continue;
      const s = ctx.runStart(r);
      if (s === undefined || s < logStart) continue; // the log does not reach back that far
      const e = r.end !== undefined ? ctx.runEnd(r) : undefined;
      const to = Math.max(e ?? s, s) + LOG_WINDOW_MS;
      const ran = installLog.some((x) => {
        const t = timeOf(x);
        return t !== undefined && t >= s - MINUTE && t <= to;
      });
      if (ran) continue;
      const key = (r.program ?? "").toLowerCase();
      silent.set(key, [...(silent.get(key) ?? []), r]);
    }
    for (const runs of silent.values()) {
      const lastRun = runs[runs.length - 1];
      const evidence = runs
        .flatMap((r) => [ctx.firstEvent(r), ...(r.end !== undefined ? [ctx.event(r.end)] : [])])
        .reverse();
      report({
        messageId: "no-log",
        data: {
          program: lastRun.program ?? "PatchInstall",
          count: runs.length,
          times: times(runs.length),
          last: ctx.when(ctx.firstEvent(lastRun)),
        },
        evidence: [...new Set(evidence)].slice(0, MAX_EVIDENCE),
      });
    }
  },
};
export default rule;
