import { LOCAL, showDay, showTime, type TimeConvention } from "../time/show.js";
import type { PatchEvent } from "../model/event.js";
import type { LogId } from "../model/logs.js";
import type { Run, RunType } from "../model/run.js";
import type { FlowStage } from "../model/finding.js";
import { eventInstant } from "../events/stored.js";
import { HeapPacer } from "../runtime/heap.js";

const DAY = 86_400_000;

/** Which stage a program belongs to, from its executable name. */
export function stageOfProgram(program: unknown): FlowStage | undefined {
  if (typeof program !== "string") return undefined;
  // Executables, and the program names advertisements give them in execmgr ("Security Update Sync",
  // "Security Update Inventory Tool (expedited)", "Software Updates Installation").
  const p = program.toLowerCase();
  if (/syncxml|\bsync\b|catalog sync/.test(p)) return "sync";
  if (/scanwrapper|\bs_scan|\bo_scan|scan|inventory tool/.test(p)) return "scan";
  if (/patchinstall|install/.test(p)) return "install";
  return undefined;
}

/** An event's time in ms: UTC when known, else the local time read as UTC (same-machine comparisons only). */
export function timeOf(e: PatchEvent | undefined): number | undefined {
  return e ? eventInstant(e) : undefined;
}

export interface RuleOptions {
  /** Reference time for staleness, ms. */
  now: number;
  /** A sync older than this (days) is too old. */
  maxSyncAgeDays: number;
  /** A catalog whose own date is older than this (days) at the time it was used is stale. */
  maxCatalogAgeDays: number;
  /** How times are worded in messages (`--tz`); `local` when not given. */
  tz?: TimeConvention;
}

/** A stage's kind for the lines no pattern gave a kind of their own (`scan.message`): most lines of a large log. */
function isGeneric(kind: string): boolean {
  return kind.endsWith(".message");
}

/** The timeline as rules see it, with the look-ups most rules need. */
export class RuleContext {
  private readonly kindIndex = new Map<string, PatchEvent[]>();
  /** seqs of the lines the findings so far cite or cover; filled in by the engine before the late rules run. */
  readonly explained = new Set<number>();
  /** Told of the rules' work as it goes (the engine per report, the update chains per update): see `HeapPacer`. */
  readonly pacer = new HeapPacer();

  constructor(
    readonly events: PatchEvent[],
    readonly runs: Run[],
    /** Logs found (by id) and the stages they speak for. */
    readonly logs: Set<LogId>,
    readonly options: RuleOptions,
  ) {
    for (const e of events) {
      const kind = e.kind;
      if (isGeneric(kind)) continue;
      const list = this.kindIndex.get(kind);
      if (list) list.push(e);
      else this.kindIndex.set(kind, [e]);
    }
  }

  get now(): number {
    return this.options.now;
  }

  /** The report's time convention (`--tz`), which every time in a message follows. */
  get tz(): TimeConvention {
    return this.options.tz ?? LOCAL;
  }

  /** `2006-08-13 02:00 -07:00`: an event's time in a message, to the minute; `an unknown time` for an untimed line. */
  when(e: PatchEvent | undefined): string {
    if (!e || (!e.time.local && !e.time.utc)) return "an unknown time";
    return showTime(e.time.utc, e.time.local, this.tz, "minute");
  }

  /**
   * `2006-08-13 02:00:41 -07:00`: to the second, for timings within a run (inventory cycles); an untimed line is named
   * by its log and line instead.
   */
  whenToSecond(e: PatchEvent | undefined): string {
    if (!e) return "(unknown)";
    if (e.time.local || e.time.utc) return showTime(e.time.utc, e.time.local, this.tz, "second");
    return `${e.file.split(/[\\/]/).pop()} line ${e.line} (no time in the log)`;
  }

  /** `2006-08-13`: an event's day in a message; `an unknown day` for an untimed line. */
  day(e: PatchEvent | undefined): string {
    if (!e || (!e.time.local && !e.time.utc)) return "an unknown day";
    return showDay(e.time.utc, e.time.local, this.tz);
  }

  /** Events of these kinds, in timeline order. */
  ofKind(...kinds: string[]): PatchEvent[] {
    if (kinds.length === 1) return this.listOf(kinds[0]);
    return kinds.flatMap((k) => this.listOf(k)).sort((a, b) => a.seq - b.seq);
  }

