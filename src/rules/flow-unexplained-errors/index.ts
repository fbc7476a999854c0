import type { PatchEvent, Severity } from "../../model/event.js";
import type { Run } from "../../model/run.js";
import type { Rule } from "../types.js";

import { cap, explainCodes } from "../lib/sync.js";
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
      for (const g of groups.values()) {
        if (g.level === "warning" && g.run && failingRuns.has(g.run)) continue;
        const first = g.events[0];
        const last = g.events[g.events.length - 1];
        const later = laterSuccess(ctx, stage, last, g.run);
        // A warning the run itself got past (it succeeded), or one a later run left behind, is information.
        // A failure a later run left behind is a warning; one in the latest run is an error, even when that run
        // ended well (its outcome below says so rather than claiming nothing succeeded).
        const severity: Severity =
          g.level === "failure"
            ? later
              ? "warning"
              : "error"
            : later || g.run?.result === "success"
              ? "info"
              : "warning";
        const bases = new Set<string>();
        for (const e of g.events) for (const b of e.signal!.basis) bases.add(b);
        const basis = [...bases].map((b) => BASIS[b]).join(", ");
        const codes = explainCodes(g.events.filter((e) => e.fields.codes?.length));
        const runStart = g.run ? ctx.firstEvent(g.run) : undefined;
        const where = g.run
          ? `in the ${g.run.type === "execution" ? `run of ${g.run.program ?? "a program"}` : `${stage} run`} started ${ctx.when(runStart!)}`
          : g.events.length > 1
            ? `outside any ${stage} run, ${ctx.when(first)} to ${ctx.when(last)}`
            : `outside any ${stage} run, at ${ctx.when(first)}`;
        const outcome = later
          ? `A later ${stage === "execution" ? "run of the program" : `${stage} run`} succeeded (${ctx.when(ctx.firstEvent(later))}), so it did not last.`
          : g.run?.result === "success"
            ? g.level === "failure"
              ? "The run itself ended as a success, so check whether the failure was real: nothing after it says so."
              : "The run went on to succeed."
            : `No ${stage === "execution" ? "later run of the program" : `${stage} run`} has succeeded since.`;
        const evidence = cap([...g.events, ...(runStart && runStart.seq !== first.seq ? [runStart] : [])]);
        report({
          messageId: g.level,
          stage,
          severity,
          data: {
            stage,
            log: logName(first),
            count: g.events.length,
            plural: g.events.length === 1 ? "" : "s",
            where,
            sample: quote(first, 140),
            basis,
            level: g.level,
            codes: codes ? `; ${codes}` : "",
            outcome,
          },
          evidence,
          covers: g.events,
          foldInto: g.foldInto,
        });
      }
    }
  },
};
export default rule;
