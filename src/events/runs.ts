import type { PatchEvent } from "../model/event.js";
import { logBaseName, olderGenerationFirst } from "../model/logs.js";
import { SUCCESS_EXIT, programKey, type Run, type RunOutcome, type RunType } from "../model/run.js";
import { eventInstant } from "./stored.js";
import { ownString } from "./compact.js";

interface Marker {
  type: RunType;
  role: "start" | "success" | "failure" | "end";
}

const MARKERS: Record<string, Marker> = {
  "sync.started": { type: "sync", role: "start" },
  "sync.completed": { type: "sync", role: "success" },
  "sync.failed": { type: "sync", role: "failure" },
  "scan.started": { type: "scan", role: "start" },
  "scan.completed": { type: "scan", role: "success" },
  "scan.failed": { type: "scan", role: "failure" },
  "inventory.cycle.started": { type: "inventory", role: "start" },
  "inventory.cycle.completed": { type: "inventory", role: "success" },
  "inventory.cycle.failed": { type: "inventory", role: "failure" },
  "install.started": { type: "install", role: "start" },
  "install.completed": { type: "install", role: "success" },
  "install.failed": { type: "install", role: "failure" },
  "execution.program.started": { type: "execution", role: "start" },
  "execution.program.exit": { type: "execution", role: "end" },
};

const NESTED_START_MS = 60_000;

function ms(e: PatchEvent): number | undefined {
  return eventInstant(e);
}

/** Two lines of one incident: within `windowMs` when both are timed, else within a few lines. */
function close(a: PatchEvent | undefined, b: PatchEvent, windowMs: number, lines: number): boolean {
  if (!a) return false;
  const ta = ms(a);
  const tb = ms(b);
  if (ta !== undefined && tb !== undefined) return Math.abs(tb - ta) <= windowMs;
  return a.file === b.file && Math.abs(b.line - a.line) <= lines;
}

/** Untimed lines are near when they are a few lines apart in one file (line numbers of two generations do not compare). */
function sameFileNear(a: PatchEvent | undefined, b: PatchEvent, lines: number): boolean {
  return a !== undefined && a.file === b.file && b.line - a.lastLine <= lines;
}

/** `dir/ScanWrapper.lo_` and `dir/ScanWrapper.log`: one log's rollover generations share the key. */
function rolloverKey(file: string): string {
  const slash = Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\"));
  return `${file.slice(0, slash + 1).toLowerCase()}${logBaseName(file)}`;
}

/**
 * Each log's events in reading order: by line within a file, and the rollover generations of one log one after
 * the other, oldest first, so that a run the log's rollover cut in two is read as one.
 */
function eventsByLog(events: PatchEvent[]): PatchEvent[][] {
  const byFile = new Map<string, PatchEvent[]>();
  for (const e of events) {
    const list = byFile.get(e.file);
    if (list) list.push(e);
    else byFile.set(e.file, [e]);
  }
  const byLog = new Map<string, string[]>();
  for (const file of byFile.keys()) {
    const key = rolloverKey(file);
    const files = byLog.get(key);
    if (files) files.push(file);
    else byLog.set(key, [file]);
  }
  return [...byLog.values()].map((files) =>
    files.sort(olderGenerationFirst).flatMap((f) => (byFile.get(f) as PatchEvent[]).sort((a, b) => a.line - b.line)),
  );
}

function nestedStart(list: PatchEvent[], open: Run, e: PatchEvent): boolean {
  const first = list.find((x) => x.seq === open.start);
  const a = first?.time.utc ?? first?.time.local;
  const b = e.time.utc ?? e.time.local;
  if (!a || !b) return sameFileNear(ctxEvent(list, open), e, 5);
  return (
    Math.abs(Date.parse(b.endsWith("Z") ? b : `${b}Z`) - Date.parse(a.endsWith("Z") ? a : `${a}Z`)) <= NESTED_START_MS
  );
}

