import type { PatchEvent } from "../../model/event.js";
import { programKey, type Run, type RunOutcome } from "../../model/run.js";
import { timeOf, type RuleContext } from "../context.js";
import type { CatalogKind } from "./sync.js";

/**
 * One client scan, as every rule that looks at scans sees it: a run of a scan log (ScanWrapper.log, s_scan.log,
 * o_scan.log), or a scan program's execution (execmgr.log, Smsapm32.log) that no scan log speaks for
 * (`fromExecution`), with what it found out about its catalog and whether it asked for a hardware inventory (`/kick`).
 * `scans(ctx)` gives the scan logs' runs, `scansWithExecutions(ctx)` both.
 */
export interface Scan {
  /** The scan log, or the program (`scanwrapper.exe`) when only the execution log shows the scan. */
  source: string;
  /** The scan log's run, or the program's execution. */
  run: Run;
  events: PatchEvent[];
  /** The run's start line when the log has it, else its first line. */
  first: PatchEvent;
  /** Its completion, failure or exit line, else its last line. */
  last: PatchEvent;
  /** When it started and when its last line was written, ms. */
  start?: number;
  end?: number;
  /** When it finished, ms: its end, when the run has an end line (`run.result` is not `did-not-end`). */
  doneAt?: number;
  /** The run's result, with `scan.exit` taken as the end when no end marker was written. */
  result: RunOutcome;
  /** Which catalog it scanned against. */
  kind: CatalogKind;
  /** The `scan.catalog.loaded` line, if any. */
  catalog?: PatchEvent;
  /** /kick: the scan asked for (or, when it completed, was told to run) a hardware inventory cycle. */
  kick: boolean;
  /** The line that shows the /kick: `Requesting hardware inventory`, else the start or command line naming /kick. */
  kickEvent?: PatchEvent;
  /** A hardware inventory cycle starting at or after this time carries the scan's results. */
  coverFrom?: number;
  /** Known only from the program-execution log (its completion time is the program's exit). */
  fromExecution: boolean;
}

const KICK = /\/kick\b/i;
const SLACK = 5 * 60_000;

function mentionsKick(e: PatchEvent): boolean {
  if (e.fields.kick === true) return true;
  for (const v of [e.fields.arguments, e.fields.program, e.fields.switches])
    if (typeof v === "string" && KICK.test(v)) return true;
  return (e.kind === "scan.started" || e.kind.startsWith("execution.program")) && KICK.test(e.message);
}

/** Index of the first event at or after this line (events sorted by line). */
function lowerBound(list: PatchEvent[], line: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many values of an ascending list are below `min` (the index of the first that is not). */
function lowerIndex(list: number[], min: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < min) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first value of an ascending list that is at least `min`. */
function firstFrom(list: number[], min: number): number | undefined {
  const i = lowerIndex(list, min);
  return i < list.length ? list[i] : undefined;
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).toLowerCase();
}

/** The catalog a scan log deals with: by its name (o_scan, s_scan), else by the catalog its lines name. */
export function scanKind(file: string, events: PatchEvent[]): CatalogKind {
  const name = baseName(file);
  if (name.startsWith("o_scan")) return "office";
  if (name.startsWith("s_scan")) return "security";
  const cat = events.find(
    (e) => e.kind === "scan.catalog.loaded" || e.kind === "scan.catalog.missing" || e.kind === "scan.catalog.invalid",
  );
  const p = cat ? `${String(cat.fields.path ?? "")} ${cat.message}` : "";
  return /invc|office/i.test(p) ? "office" : "security";
}

/** What every scan has, from its run. */
function scanOf(
  ctx: RuleContext,
  run: Run,
  source: string,
  fromExecution: boolean,
): Omit<Scan, "kick" | "kickEvent" | "coverFrom"> {
  const events = run.events.map((s) => ctx.event(s));
  let result = run.result;
  if (result === "did-not-end") {
    const exit = [...events].reverse().find((e) => e.kind === "scan.exit" && typeof e.fields.exitCode === "number");
    if (exit) result = exit.fields.exitCode === 0 ? "success" : "failure";
  }
  const first = ctx.firstEvent(run);
  const last = ctx.lastEvent(run);
  const end = timeOf(last);
  return {
    source,
    run,
    events,
    first,
    last,
    start: timeOf(first),
    end,
    doneAt: run.result === "did-not-end" ? undefined : end,
    result,
    kind: scanKind(source, events),
    catalog: events.find((e) => e.kind === "scan.catalog.loaded"),
    fromExecution,
  };
}

/** The scans of a rule context, worked out once (rules read them, never change them). */
const SCANS = Symbol("scans");

/** Every run of the scan logs, in timeline order. */
export function scans(ctx: RuleContext): Scan[] {
  return scansWithExecutions(ctx).filter((s) => !s.fromExecution);
}

/** Every scan, in timeline order: the scan logs' runs and the scan programs' executions no scan log speaks for. */
export function scansWithExecutions(ctx: RuleContext): Scan[] {
  return [...ctx.memo<readonly Scan[]>(SCANS, () => build(ctx))];
}

