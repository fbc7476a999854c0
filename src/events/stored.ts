import {
  EVENT_SCHEMA_VERSION,
  type EventFields,
  type EventSignal,
  type PatchEvent,
  type Severity,
} from "../model/event.js";
import type { LogId, Stage } from "../model/logs.js";
import type { RecordTime } from "../model/record.js";
import { instantOf } from "../time/time.js";
import { MessageSpill } from "./spill.js";
import { NumberColumn as Column } from "../runtime/column.js";

/**
 * The events a timeline keeps for the rules, smaller than the drafts classification makes: a timeline of a large
 * log holds hundreds of thousands of them, and a draft costs several objects and strings per line (the event, its
 * time with two ISO strings). A stored event is its row in the timeline's `TimeTable`, its fields and its message
 * (or nothing, when the message is in the table's spill file): its place, line numbers, file, component, kind,
 * pattern and signal are numbers in the table's columns (ids of the strings and signals the table lists); its log,
 * stage, severity, recognition and certainty are packed in one number there; and its time is two numbers and a
 * shape, its `RecordTime` made again on each read. It reads as the `PatchEvent` it was made from, property for
 * property, and serializes to the same JSON (`toJSON`).
 */
export class StoredEvent implements PatchEvent {
  fields: EventFields;
  /** The message while it is kept in memory; undefined once it is in the table's spill file. */
  m: string | undefined;
  private readonly t: TimeTable;
  private readonly i: number;

  constructor(table: TimeTable, row: number, fields: EventFields, message: string) {
    this.t = table;
    this.i = row;
    this.fields = fields;
    this.m = message;
  }

  get v(): typeof EVENT_SCHEMA_VERSION {
    return EVENT_SCHEMA_VERSION;
  }
  get seq(): number {
    return this.t.seq.get(this.i) - 1;
  }
  set seq(seq: number) {
    this.t.seq.set(this.i, seq + 1);
  }
  get time(): RecordTime {
    return this.t.time(this.i);
  }
  /** The time as one number (see `instantOf`): UTC ms when known, else the local time read as UTC; NaN for none. */
  instant(): number {
    return this.t.instant(this.i);
  }
  /** UTC ms when the time has a UTC reading, else NaN. */
  utcInstant(): number {
    return this.t.utcInstant(this.i);
  }
  get timeUncertain(): boolean {
    return (this.t.bits.get(this.i) & UNCERTAIN) !== 0;
  }
  get log(): LogId {
    return this.t.logs[this.t.bits.get(this.i) & 63];
  }
  get stage(): Stage {
    return this.t.stages[(this.t.bits.get(this.i) >> 6) & 15];
  }
  get kind(): string {
    return this.t.kinds.of(this.t.kind.get(this.i));
  }
  /** A kind given after reading (a pattern file's, or a test's) is listed in the table like the others. */
  set kind(kind: string) {
    this.t.kind.set(this.i, this.t.kinds.id(kind));
  }
  get severity(): Severity {
    return SEVERITY[(this.t.bits.get(this.i) >> 10) & 3];
  }
  get message(): string {
    return this.m ?? this.t.spilled(this.i);
  }
  /** A message set after reading is kept in memory, whether or not the one it replaces was spilled. */
  set message(message: string) {
    this.m = message;
  }
  get component(): string | null {
    const c = this.t.component.get(this.i);
    return c === 0 ? null : this.t.components.of(c - 1);
  }
  get file(): string {
    return this.t.files.of(this.t.file.get(this.i));
  }
  get line(): number {
    return this.t.line.get(this.i);
  }
  get lastLine(): number {
    return this.t.line.get(this.i) + this.t.lastLine.get(this.i);
  }
  get recognizedBy(): PatchEvent["recognizedBy"] {
    return RECOGNIZED[(this.t.bits.get(this.i) >> 12) & 3];
  }
  get pattern(): string | undefined {
    const p = this.t.pattern.get(this.i);
    return p === 0 ? undefined : this.t.patterns.of(p - 1);
  }
  get signal(): EventSignal | undefined {
    const s = this.t.signal.get(this.i);
    return s === 0 ? undefined : this.t.signals.of(s - 1);
  }
  /** The table the event is a row of. */
  get table(): TimeTable {
    return this.t;
  }
  /** The event's row in its table. */
  get row(): number {
    return this.i;
  }