/** The last event of a run, from the file's events. */
function ctxEvent(list: PatchEvent[], r: Run): PatchEvent | undefined {
  const seq = r.events[r.events.length - 1];
  return list.find((x) => x.seq === seq);
}

function sameProgram(r: Run, e: PatchEvent): boolean {
  const key = programKey(e.fields.program);
  return !key || !r.program || programKey(r.program) === key;
}

/**
 * Groups events into runs, log by log in file order (rollover generations oldest first, as one stream): a start
 * marker opens a run, its end marker closes it, and a new start while one is open leaves the open one "did not
 * end". Program executions are keyed by program.
 */
export function buildRuns(events: PatchEvent[]): Run[] {
  const runs: Run[] = [];
  for (const list of eventsByLog(events)) new LogRuns(list, runs).read();
  runs.sort((a, b) => (a.start ?? a.events[0]) - (b.start ?? b.events[0]));
  return runs;
}

/**
 * A run keeps its id and times for as long as the timeline: each a string of its own (`ownString`), rather than the
 * tree of parts V8 makes of a string joined from several (a time's text is five or six such parts, a run id two),
 * about 200 bytes a run (the 200 MB CCM bench log has 93,065 scans).
 */
function kept(s: string | null): string | null {
  return s === null ? null : ownString(s);
}

function newRun(e: PatchEvent, type: RunType, isStart: boolean): Run {
  return {
    id: ownString(`${e.file}:${e.line}`),
    type,
    log: e.log,
    file: e.file,
    start: isStart ? e.seq : undefined,
    startUtc: isStart ? kept(e.time.utc) : null,
    startLocal: isStart ? kept(e.time.local) : null,
    endUtc: null,
    endLocal: null,
    result: "did-not-end",
    errors: 0,
    warnings: 0,
    events: [],
    firstLine: e.line,
    lastLine: e.lastLine,
  };
}

/** A program execution's run, named by the event's program when it names one. */
function newExecRun(e: PatchEvent, isStart: boolean): Run {
  const r = newRun(e, "execution", isStart);
  if (typeof e.fields.program === "string") r.program = e.fields.program;
  return r;
}

/** Adds an event to a run: its place, its lines, and what it counts. */
function add(r: Run, e: PatchEvent): void {
  r.events.push(e.seq);
  r.lastLine = e.lastLine;
  if (e.file !== r.file) r.endFile = e.file;
  if (e.severity === "error") r.errors++;
  else if (e.severity === "warning") r.warnings++;
  if (typeof e.fields.exitCode === "number" && r.type !== "execution") r.exitCode = e.fields.exitCode;
}

/** The runs of one log, built from its events in reading order; finished runs go to `runs`. */
class LogRuns {
  /** The run of a stage marker (sync, scan, inventory, install) open now. */
  private open: Run | undefined;
  /** The last failed execution that no start opened (a lone failure line). */
  private lastLone: Run | undefined;
  /** The execution run closed last, with its closing event: a program's second closing line joins it. */
  private lastClosedExec: { run: Run; at: PatchEvent } | undefined;
  /** Open program executions, by program. */
  private readonly openExec = new Map<string, Run>();

  constructor(
    private readonly list: PatchEvent[],
    private readonly runs: Run[],
  ) {}

  read(): void {
    for (const e of this.list) {
      const m = MARKERS[e.kind];
      if (m?.type === "execution") {
        if (m.role === "start") this.programStarted(e);
        else this.programExited(e);
      } else if (e.kind === "execution.program.failed") this.programFailed(e);
      else if (m) this.stageMarker(e, m);
      else this.inside(e);
    }
    if (this.open) this.runs.push(this.open);
    for (const r of this.openExec.values()) this.runs.push(r);
  }

  private closeRun(r: Run, e: PatchEvent, result: RunOutcome): void {
    r.end = e.seq;
    r.endUtc = kept(e.time.utc);
    r.endLocal = kept(e.time.local);
    r.result = result;
    this.runs.push(r);
  }