function build(ctx: RuleContext): Scan[] {
  const out: Scan[] = [];
  const scanRuns = ctx.runsOf("scan");
  const execs = ctx.executionsFor("scan");
  const execKick = (r: Run): PatchEvent | undefined => r.events.map((s) => ctx.event(s)).find(mentionsKick);
  // The executions that name /kick, in order, with their times (the only ones that can switch a scan to /kick).
  const kickingExecs = execs.flatMap((x) => {
    const kick = execKick(x);
    return kick ? [{ a: ctx.runStart(x), b: ctx.runEnd(x), kick }] : [];
  });

  // Each scan log's events in line order, and its start lines, for the stretch around each run.
  const fileEvents = new Map<string, PatchEvent[]>();
  for (const e of ctx.events) {
    if (e.stage !== "scan") continue;
    const list = fileEvents.get(e.file);
    if (list) list.push(e);
    else fileEvents.set(e.file, [e]);
  }
  for (const list of fileEvents.values()) list.sort((a, b) => a.line - b.line);
  // Where the start lines, the /kick requests and the start lines naming /kick are in each log's list: a run's
  // stretch is found by binary search rather than by walking the log (a log of thousands of runs stays linear).
  const marks = new Map<string, { starts: number[]; kicks: number[]; kickStarts: number[] }>();
  for (const [file, list] of fileEvents) {
    const m = { starts: [] as number[], kicks: [] as number[], kickStarts: [] as number[] };
    list.forEach((e, i) => {
      if (e.kind === "scan.started") {
        m.starts.push(i);
        if (mentionsKick(e)) m.kickStarts.push(i);
      } else if (e.kind === "scan.kick") m.kicks.push(i);
    });
    marks.set(file, m);
  }
  // The last lines of each log's finished runs, ascending: the end of the finished run before a run's first line.
  const endsByFile = new Map<string, number[]>();
  for (const r of scanRuns) {
    if (r.result === "did-not-end") continue;
    const list = endsByFile.get(r.file);
    if (list) list.push(r.lastLine);
    else endsByFile.set(r.file, [r.lastLine]);
  }
  for (const list of endsByFile.values()) list.sort((a, b) => a - b);

  for (const run of scanRuns) {
    const base = scanOf(ctx, run, run.file, false);
    const startAt = base.start;
    const doneAt = base.doneAt;
    // The run's stretch of its log: from its first start line to the next start after it. The /kick request is
    // logged after "Scan completed" (outside the run), and a start line naming /kick may open a run of its own
    // just before (a second start line of the same scan), so the stretch goes back to the first start line after
    // the previous finished run.
    const lines = fileEvents.get(run.file) ?? [];
    const m = marks.get(run.file) ?? { starts: [], kicks: [], kickStarts: [] };
    // The last line of the latest finished run that ended before this one began (the run itself ends after it).
    const ends = endsByFile.get(run.file) ?? [];
    const below = lowerIndex(ends, run.firstLine);
    const prevEnd = below > 0 ? Math.max(0, ends[below - 1]) : 0;
    // The stretch is lines[from, to): from the first start line after prevEnd (or the run's first line, if no start
    // line comes before it), to the first start line after the run's last line.
    const after = lowerBound(lines, prevEnd + 1);
    const from = Math.min(lowerBound(lines, run.firstLine), firstFrom(m.starts, after) ?? lines.length);
    const to = firstFrom(m.starts, lowerBound(lines, run.lastLine + 1)) ?? lines.length;
    const within = (list: number[]): PatchEvent | undefined => {
      const i = firstFrom(list, from);
      return i !== undefined && i < to ? lines[i] : undefined;
    };
    const requested = within(m.kicks);
    let switched = within(m.kickStarts);
    if (!switched && startAt !== undefined)
      switched = kickingExecs.find(
        ({ a, b }) => a !== undefined && b !== undefined && startAt >= a - SLACK && startAt <= b + SLACK,
      )?.kick;
    const ok = run.result === "success";
    const kick = requested !== undefined || (ok && switched !== undefined);
    const kickEvent = requested ?? (kick ? switched : undefined);
    // The /kick facts are set on the run's facts rather than spread into a copy of them (a copy per run costs more
    // than all the look-ups above); the properties come in the same order.
    const scan = base as Scan;
    scan.kick = kick;
    scan.kickEvent = kickEvent;
    scan.coverFrom = ok ? doneAt : requested ? timeOf(requested) : undefined;
    out.push(scan);
  }

  // Scans seen only in the execution log (no scan log, or a scan log that does not cover that time).
  const kept: Scan[] = [];
  for (const x of execs) {
    const a = ctx.runStart(x);
    const b = ctx.runEnd(x);
    if (a === undefined || b === undefined) continue;
    if (out.some((s) => s.start !== undefined && s.start >= a - SLACK && s.start <= b + SLACK)) continue;
    // execmgr logs a run's exit twice (exit code, then "Program ... completed"): one scan.
    if (
      kept.some((s) => s.start !== undefined && s.doneAt !== undefined && a <= s.doneAt + SLACK && b >= s.start - SLACK)
    )
      continue;
    const kickAt = execKick(x);
    const ok = x.result === "success";
    kept.push({
      ...scanOf(ctx, x, programKey(x.program) || "scan program", true),
      kick: ok && kickAt !== undefined,
      kickEvent: ok ? kickAt : undefined,
      coverFrom: ok ? a : undefined,
    });
  }
  return [...out, ...kept].sort((p, q) => p.first.seq - q.first.seq);
}

/** Start times merged when closer than an hour (a restarted scan, a second start line of the same run). */
export function distinctStarts(times: number[]): number[] {
  const s = times.filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
  const out: number[] = [];
  for (const t of s) if (!out.length || t - out[out.length - 1] >= 3_600_000) out.push(t);
  return out;
}