  /** The event as a plain object, keys in the order a draft has them (the JSON schema's order). */
  toJSON(): PatchEvent {
    const o: PatchEvent = {
      v: EVENT_SCHEMA_VERSION,
      seq: this.seq,
      time: this.time,
      timeUncertain: this.timeUncertain,
      log: this.log,
      stage: this.stage,
      kind: this.kind,
      severity: this.severity,
      message: this.message,
      component: this.component,
      fields: this.fields,
      file: this.file,
      line: this.line,
      lastLine: this.lastLine,
    };
    const p = this.pattern;
    if (p !== undefined) o.pattern = p;
    const by = this.recognizedBy;
    if (by !== undefined) o.recognizedBy = by;
    const s = this.signal;
    if (s !== undefined) o.signal = s;
    return o;
  }
}

/** Values listed once each, named by their place in the list. */
export class Ids<T> {
  private readonly list: T[] = [];
  private readonly ids = new Map<T, number>();
  private last: T | undefined;
  private lastId = -1;

  id(v: T): number {
    if (v === this.last && this.lastId >= 0) return this.lastId;
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.list.push(v) - 1;
      this.ids.set(v, id);
    }
    this.last = v;
    this.lastId = id;
    return id;
  }

  of(id: number): T {
    return this.list[id];
  }
}

const SEVERITY: readonly Severity[] = ["info", "warning", "error"];
const RECOGNIZED: ReadonlyArray<PatchEvent["recognizedBy"]> = [undefined, "pattern", "inferred"];
const UNCERTAIN = 1 << 14;
/** Added to a time's UTC less local ms (within about 24 days either way), so that it is a 32-bit unsigned number. */
const UTC_BASE = 2 ** 31;

/** What a time is besides its two clock readings: provenance, bias, zone, flags, and the local time's fraction digits. */
interface TimeShape {
  /** A frozen time shared by many records (no time at all): given back as it is. */
  whole?: RecordTime;
  keys: string[];
  values: Record<string, unknown>;
  /** Fraction digits of the local time as written (0–3); -1 when there is no local time. */
  digits: number;
  hasUtc: boolean;
}

/**
 * The times of a timeline's events in columns: local wall-clock ms (read as UTC), UTC ms, and a shape each. A time
 * the columns cannot give back exactly (more than three fraction digits, an impossible date kept as written) is
 * kept whole instead, so every time reads back exactly as it was made.
 */
export class TimeTable {
  readonly logs: LogId[] = [];
  readonly stages: Stage[] = [];
  readonly kinds = new Ids<string>();
  readonly components = new Ids<string>();
  readonly files = new Ids<string>();
  readonly patterns = new Ids<string>();
  readonly signals = new Ids<EventSignal>();
  /**
   * Each row's place in the timeline plus one (-1 before it has one), line numbers, and ids (0 for none, else the id
   * plus one, where there may be none).
   */
  readonly seq = new Column();
  readonly line = new Column();
  readonly lastLine = new Column();
  readonly file = new Column();
  readonly component = new Column();
  readonly kind = new Column();
  readonly pattern = new Column();
  readonly signal = new Column();
  /** log, stage, severity, recognizedBy, timeUncertain. */
  readonly bits = new Column();
  private readonly local = new Column(true);
  /**
   * UTC ms less local ms, plus `UTC_BASE` (32 bits a row, where a time takes 64): a time whose UTC reading cannot be
   * had that way (no local time, the two more than 24 days apart) is kept whole.
   */
  private readonly utc = new Column();
  private readonly shape = new Column();
  private n = 0;
  private readonly shapes: TimeShape[] = [];
  private readonly shapeIds = new Map<string, number>();
  private readonly wholeIds = new Map<RecordTime, number>();
  private readonly kept = new Map<number, RecordTime>();
  private readonly localClock = new Clock();
  private readonly utcClock = new Clock();
  private lastIndex = -1;
  private lastTime: RecordTime | undefined;
  /** The last time added and its shape: consecutive records mostly share one. */
  private lastAdded: RecordTime | undefined;
  private lastShape = -1;
  /** The messages that are not kept in memory, made on the first one. */
  private spill: MessageSpill | undefined;

