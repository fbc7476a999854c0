import type { PatchEvent, Severity } from "../../model/event.js";
import { programKey, type Run } from "../../model/run.js";
import type { Rule } from "../types.js";

import { cap, explainCodes, MAX_EVIDENCE } from "../lib/sync.js";
import {
  causeCodes,
  laterSuccess,
  logName,
  quote,
  runOfEvent,
  shapeOf,
  SIGNAL_STAGES,
  stageLines,
} from "../lib/signals.js";

interface Group {
  key: string;
  run?: Run;
  level: "failure" | "warning";
  events: PatchEvent[];
  /** Lines of the finding this group belongs with (see `fold` in the engine). */
  foldInto?: number[];
  /** The group's level and message shape, the same in each run of one incident; none for a group that folds. */
  shape?: string;
}

const BASIS: Record<string, string> = {
  type: "the record type",
  prefix: "its ERROR/EXCEPTION/WARNING prefix",
  code: "a failure code",
  words: "its words",
};

const rule: Rule = {
  id: "flow-unexplained-errors",
  stage: "flow",
  defaultSeverity: "error",
  late: true,
  description:
    "A stage's log marks lines as failures or warnings (record type, ERROR/EXCEPTION/WARNING prefix, failure code, failure words) that no other finding explains: error in the stage's latest run, warning once a later run succeeded.",
  messages: {
    failure:
      "{log} logged {count} failure line{plural} that no other finding explains, {where}: “{sample}” (a failure by {basis}){codes}. {outcome}",
    warning:
      "{log} logged {count} warning line{plural} that no other finding explains, {where}: “{sample}” (a warning by {basis}){codes}. {outcome}",
  },
  remedy:
    "Read the cited lines of {log} and the lines around them: the log itself marks them as {level}s, but patchflow knows no specific diagnosis for this wording. The codes, when there are any, are explained above. If the message is known to be harmless on this client, disable this check for the run with --rule flow-unexplained-errors=off; a pattern for the wording (--patterns) gives it a kind of its own.",
  check(ctx, report) {
    for (const stage of SIGNAL_STAGES) {
      const runOf = runOfEvent(ctx, stage);
      const groups = new Map<string, Group>();
      // Runs a finding already speaks of: their warnings, and failure lines that name no other cause (no other
      // HRESULT or HTTP status: "Scan failed", "exiting with code 1"), are that failure's consequences, not news.
      const explainedRuns = new Set<Run>();
      const explainedIn = (r: Run): number[] => r.events.filter((seq) => ctx.explained.has(seq));
      const runCauses = new Map<Run, Set<string>>();
      // A line's place (its run, else its log) and its key (place, level and message shape). A message's shape takes
      // a few passes over its text, so it is worked out only for the lines that need it: those that form a group, and
      // those of a place where a finding cites a line (shaped on the first look at that place).
      const placeOf = (e: PatchEvent): string => `${runOf(e.seq)?.id ?? `${e.file}:-`}`;
      const keyOf = (e: PatchEvent, place: string): string => `${place}|${e.signal!.level}|${shapeOf(e.message)}`;
      const { signals } = stageLines(ctx, stage);
      const explainedAt = new Map<string, PatchEvent[]>();
      for (const e of signals) {
        if (!ctx.explained.has(e.seq)) continue;
        const place = placeOf(e);
        const list = explainedAt.get(place);
        if (list) list.push(e);
        else explainedAt.set(place, [e]);
      }
      const explainedKeys = new Set<string>();
      const shapedPlaces = new Set<string>();
      for (const s of ctx.explained) {
        const r = runOf(s);
        if (!r) continue;
        explainedRuns.add(r);
        const e = ctx.event(s);
        if (e.signal?.level !== "failure") continue;
        const set = runCauses.get(r) ?? new Set<string>();
        for (const c of causeCodes(e)) set.add(c);
        runCauses.set(r, set);
      }
      for (const e of signals) {
        // Most lines of a large log make a finding's worth of garbage here and none a report: paced per line.
        ctx.pacer.pace();
        if (ctx.explained.has(e.seq)) continue;
        const run = runOf(e.seq);
        if (run && e.signal!.level === "warning" && explainedRuns.has(run)) continue;
        // A failure line of a run whose failure a finding explains is a consequence when it names only causes that
        // finding gives, or, naming none, is a known outcome line ("Scan failed", an exit code): not when it is a
        // line no pattern placed (a second, different failure in the same run is news).
        const causes = run && runCauses.get(run);
        const named = causeCodes(e);
        if (causes && (named.length ? named.every((c) => causes.has(c)) : !e.kind.endsWith(".message"))) continue;
        // The same message in the same run as a line a finding cites is explained by that finding.
        const place = placeOf(e);
        const cited = explainedAt.get(place);
        let key: string | undefined;
        if (cited) {
          if (!shapedPlaces.has(place)) {
            for (const x of cited) explainedKeys.add(keyOf(x, place));
            shapedPlaces.add(place);
          }
          key = keyOf(e, place);
          if (explainedKeys.has(key)) continue;
        }
        // A failure line no pattern placed and naming no cause, in a run a finding explains: most likely part of the
        // same incident, so it goes to that finding as evidence (folded), and stands alone only if none takes it.
        const fold = causes && !named.length ? `fold|${run!.id}` : undefined;
        if (!fold) key ??= keyOf(e, place);
        const id = fold ?? key!;
        const g = groups.get(id);
        if (g) g.events.push(e);
        else
          groups.set(id, {
            key: id,
            run: runOf(e.seq),
            level: e.signal!.level,
            events: [e],
            foldInto: fold ? explainedIn(run!) : undefined,
            shape: fold ? undefined : key!.slice(place.length + 1),
          });
      }
      // Failure lines that name no cause ("Scan failed", an exit code) join a group of the same run that names one.
      // The host is the run's first failure group that names a cause; joining adds no cause, so the hosts are known
      // up front (one look-up per group rather than a pass over every group).
      const namesCause = (g: Group): boolean => g.events.some((e) => causeCodes(e).length);
      const hostOf = new Map<Run, Group>();
      for (const h of groups.values())
        if (h.level === "failure" && h.run && !hostOf.has(h.run) && namesCause(h)) hostOf.set(h.run, h);
      const joined = new Set<Group>();
      for (const g of [...groups.values()]) {
        if (g.foldInto || g.level !== "failure" || !g.run || namesCause(g)) continue;
        const host = hostOf.get(g.run);
        if (!host) continue;
        host.events.push(...g.events);
        joined.add(host);
        groups.delete(g.key);
      }
      for (const h of joined) h.events.sort((a, b) => a.seq - b.seq);
      // A run's failure is news enough: its warnings are left out.
      const failingRuns = new Set(
        [...groups.values()].filter((g) => g.level === "failure" && g.run).map((g) => g.run!),
      );
      // One incident, one finding: the same failure (level and message shape) in consecutive runs of one log (of one
      // program, for program runs) is reported once, from its first run to its last.
      const lane = (r: Run): string => `${r.file}|${r.type === "execution" ? programKey(r.program) : ""}`;
      // Each run's place among the runs of its log (its program's).
      const order = new Map<Run, number>();
      const lanes = new Map<string, number>();
      for (const r of stage === "execution" ? ctx.runsOf("execution") : ctx.runsOf(stage)) {
        const l = lane(r);
        const n = lanes.get(l) ?? 0;
        order.set(r, n);
        lanes.set(l, n + 1);
      }
      const incidents: Group[][] = [];
      const open = new Map<string, { groups: Group[]; at: number }>();
      for (const g of groups.values()) {
        if (g.level === "warning" && g.run && failingRuns.has(g.run)) continue;
        const at = g.run && g.shape !== undefined ? order.get(g.run) : undefined;
        if (at === undefined) {
          incidents.push([g]);
          continue;
        }
        const key = `${lane(g.run!)}|${g.shape}`;
        const o = open.get(key);
        if (o && o.at === at - 1) {
          o.groups.push(g);
          o.at = at;
        } else {
          const list = [g];
          incidents.push(list);
          open.set(key, { groups: list, at });
        }
      }
      for (const inc of incidents) {
        const g = inc[0];
        const lastGroup = inc[inc.length - 1];
        const runs = inc.length;
        const events = runs === 1 ? g.events : inc.flatMap((x) => x.events);
        const first = events[0];
        const last = events[events.length - 1];
        const lastRun = lastGroup.run;
        const later = laterSuccess(ctx, stage, last, lastRun);
        // A warning the run itself got past (it succeeded), or one a later run left behind, is information.
        // A failure a later run left behind is a warning; one in the latest run is an error, even when that run
        // ended well (its outcome below says so rather than claiming nothing succeeded).
        const severity: Severity =
          g.level === "failure"
            ? later
              ? "warning"
              : "error"
            : later || lastRun?.result === "success"
              ? "info"
              : "warning";
        const bases = new Set<string>();
        for (const e of events) for (const b of e.signal!.basis) bases.add(b);
        const basis = [...bases].map((b) => BASIS[b]).join(", ");
        const codes = explainCodes(events.filter((e) => e.fields.codes?.length));
        const runStart = g.run ? ctx.firstEvent(g.run) : undefined;
        const lastStart = lastRun ? ctx.firstEvent(lastRun) : undefined;
        const runName = (n: number): string =>
          g.run!.type === "execution"
            ? `run${n === 1 ? "" : "s"} of ${g.run!.program ?? "a program"}`
            : `${stage} run${n === 1 ? "" : "s"}`;
        const where = g.run
          ? runs === 1
            ? `in the ${runName(1)} started ${ctx.when(runStart!)}`
            : `in ${runs} ${runName(runs)} in a row, the first started ${ctx.when(runStart!)}, the last ${ctx.when(lastStart!)}`
          : g.events.length > 1
            ? `outside any ${stage} run, ${ctx.when(first)} to ${ctx.when(last)}`
            : `outside any ${stage} run, at ${ctx.when(first)}`;
        const outcome = later
          ? `A later ${stage === "execution" ? "run of the program" : `${stage} run`} succeeded (${ctx.when(ctx.firstEvent(later))}), so it did not last.`
          : lastRun?.result === "success"
            ? g.level === "failure"
              ? `${runs === 1 ? "The run itself" : "The last of these runs"} ended as a success, so check whether the failure was real: nothing after it says so.`
              : `${runs === 1 ? "The run" : "The last of these runs"} went on to succeed.`
            : `No ${stage === "execution" ? "later run of the program" : `${stage} run`} has succeeded since.`;
        // The first run's lines and start; of a longer incident, the last run's first line and start too.
        const cited =
          runs === 1
            ? [...g.events, ...(runStart && runStart.seq !== first.seq ? [runStart] : [])]
            : [
                ...g.events.slice(0, MAX_EVIDENCE - 3),
                ...(runStart!.seq !== first.seq ? [runStart!] : []),
                lastGroup.events[0],
                ...(lastStart!.seq !== lastGroup.events[0].seq ? [lastStart!] : []),
              ];
        report({
          messageId: g.level,
          stage,
          severity,
          data: {
            stage,
            log: logName(first),
            count: events.length,
            plural: events.length === 1 ? "" : "s",
            where,
            sample: quote(first, 140),
            basis,
            level: g.level,
            codes: codes ? `; ${codes}` : "",
            outcome,
          },
          evidence: cap(cited),
          covers: events,
          foldInto: g.foldInto,
        });
      }
    }
  },
};
export default rule;