  private listOf(kind: string): PatchEvent[] {
    let list = this.kindIndex.get(kind);
    if (list === undefined && isGeneric(kind)) {
      // Listed when first asked for (few rules read a stage's unrecognized lines, and they are most lines).
      list = this.events.filter((e) => e.kind === kind);
      this.kindIndex.set(kind, list);
    }
    return list ?? [];
  }

  event(seq: number): PatchEvent {
    return this.events[seq];
  }

  /** Runs of one type, in timeline order (worked out once: rules ask for them per line). */
  runsOf(type: RunType): readonly Run[] {
    let list = this.runsByType.get(type);
    if (!list) this.runsByType.set(type, (list = this.runs.filter((r) => r.type === type)));
    return list;
  }

  /** Program executions of a stage's program (SyncXML, ScanWrapper, PatchInstall), worked out once. */
  executionsFor(stage: FlowStage): readonly Run[] {
    let list = this.executionsByStage.get(stage);
    if (!list)
      this.executionsByStage.set(
        stage,
        (list = this.runs.filter((r) => r.type === "execution" && stageOfProgram(r.program) === stage)),
      );
    return list;
  }

  private readonly runsByType = new Map<RunType, readonly Run[]>();
  private readonly executionsByStage = new Map<FlowStage, readonly Run[]>();
  private readonly memos = new Map<symbol, unknown>();
  private readonly kept = new Map<symbol, unknown>();
  private readonly releases: Array<() => void> = [];

  /**
   * What `make` works out from this context, once, under `key` (a symbol of the module that makes it): the look-ups
   * rules share (the scans, each stage's runs), kept until `forget`.
   */
  memo<T>(key: symbol, make: () => T): T {
    return once(this.memos, key, make);
  }

  /**
   * `memo` for a look-up that the late rules and the stages' summary read too (each stage's lines): kept for the
   * context's life, never dropped by `forget` (made again, it would be a second list of every line).
   */
  keep<T>(key: symbol, make: () => T, release?: (value: T) => void): T {
    return once(this.kept, key, () => {
      const value = make();
      if (release) this.releases.push(() => release(value));
      return value;
    });
  }

  /**
   * Drops the look-ups made by `memo`, which are made again when asked for: the engine does once the early rules are
   * done, so that what only they read (a large log's scans) is not held while the late rules make their findings.
   */
  forget(): void {
    this.memos.clear();
  }

  /**
   * Done with: the lists of events this context made are emptied in place and its look-ups dropped (`keep`'s
   * `release` empties what it kept). Something may still reach the context for a while after the diagnosis, as the
   * optimizing compiler's jobs reach the closures they compile and what those closures hold (a rule's closures hold
   * the context, or a list they read): emptied, the lists no longer hold a client's timeline alive through it.
   */
  close(): void {
    for (const release of this.releases) release();
    this.releases.length = 0;
    for (const list of this.kindIndex.values()) list.length = 0;
    this.kindIndex.clear();
    this.kept.clear();
    this.memos.clear();
    this.runsByType.clear();
    this.executionsByStage.clear();
  }

  /** Whether any log speaking for the stage was read. */
  hasStage(stage: FlowStage): boolean {
    return this.events.some((e) => e.stage === stage);
  }

  runStart(r: Run): number | undefined {
    return timeOf(r.start !== undefined ? this.events[r.start] : this.events[r.events[0]]);
  }

  runEnd(r: Run): number | undefined {
    return timeOf(r.end !== undefined ? this.events[r.end] : this.events[r.events[r.events.length - 1]]);
  }

  firstEvent(r: Run): PatchEvent {
    return this.events[r.start ?? r.events[0]];
  }

  lastEvent(r: Run): PatchEvent {
    return this.events[r.end ?? r.events[r.events.length - 1]];
  }

  ageDays(ms: number): number {
    return Math.floor((this.now - ms) / DAY);
  }
}

/** The value under `key`, made by `make` the first time. */
function once<T>(values: Map<symbol, unknown>, key: symbol, make: () => T): T {
  if (values.has(key)) return values.get(key) as T;
  const value = make();
  values.set(key, value);
  return value;
}

export function days(n: number): number {
  return n * DAY;
}

/** The typical gap between successive runs, in days (median), or undefined with fewer than two runs. */
export function typicalIntervalDays(starts: number[]): number | undefined {
  const s = starts.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length < 2) return undefined;
  const gaps = s
    .slice(1)
    .map((t, i) => (t - s[i]) / DAY)
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}