  /** Closes an execution run with event `e`, and forgets it as open. */
  private closeExec(r: Run, e: PatchEvent, result: RunOutcome): void {
    for (const [k, v] of this.openExec) if (v === r) this.openExec.delete(k);
    this.closeRun(r, e, result);
    this.lastClosedExec = { run: r, at: e };
  }

  /** A second closing line of the execution closed last, near it and of the same program. */
  private joinsLastClosed(e: PatchEvent): boolean {
    const last = this.lastClosedExec;
    return last !== undefined && close(last.at, e, 60_000, 5) && sameProgram(last.run, e);
  }

  /** A program started: a run of it still open is left "did not end". */
  private programStarted(e: PatchEvent): void {
    const key = programKey(e.fields.program);
    const prev = this.openExec.get(key);
    if (prev) this.runs.push(prev);
    const r = newExecRun(e, true);
    add(r, e);
    this.openExec.set(key, r);
  }

  /** A program exited: its run ends, a success when its exit code says so. */
  private programExited(e: PatchEvent): void {
    const key = programKey(e.fields.program);
    let r = this.openExec.get(key);
    if (!r && !key && this.openExec.size) r = [...this.openExec.values()].pop();
    if (!r && this.joinsLastClosed(e)) {
      add(this.lastClosedExec!.run, e);
      return;
    }
    r ??= newExecRun(e, false);
    add(r, e);
    const code = e.fields.exitCode;
    if (typeof code === "number") r.exitCode = code;
    this.openExec.delete(r.program !== undefined ? programKey(r.program) : key);
    this.closeExec(r, e, typeof code === "number" && SUCCESS_EXIT.has(code) ? "success" : "failure");
  }

  /** A program failed: its open run fails, or the line joins the failure it belongs to, or it is a failed run alone. */
  private programFailed(e: PatchEvent): void {
    const key = programKey(e.fields.program);
    const r = this.openExec.get(key) ?? (this.openExec.size ? [...this.openExec.values()].pop() : undefined);
    if (r) {
      add(r, e);
      this.closeExec(r, e, "failure");
      return;
    }
    if (this.joinsLastClosed(e)) {
      add(this.lastClosedExec!.run, e);
      this.lastClosedExec!.run.result = "failure";
      return;
    }
    const lone = this.lastLone;
    if (
      lone &&
      lone.type === "execution" &&
      sameFileNear(ctxEvent(this.list, lone), e, 30) &&
      close(ctxEvent(this.list, lone), e, 600_000, 30) &&
      sameProgram(lone, e)
    ) {
      // Several failure lines of one incident (APM logs three or four) make one failed run.
      add(lone, e);
      lone.end = e.seq;
      return;
    }
    const run = newExecRun(e, false);
    add(run, e);
    this.closeRun(run, e, "failure");
    this.lastLone = run;
    this.lastClosedExec = { run, at: e };
  }

  /** A stage's start, success or failure marker. */
  private stageMarker(e: PatchEvent, m: Marker): void {
    const open = this.open;
    if (m.role === "start") {
      // A program that logs its own start and then its engine's (ScanWrapper, then the scan tool) is one run.
      if (open && open.type === m.type && open.start !== undefined && nestedStart(this.list, open, e)) {
        add(open, e);
        return;
      }
      if (open) this.runs.push(open);
      this.open = newRun(e, m.type, true);
      add(this.open, e);
      return;
    }
    const r = open && open.type === m.type ? open : newRun(e, m.type, false);
    add(r, e);
    this.closeRun(r, e, m.role === "success" ? "success" : "failure");
    if (r === open) this.open = undefined;
  }

  /** Any other event belongs to the stage run open, or else to an open execution. */
  private inside(e: PatchEvent): void {
    if (this.open) add(this.open, e);
    else
      for (const r of this.openExec.values())
        if (r) {
          add(r, e);
          break;
        }
  }
}
