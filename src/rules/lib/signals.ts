import type { PatchEvent } from "../../model/event.js";
import { programKey, type Run } from "../../model/run.js";
import { timeOf, type RuleContext } from "../context.js";
import type { FlowStage } from "../../model/finding.js";

/** The flow stages whose logs the late rules look at. */
export const SIGNAL_STAGES: readonly FlowStage[] = ["sync", "scan", "inventory", "install", "execution"];

/** The log's name as the administrator knows it (`SecuritySyncXML.log`). */
export function logName(e: PatchEvent): string {
  return e.file.split(/[\\/]/).pop() ?? e.file;
}

/**
 * A message's shape: the wording with what varies between occurrences (codes, numbers, GUIDs, paths, quoted names)
 * taken out, so that the same message with another code or file groups with its twins.
 */
export function shapeOf(message: string): string {
  let s = withoutGuids(message.toLowerCase());
  // Each pass only where its text can occur: a shape is made for most failure lines of a large log.
  if (s.includes('"') || s.includes("'")) s = s.replace(/"[^"]{0,400}"|'[^']{0,400}'/g, "'…'");
  if (s.includes(":") || s.includes("\\\\")) s = s.replace(/(?:[a-z]:|\\\\)[^\s'"]{0,400}/g, "…");
  return shapeEnd(s);
}

/** The characters of a shape. */
const SHAPE_CHARS = 120;

/**
 * The last passes of `shapeOf` in one, which stops once the shape's characters are made: hex codes
 * (`/\b0x[0-9a-f]+\b/`) and then runs of digits made `#`, runs of `~` and white space made one space, the ends
 * trimmed and the first 120 characters kept; what `s.replace(/\b0x[0-9a-f]+\b/g, "#").replace(/\d+/g, "#")
 * .replace(/[~\s]+/g, " ").trim().slice(0, 120)` gives, without a pass over all of a long message.
 */
export function shapeEnd(s: string): string {
  const out: number[] = [];
  const n = s.length;
  let i = 0;
  // A run of `~` and white space, written as one space when a character follows it (none at the start: trimmed).
  let gap = false;
  while (i < n && out.length <= SHAPE_CHARS) {
    const c = s.charCodeAt(i);
    if (c === 126 || isSpace(c)) {
      gap = true;
      i++;
      continue;
    }
    if (gap) {
      if (out.length > 0) out.push(32);
      gap = false;
    }
    if (c === 48 && s.charCodeAt(i + 1) === 120 && (i === 0 || !isWord(s.charCodeAt(i - 1)))) {
      let k = i + 2;
      while (k < n && isHex(s.charCodeAt(k))) k++;
      // The whole run of hex digits, or none: a shorter run ends before a hex digit, a word character.
      if (k > i + 2 && (k === n || !isWord(s.charCodeAt(k)))) {
        out.push(35);
        i = k;
        continue;
      }
    }
    if (c >= 48 && c <= 57) {
      while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      out.push(35);
      continue;
    }
    out.push(c);
    i++;
  }
  if (out.length > SHAPE_CHARS) out.length = SHAPE_CHARS;
  return String.fromCharCode(...out);
}

/** A character of `\w` (ASCII letters, digits and `_`), as `\b` tells words in a regular expression without `u`. */
function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** A character of `\s` in a regular expression: white space and line terminators. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

function hexRun(s: string, from: number, n: number): boolean {
  for (let k = from; k < from + n; k++) if (!isHex(s.charCodeAt(k))) return false;
  return true;
}

/** Whether a lower-case GUID (8-4-4-4-12 hex digits) begins at `g`. */
function guidAt(s: string, g: number): boolean {
  return (
    s.charCodeAt(g + 13) === 45 &&
    s.charCodeAt(g + 18) === 45 &&
    s.charCodeAt(g + 23) === 45 &&
    hexRun(s, g, 8) &&
    hexRun(s, g + 9, 4) &&
    hexRun(s, g + 14, 4) &&
    hexRun(s, g + 19, 4) &&
    hexRun(s, g + 24, 12)
  );
}

/**
 * The text with each GUID, with its braces when it has them, as `#`: what
 * `s.replace(/\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?/g, "#")` gives, found from the
 * dashes (a GUID's first dash is its 9th character) rather than by trying the pattern at every character.
 */
export function withoutGuids(s: string): string {
  let out = "";
  let last = 0;
  let dash = s.indexOf("-", 8);
  while (dash >= 0) {
    const g = dash - 8;
    if (g >= last && guidAt(s, g)) {
      const start = g > last && s.charCodeAt(g - 1) === 123 ? g - 1 : g;
      const end = s.charCodeAt(g + 36) === 125 ? g + 37 : g + 36;
      out += `${s.slice(last, start)}#`;
      last = end;
      dash = s.indexOf("-", end + 8);
    } else dash = s.indexOf("-", dash + 1);
  }
  return last === 0 ? s : out + s.slice(last);
}

/** The runs of a stage that count for it: its own log's runs, and for the flow stages its program's executions. */
export function stageRuns(ctx: RuleContext, stage: FlowStage): readonly Run[] {
  const byStage = ctx.memo(STAGE_RUNS, () => new Map<FlowStage, readonly Run[]>());
  let list = byStage.get(stage);
  if (!list)
    byStage.set(
      stage,
      (list = stage === "execution" ? ctx.runsOf("execution") : [...ctx.runsOf(stage), ...ctx.executionsFor(stage)]),
    );
  return list;
}

const STAGE_RUNS = Symbol("stage runs");

/** The stage's successful runs whose start is logged, in the order of `stageRuns` (worked out once). */
function successes(ctx: RuleContext, stage: FlowStage): readonly Run[] {
  const byStage = ctx.memo(SUCCESSES, () => new Map<FlowStage, readonly Run[]>());
  let list = byStage.get(stage);
  if (!list)
    byStage.set(stage, (list = stageRuns(ctx, stage).filter((r) => r.result === "success" && r.start !== undefined)));
  return list;
}

const SUCCESSES = Symbol("successful runs");

/**
 * A successful run of the stage that began after the given line (in the timeline), if any: the stage worked again.
 * For program executions, a later success of the same program; a line of no known program has none (another
 * program's success says nothing about it).
 */
export function laterSuccess(ctx: RuleContext, stage: FlowStage, after: PatchEvent, run?: Run): Run | undefined {
  const prog = run?.type === "execution" ? programKey(run.program) : "";
  return successes(ctx, stage).find((r) => {
    // A run whose start is not logged (a lone closing line) may be the very run in question.
    if (r === run) return false;
    if (prog && programKey(r.program) !== prog) return false;
    if (stage === "execution" && !prog) return false;
    // Began after the line: by time when both are timed (a program's execution wraps its own log's run), else by place.
    const start = ctx.runStart(r);
    const at = timeOf(after);
    return start !== undefined && at !== undefined ? start > at : ctx.firstEvent(r).seq > after.seq;
  });
}

const TAIL_LINES = 5;
const TAIL_MS = 60_000;

/** A stage's lines in timeline order, and those of them the log marks as failures or warnings. */
export interface StageLines {
  events: readonly PatchEvent[];
  signals: readonly PatchEvent[];
}

const NO_LINES: StageLines = { events: [], signals: [] };

/** The lines of a stage (worked out once, in one pass over the timeline for every stage). */
export function stageLines(ctx: RuleContext, stage: FlowStage): StageLines {
  const byStage = ctx.keep(
    STAGE_LINES,
    () => {
      const lists = new Map<string, { events: PatchEvent[]; signals: PatchEvent[] }>();
      // One stage's lines only (a single log): its list is the timeline's own, not a copy of it.
      const only = ctx.events.length > 0 && ctx.events.every((e) => e.stage === ctx.events[0].stage);
      if (only) lists.set(ctx.events[0].stage, { events: ctx.events, signals: ctx.events.filter((e) => e.signal) });
      else
        for (const e of ctx.events) {
          let l = lists.get(e.stage);
          if (!l) lists.set(e.stage, (l = { events: [], signals: [] }));
          l.events.push(e);
          if (e.signal) l.signals.push(e);
        }
      return lists;
    },
    (lists) => {
      for (const l of lists.values()) {
        // The timeline's own list is its owner's to let go.
        if (l.events !== ctx.events) l.events.length = 0;
        l.signals.length = 0;
      }
    },
  );
  return (byStage as Map<string, StageLines>).get(stage) ?? NO_LINES;
}

const STAGE_LINES = Symbol("stage lines");

/** Whether any log speaking for the stage was read (`ctx.hasStage`, from the per-stage lists). */
export function hasLines(ctx: RuleContext, stage: FlowStage): boolean {
  return stageLines(ctx, stage).events.length > 0;
}

/**
 * Which run of the stage each event belongs to, by seq: the run whose events hold it, or, for a line no run holds, the
 * run of the same log that ended just before it (a program's last words after its end line: "exiting with code 1").
 * Kept per line of the stage (a number each), not per line of the timeline.
 */
export function runOfEvent(ctx: RuleContext, stage: FlowStage): (seq: number) => Run | undefined {
  const own = stage === "execution" ? ctx.runsOf("execution") : ctx.runsOf(stage);
  const lines = stageLines(ctx, stage).events;
  // Each stage line's run, as its index in `own` plus one (0: none); a run's line of another stage, apart.
  const at = new Int32Array(lines.length);
  const apart = new Map<number, number>();
  for (let k = 0; k < own.length; k++) {
    const seqs = own[k].events;
    let i = 0;
    for (let j = 0; j < seqs.length; j++) {
      const s = seqs[j];
      // A run's seqs ascend: the place of the next is found from the last one's.
      i = j > 0 && s > seqs[j - 1] ? advance(lines, i, s) : lowerSeq(lines, s);
      if (i < lines.length && lines[i].seq === s) {
        if (at[i] === 0) at[i] = k + 1;
      } else if (!apart.has(s)) apart.set(s, k + 1);
    }
  }
  const lastOfFile = new Map<string, { run: number; end: PatchEvent }>();
  const near = (end: PatchEvent, e: PatchEvent): boolean => {
    if (!(e.line - end.lastLine <= TAIL_LINES)) return false;
    const ta = timeOf(end);
    const tb = timeOf(e);
    return ta === undefined || tb === undefined || Math.abs(tb - ta) <= TAIL_MS;
  };
  for (let i = 0; i < lines.length; i++) {
    const e = lines[i];
    if (at[i]) {
      const r = own[at[i] - 1];
      if (r.result !== "did-not-end") lastOfFile.set(e.file, { run: at[i], end: ctx.lastEvent(r) });
      continue;
    }
    const prev = lastOfFile.get(e.file);
    if (!prev) continue;
    if (near(prev.end, e)) {
      at[i] = prev.run;
      prev.end = e;
    } else lastOfFile.delete(e.file);
  }
  return (seq) => {
    const i = lowerSeq(lines, seq);
    const k = i < lines.length && lines[i].seq === seq ? at[i] : (apart.get(seq) ?? 0);
    return k ? own[k - 1] : undefined;
  };
}

/** The index of the first line whose seq is at least `seq` (lines in seq order). */
function lowerSeq(lines: readonly PatchEvent[], seq: number, from = 0): number {
  let lo = from;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `lowerSeq` from index `i` on, for a seq after the one at `i`'s: a step or two along, else a search. */
function advance(lines: readonly PatchEvent[], i: number, seq: number): number {
  for (let n = 0; n < 4; n++, i++) if (i >= lines.length || lines[i].seq >= seq) return i;
  return lowerSeq(lines, seq, i);
}

/** The keys of the codes that name a cause (HRESULTs, HTTP statuses), as opposed to a program's bare exit code. */
export function causeCodes(e: PatchEvent): string[] {
  return (
    (e.fields.codes ?? [])
      .filter((c) => c.system === "hresult" || c.system === "http")
      // An HTTP status and its HRESULT (0x8019xxxx) are one cause.
      .map((c) =>
        c.system === "hresult" && c.value >>> 16 === 0x8019 ? `http:${c.value & 0xffff}` : `${c.system}:${c.value}`,
      )
  );
}

/** A log line quoted in a finding's message: white space and the `~` line joins folded, cut to `max` characters. */
export function quote(e: PatchEvent, max: number): string {
  const m = e.message.replace(/[~\s]+/g, " ").trim();
  return m.length > max ? `${m.slice(0, max - 1)}…` : m;
}
