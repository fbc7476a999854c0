import type { PatchEvent } from "../model/event.js";
import { logBaseName, olderGenerationFirst } from "../model/logs.js";
import { instantOf } from "../time/time.js";
import { SUCCESS_EXIT, programKey, type Run, type RunOutcome, type RunType } from "../model/run.js";

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
  return instantOf(e.time);
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
  return Math.abs(Date.parse(b.endsWith("Z") ? b : `${b}Z`) - Date.parse(a.endsWith("Z") ? a : `${a}Z`)) <= NESTED_START_MS;
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
  for (const list of eventsByLog(events)) {
    let open: Run | undefined;
    let lastLone: Run | undefined;
    // The execution run closed last, with its closing event: a program's second closing line joins it.
    let lastClosedExec: { run: Run; at: PatchEvent } | undefined;
    const openExec = new Map<string, Run>();
    const newRun = (e: PatchEvent, type: RunType, isStart: boolean): Run => ({
      id: `${e.file}:${e.line}`,
      type,
      log: e.log,
      file: e.file,
      start: isStart ? e.seq : undefined,
      startUtc: isStart ? e.time.utc : null,
      startLocal: isStart ? e.time.local : null,
      endUtc: null,
      endLocal: null,
      result: "did-not-end",
      errors: 0,
      warnings: 0,
      events: [],
      firstLine: e.line,
      lastLine: e.lastLine,
    });
    const add = (r: Run, e: PatchEvent): void => {
      r.events.push(e.seq);
      r.lastLine = e.lastLine;
      if (e.file !== r.file) r.endFile = e.file;
      if (e.severity === "error") r.errors++;
      else if (e.severity === "warning") r.warnings++;
      if (typeof e.fields.exitCode === "number" && r.type !== "execution") r.exitCode = e.fields.exitCode;
    };
    const closeRun = (r: Run, e: PatchEvent, result: RunOutcome): void => {
      r.end = e.seq;
      r.endUtc = e.time.utc;
      r.endLocal = e.time.local;
      r.result = result;
      runs.push(r);
    };
    for (const e of list) {
      const m = MARKERS[e.kind];
      if (m?.type === "execution") {
        const key = programKey(e.fields.program);
        if (m.role === "start") {
          const prev = openExec.get(key);
          if (prev) runs.push(prev);
          const r = newRun(e, "execution", true);
          if (typeof e.fields.program === "string") r.program = e.fields.program;
          add(r, e);
          openExec.set(key, r);
        } else {
          let r = openExec.get(key);
          if (!r && !key && openExec.size) r = [...openExec.values()].pop();
          if (!r && lastClosedExec && close(lastClosedExec.at, e, 60_000, 5) && sameProgram(lastClosedExec.run, e)) {
            add(lastClosedExec.run, e);
            continue;
          }
          if (!r) {
            r = newRun(e, "execution", false);
            if (typeof e.fields.program === "string") r.program = e.fields.program;
          }
          add(r, e);
          const code = e.fields.exitCode;
          if (typeof code === "number") r.exitCode = code;
          openExec.delete(r.program !== undefined ? programKey(r.program) : key);
          for (const [k, v] of openExec) if (v === r) openExec.delete(k);
          closeRun(r, e, typeof code === "number" && SUCCESS_EXIT.has(code) ? "success" : "failure");
          lastClosedExec = { run: r, at: e };
        }
        continue;
      }
      if (e.kind === "execution.program.failed") {
        const key = programKey(e.fields.program);
        const r = openExec.get(key) ?? (openExec.size ? [...openExec.values()].pop() : undefined);
        if (r) {
          add(r, e);
          for (const [k, v] of openExec) if (v === r) openExec.delete(k);
          closeRun(r, e, "failure");
          lastClosedExec = { run: r, at: e };
        } else if (lastClosedExec && close(lastClosedExec.at, e, 60_000, 5) && sameProgram(lastClosedExec.run, e)) {
          add(lastClosedExec.run, e);
          lastClosedExec.run.result = "failure";
        } else if (lastLone && lastLone.type === "execution" && sameFileNear(ctxEvent(list, lastLone), e, 30) && close(ctxEvent(list, lastLone), e, 600_000, 30) && sameProgram(lastLone, e)) {
          // Several failure lines of one incident (APM logs three or four) make one failed run.
          add(lastLone, e);
          lastLone.end = e.seq;
        } else {
          const lone = newRun(e, "execution", false);
          if (typeof e.fields.program === "string") lone.program = e.fields.program;
          add(lone, e);
          closeRun(lone, e, "failure");
          lastLone = lone;
          lastClosedExec = { run: lone, at: e };
        }
        continue;
      }
      if (m) {
        if (m.role === "start") {
          // A program that logs its own start and then its engine's (ScanWrapper, then the scan tool) is one run.
          if (open && open.type === m.type && open.start !== undefined && nestedStart(list, open, e)) {
            add(open, e);
            continue;
          }
          if (open) runs.push(open);
          open = newRun(e, m.type, true);
          add(open, e);
          continue;
        }
        const r = open && open.type === m.type ? open : newRun(e, m.type, false);
        add(r, e);
        closeRun(r, e, m.role === "success" ? "success" : "failure");
        if (r === open) open = undefined;
        continue;
      }
      if (open) add(open, e);
      else for (const r of openExec.values()) if (r) { add(r, e); break; }
    }
    if (open) runs.push(open);
    for (const r of openExec.values()) runs.push(r);
  }
  runs.sort((a, b) => (a.start ?? a.events[0]) - (b.start ?? b.events[0]));
  return runs;
}
