import { messageConvention, showTime } from "../time/show.js";
import type { PatchEvent } from "../model/event.js";
import type { LogId } from "../model/logs.js";
import type { Run, RunType } from "../model/run.js";
import type { FlowStage } from "../model/finding.js";

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
  if (!e) return undefined;
  if (e.time.utc) return Date.parse(e.time.utc);
  if (e.time.local) {
    const ms = Date.parse(`${e.time.local.slice(0, 23)}Z`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

export interface RuleOptions {
  /** Reference time for staleness, ms. */
  now: number;
  /** A sync older than this (days) is too old. */
  maxSyncAgeDays: number;
  /** A catalog whose own date is older than this (days) at the time it was used is stale. */
  maxCatalogAgeDays: number;
}

/** The timeline as rules see it, with the look-ups most rules need. */
export class RuleContext {
  private readonly kindIndex = new Map<string, PatchEvent[]>();
  /** seqs of the lines the findings so far cite or cover; filled in by the engine before the late rules run. */
  readonly explained = new Set<number>();

  constructor(
    readonly events: PatchEvent[],
    readonly runs: Run[],
    /** Logs found (by id) and the stages they speak for. */
    readonly logs: Set<LogId>,
    readonly options: RuleOptions,
  ) {
    for (const e of events) {
      const list = this.kindIndex.get(e.kind);
      if (list) list.push(e);
      else this.kindIndex.set(e.kind, [e]);
    }
  }

  get now(): number {
    return this.options.now;
  }

  /** Events of these kinds, in timeline order. */
  ofKind(...kinds: string[]): PatchEvent[] {
    if (kinds.length === 1) return this.kindIndex.get(kinds[0]) ?? [];
    return kinds.flatMap((k) => this.kindIndex.get(k) ?? []).sort((a, b) => a.seq - b.seq);
  }

  event(seq: number): PatchEvent {
    return this.events[seq];
  }

  runsOf(type: RunType): Run[] {
    return this.runs.filter((r) => r.type === type);
  }

  /** Program executions of a stage's program (SyncXML, ScanWrapper, PatchInstall). */
  executionsFor(stage: FlowStage): Run[] {
    return this.runs.filter((r) => r.type === "execution" && stageOfProgram(r.program) === stage);
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

export function days(n: number): number {
  return n * DAY;
}

/** The typical gap between successive runs, in days (median), or undefined with fewer than two runs. */
export function typicalIntervalDays(starts: number[]): number | undefined {
  const s = starts.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length < 2) return undefined;
  const gaps = s.slice(1).map((t, i) => (t - s[i]) / DAY).sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

/** An event's time for a message, to the minute, as the report's time convention shows it (`--tz`). */
export function when(e: PatchEvent): string {
  return showTime(e.time.utc, e.time.local, messageConvention(), "minute");
}