  /** Stores an event: all but its fields and message in the columns, those two in a StoredEvent. */
  store(ev: PatchEvent): StoredEvent {
    const i = this.add(ev.time);
    this.seq.set(i, ev.seq + 1);
    this.line.set(i, ev.line);
    // Most records are one line: their last line less their first is 0 (16 bits a row, where line numbers take 32).
    this.lastLine.set(i, ev.lastLine - ev.line);
    this.file.set(i, this.files.id(ev.file));
    this.component.set(i, ev.component === null ? 0 : this.components.id(ev.component) + 1);
    this.kind.set(i, this.kinds.id(ev.kind));
    this.pattern.set(i, ev.pattern === undefined ? 0 : this.patterns.id(ev.pattern) + 1);
    this.signal.set(i, ev.signal === undefined ? 0 : this.signals.id(ev.signal) + 1);
    this.bits.set(
      i,
      this.index(this.logs, ev.log, 63) |
        (this.index(this.stages, ev.stage, 15) << 6) |
        (SEVERITY.indexOf(ev.severity) << 10) |
        (RECOGNIZED.indexOf(ev.recognizedBy) << 12) |
        (ev.timeUncertain ? UNCERTAIN : 0),
    );
    return new StoredEvent(this, i, ev.fields, ev.message);
  }

  /** Moves the message of `e` (a row of this table) to the spill file, made in `dir` on the first message. */
  spillMessage(e: StoredEvent, message: string, dir: string): void {
    if (this.spill === undefined) this.spill = MessageSpill.open(dir);
    this.spill.put(e.row, message);
    e.m = undefined;
  }

  /** The message of row `i` from the spill file. */
  spilled(i: number): string {
    return this.spill!.get(i);
  }

  /** Whether any message is in a spill file, and whether that file is still open. */
  get spilling(): { open: boolean } | undefined {
    return this.spill && { open: this.spill.open };
  }

  /** Done storing: spilled messages are written out. */
  finish(): void {
    this.spill?.finish();
  }

  /** Closes the spill file: the table's spilled messages cannot be read after this. */
  release(): void {
    this.spill?.release();
  }

  /** How many times are kept whole (not in the columns). */
  get keptWhole(): number {
    return this.kept.size;
  }

  time(i: number): RecordTime {
    if (i === this.lastIndex) return this.lastTime!;
    const t = this.make(i);
    this.lastIndex = i;
    this.lastTime = t;
    return t;
  }

  instant(i: number): number {
    if (this.kept.size > 0) {
      const k = this.kept.get(i);
      if (k) return instantOfTime(k);
    }
    const sh = this.shapes[this.shape.get(i)];
    if (sh.whole) return instantOfTime(sh.whole);
    return sh.hasUtc ? this.utcMs(i) : sh.digits < 0 ? NaN : this.local.get(i);
  }

  utcInstant(i: number): number {
    if (this.kept.size > 0) {
      const k = this.kept.get(i);
      if (k) return k.utc ? Date.parse(k.utc) : NaN;
    }
    const sh = this.shapes[this.shape.get(i)];
    if (sh.whole) return sh.whole.utc ? Date.parse(sh.whole.utc) : NaN;
    return sh.hasUtc ? this.utcMs(i) : NaN;
  }

  private utcMs(i: number): number {
    return this.local.get(i) + (this.utc.get(i) - UTC_BASE);
  }

  private make(i: number): RecordTime {
    if (this.kept.size > 0) {
      const k = this.kept.get(i);
      if (k) return k;
    }
    const sh = this.shapes[this.shape.get(i)];
    if (sh.whole) return sh.whole;
    const o: Record<string, unknown> = {};
    for (const key of sh.keys) {
      if (key === "local") o.local = sh.digits < 0 ? null : this.localClock.text(this.local.get(i), sh.digits);
      else if (key === "utc") o.utc = sh.hasUtc ? this.utcClock.text(this.utcMs(i), 4) : null;
      else o[key] = sh.values[key];
    }
    return o as unknown as RecordTime;
  }

  private add(t: RecordTime): number {
    const i = this.n++;
    if (Object.isFrozen(t)) {
      let id = this.wholeIds.get(t);
      if (id === undefined) {
        id = this.shapes.push({ whole: t, keys: [], values: {}, digits: -1, hasUtc: false }) - 1;
        this.wholeIds.set(t, id);
      }
      this.shape.set(i, id);
      this.local.set(i, NaN);
      this.utc.set(i, 0);
      return i;
    }
    const local = t.local;
    const utc = t.utc;
    let digits = -1;
    let exact = true;
    this.local.set(i, NaN);
    this.utc.set(i, 0);
    let localMs = NaN;
    if (local !== null) {
      digits = local.length === 19 ? 0 : local.length > 20 && local.length <= 23 ? local.length - 20 : 99;
      let ms = digits <= 3 ? this.localClock.read(local, digits) : NaN;
      if (Number.isNaN(ms)) {
        ms = Date.parse(`${local.slice(0, 23)}Z`);
        exact = digits <= 3 && !Number.isNaN(ms) && this.localClock.text(ms, digits) === local;
      }
      this.local.set(i, ms);
      localMs = ms;
    }
    if (utc !== null) {
      let ms = this.utcClock.read(utc, 4);
      if (Number.isNaN(ms)) {
        ms = Date.parse(utc);
        exact &&= !Number.isNaN(ms) && this.utcClock.text(ms, 4) === utc;
      }
      const delta = ms - localMs;
      if (delta >= -UTC_BASE && delta < UTC_BASE) this.utc.set(i, delta + UTC_BASE);
      else exact = false;
    }
    if (!exact) this.kept.set(i, t);
    const last = this.lastAdded;
    // Times are made by one function (resolveTime), whose key order follows from these values: a time equal to the
    // last one in all of them has its shape.
    if (
      last !== undefined &&
      t.provenance === last.provenance &&
      t.bias === last.bias &&
      t.zone === last.zone &&
      t.lowConfidence === last.lowConfidence &&
      t.dstAmbiguous === last.dstAmbiguous &&
      t.altBias === last.altBias &&
      (utc === null) === (last.utc === null) &&
      digits === this.shapes[this.lastShape].digits
    ) {
      this.shape.set(i, this.lastShape);
      return i;
    }
    const keys = Object.keys(t);
    const values: Record<string, unknown> = {};
    let key = `${digits}|${utc !== null}`;
    for (const k of keys) {
      if (k === "local" || k === "utc") {
        key += `|${k}`;
        continue;
      }
      const v = (t as unknown as Record<string, unknown>)[k];
      // A zone name may be a piece of a decoded chunk of the file: the shape keeps a copy of its own.
      const copy = typeof v === "string" ? Buffer.from(v, "utf8").toString("utf8") : v;
      values[k] = copy === v ? copy : v;
      key += `|${k}=${String(values[k])}`;
    }
    let id = this.shapeIds.get(key);
    if (id === undefined) {
      if (this.shapes.length >= 65_535) {
        // More distinct shapes than a column entry can name: this time is kept whole.
        this.kept.set(i, t);
        this.shape.set(i, 0);
        return i;
      }
      id = this.shapes.push({ keys, values, digits, hasUtc: utc !== null }) - 1;
      this.shapeIds.set(key, id);
    }
    this.shape.set(i, id);
    this.lastAdded = t;
    this.lastShape = id;
    return i;
  }

  private index<T>(list: T[], v: T, max: number): number {
    let i = list.indexOf(v);
    if (i < 0) {
      if (list.length > max) throw new Error(`more than ${max + 1} distinct values in an event column`);
      i = list.push(v) - 1;
    }
    return i;
  }
}

/**
 * ISO texts of times in ms, fast for times close together: the date and clock to the minute are worked out once a
 * minute. `text(ms, 0..3)` is a local time with that many fraction digits (`2006-08-10T16:03:05.12`); `text(ms, 4)`
 * is a UTC time as `toISOString` writes it (`2006-08-10T23:03:05.120Z`).
 */
class Clock {
  private minute = NaN;
  private prefix = "";
  /** Minutes written before: times are read again in another order than they were stored (runs, kinds). */
  private readonly prefixes = new Map<number, string>();

  /**
   * The ms of a text `text(ms, digits)` would write in the minute last written or read (most times are), else NaN:
   * what it returns, `text` gives back as `s`.
   */
  read(s: string, digits: number): number {
    const p = this.prefix;
    const len = digits === 0 ? 19 : digits === 4 ? 24 : 20 + digits;
    if (s.length !== len || !s.startsWith(p)) return NaN;
    const sec = digit(s, 17) * 10 + digit(s, 18);
    if (!(sec < 60)) return NaN;
    let milli = 0;
    if (digits > 0) {
      if (s.charCodeAt(19) !== 46) return NaN;
      const n = digits === 4 ? 3 : digits;
      for (let k = 0; k < 3; k++) milli = milli * 10 + (k < n ? digit(s, 20 + k) : 0);
      if (!(milli < 1000) || (digits === 4 && s.charCodeAt(23) !== 90)) return NaN;
    }
    return this.minute * 60_000 + sec * 1000 + milli;
  }

  text(ms: number, digits: number): string {
    const m = Math.floor(ms / 60_000);
    if (m !== this.minute) {
      let prefix = this.prefixes.get(m);
      if (prefix === undefined) {
        prefix = new Date(m * 60_000).toISOString().slice(0, 17);
        if (this.prefixes.size >= 4096) this.prefixes.clear();
        this.prefixes.set(m, prefix);
      }
      this.prefix = prefix;
      this.minute = m;
    }
    const rest = ms - m * 60_000;
    const sec = Math.floor(rest / 1000);
    const clock = sec < 10 ? `${this.prefix}0${sec}` : `${this.prefix}${sec}`;
    if (digits === 0) return clock;
    const milli = rest - sec * 1000;
    const frac = milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : `${milli}`;
    return digits === 4 ? `${clock}.${frac}Z` : `${clock}.${frac.slice(0, digits)}`;
  }
}

/** The digit at `i` of `s`, or NaN. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

function instantOfTime(t: RecordTime): number {
  return instantOf(t) ?? NaN;
}

/** An event's time as one number (`instantOf` of its time), read from the columns when it is a stored event. */
export function eventInstant(e: PatchEvent): number | undefined {
  const ms = e instanceof StoredEvent ? e.instant() : instantOfTime(e.time);
  return Number.isNaN(ms) ? undefined : ms;
}

/** An event's UTC time in ms, or undefined when it has none. */
export function eventUtc(e: PatchEvent): number | undefined {
  const ms = e instanceof StoredEvent ? e.utcInstant() : e.time.utc ? Date.parse(e.time.utc) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Closes the spill files of the tables `events` are rows of: called when a timeline is done with. The messages of
 * its events cannot be read after this (those kept in memory still can).
 */
export function releaseEvents(events: readonly PatchEvent[]): void {
  for (const t of tablesOf(events)) t.release();
}

/** The tables behind events, each once: what to release once nothing reads the events' messages again. */
export type EventTables = readonly TimeTable[];

export function tablesOf(events: readonly PatchEvent[]): EventTables {
  const out: TimeTable[] = [];
  let last: TimeTable | undefined;
  for (const e of events) {
    if (!(e instanceof StoredEvent) || e.table === last) continue;
    last = e.table;
    if (!out.includes(last)) out.push(last);
  }
  return out;
}
