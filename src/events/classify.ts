import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { EVENT_SCHEMA_VERSION, type EventFields, type PatchEvent, type Severity, SEVERITIES } from "../model/event.js";
import { KNOWN_LOGS, stageOfLog, type KnownLog, type LogId, type Stage } from "../model/logs.js";
import type { LogRecord } from "../model/record.js";
import { CATALOGS } from "../../grammars/messages/index.js";
import { compilePattern, matchPattern, MAX_TEMPLATE_CHARS, PatternError, type CompiledPattern } from "./patterns.js";
import type { MessagePattern } from "../model/catalog.js";
import { extractCodes } from "./codes.js";
import { UsageError } from "../model/errors.js";
import { checkPatternSafety } from "./safety.js";
import { PatternIndex } from "./prefilter.js";
import { hintScanner, type WordScanner } from "./words.js";
import { inferKind, messageSignal, recordSignal, type MessageSignal } from "./signals.js";
import { ownString } from "./compact.js";

/** An event before its place in the merged timeline is known (seq -1). */
export type EventDraft = PatchEvent;

/** The severity of a message no pattern knows, from its prefix, words and codes (the record type comes first). */
function wordSeverity(s: MessageSignal): Severity {
  const level = recordSignal(s, null, false)?.level;
  return level === "failure" ? "error" : level === "warning" ? "warning" : "info";
}

interface MessageMeaning {
  hit: CompiledPattern | undefined;
  fields: EventFields;
  hasFields: boolean;
  /** What the message alone says: prefix, codes, words. */
  signal: MessageSignal;
  /** Severity when neither a pattern nor the record type says. */
  wordSeverity: Severity;
  /**
   * One frozen copy of `fields` for all the events that say this message while the memo is on, made on first use: a
   * log that repeats a message repeats its fields, and a copy each was most of such an event's size.
   */
  shared?: EventFields;
}

const NO_FIELDS: EventFields = Object.freeze({});

/** A copy of a message's fields that events may share: frozen, its codes too, its strings its own (`ownString`). */
function frozenFields(fields: EventFields): EventFields {
  const f: EventFields = {};
  for (const [k, v] of Object.entries(fields)) f[k] = typeof v === "string" ? ownString(v) : v;
  if (fields.codes)
    f.codes = Object.freeze(
      fields.codes.map((c) => {
        const o = { ...c };
        for (const [k, v] of Object.entries(o))
          if (typeof v === "string") (o as Record<string, unknown>)[k] = ownString(v);
        return Object.freeze(o);
      }),
    ) as EventFields["codes"];
  return Object.freeze(f);
}

/** An event's own copy of a message's fields (its codes copied too), to add to. */
function copyFields(fields: EventFields): EventFields {
  const f: EventFields = { ...fields };
  if (fields.codes) f.codes = fields.codes.map((c) => ({ ...c }));
  return f;
}
/** `<stage>.message`, one string per stage rather than one per event. */
const GENERIC_KINDS = new Map<Stage, string>();
function genericKind(stage: Stage): string {
  let k = GENERIC_KINDS.get(stage);
  if (k === undefined) GENERIC_KINDS.set(stage, (k = `${stage}.message`));
  return k;
}
const MEMO_ENTRIES = 8192;
const MEMO_MAX_CHARS = 1024;

/** A user's pattern file (`--patterns FILE`): `{ "patterns": [ { "log": "ScanWrapper", "id", "kind", "match", ... } ] }`. */
export interface UserPatternFile {
  patterns: Array<MessagePattern & { log: KnownLog }>;
}

/** Bounds on a user's pattern file: its size, its patterns. */
export const MAX_PATTERN_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_USER_PATTERNS = 10_000;

function readBounded(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    if (fstatSync(fd).isDirectory()) throw new UsageError(`--patterns ${file}: is a folder, not a file`);
    const buf = Buffer.alloc(MAX_PATTERN_FILE_BYTES + 1);
    let got = 0;
    for (let n; got < buf.length && (n = readSync(fd, buf, got, buf.length - got, null)) > 0;) got += n;
    if (got > MAX_PATTERN_FILE_BYTES)
      throw new UsageError(
        `--patterns ${file}: larger than ${MAX_PATTERN_FILE_BYTES / 1024 / 1024} MiB; a pattern file holds at most ${MAX_USER_PATTERNS.toLocaleString("en")} patterns of at most ${MAX_TEMPLATE_CHARS} characters`,
      );
    return buf.toString("utf8", 0, got);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--patterns ${file}: cannot read it (${(err as Error).message})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function loadUserPatterns(file: string): UserPatternFile {
  let data: unknown;
  const text = readBounded(file);
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--patterns ${file}: cannot read it as JSON (${(err as Error).message})`);
  }
  const list = (data as UserPatternFile)?.patterns;
  if (!Array.isArray(list)) throw new UsageError(`--patterns ${file}: expected an object with a "patterns" array`);
  if (list.length > MAX_USER_PATTERNS)
    throw new UsageError(
      `--patterns ${file}: ${list.length.toLocaleString("en")} patterns; at most ${MAX_USER_PATTERNS.toLocaleString("en")} are allowed`,
    );
  const known = new Set<string>(KNOWN_LOGS.map((l) => l.id));
  list.forEach((p, i) => {
    const where = `--patterns ${file}: pattern ${i + 1}${p && typeof p.id === "string" ? ` (${p.id.slice(0, 100)})` : ""}`;
    if (!p || typeof p !== "object") throw new UsageError(`${where}: not an object`);
    for (const key of ["log", "id", "kind", "match"] as const) {
      if (typeof p[key] !== "string" || !p[key]) throw new UsageError(`${where}: "${key}" must be a non-empty string`);
    }
    if (!known.has(p.log)) throw new UsageError(`${where}: unknown log "${p.log}" (known: ${[...known].join(", ")})`);
    if (p.severity !== undefined && !SEVERITIES.includes(p.severity))
      throw new UsageError(`${where}: severity must be one of ${SEVERITIES.join(", ")}`);
    p.samples ??= [];
    p.evidence ??= "inferred";
    try {
      checkPatternSafety(p);
      compiled(p);
    } catch (err) {
      if (err instanceof PatternError) throw new UsageError(`${where}: ${err.message}`);
      throw err;
    }
  });
  return { patterns: list };
}

/** Each pattern is compiled once per thread, however many classifiers use it. */
const COMPILED = new WeakMap<MessagePattern, CompiledPattern>();
function compiled(p: MessagePattern): CompiledPattern {
  let c = COMPILED.get(p);
  if (!c) COMPILED.set(p, (c = compilePattern(p)));
  return c;
}

/** Message patterns compiled once, per log; a user's patterns come first so they can override. */
export class Classifier {
  /** Per log, its patterns in the order they are tried; compiled when the log is first seen (`patternsOf`). */
  private readonly byLog: Map<KnownLog, MessagePattern[]> = new Map();
  private readonly compiledByLog: Map<KnownLog, CompiledPattern[]> = new Map();
  private readonly byComponent: Map<string, KnownLog> = new Map();
  /** Per log, which patterns can match a message (built when the log is first seen; shared by `fresh` copies). */
  private readonly indexes: Map<KnownLog, PatternIndex | null> = new Map();
  /** Records no pattern recognized, per log. */
  readonly unrecognized = new Map<LogId, number>();
  readonly recognized = new Map<LogId, number>();

  constructor(user?: UserPatternFile, from?: Classifier) {
    if (from) {
      this.byLog = from.byLog;
      this.compiledByLog = from.compiledByLog;
      this.byComponent = from.byComponent;
      this.indexes = from.indexes;
      return;
    }
    for (const cat of CATALOGS) {
      for (const log of cat.logs) this.byLog.set(log, [...(this.byLog.get(log) ?? []), ...cat.patterns]);
      for (const c of cat.components) this.byComponent.set(c.toLowerCase(), cat.logs[0]);
    }
    // A later user pattern comes before an earlier one, and all before the catalog's.
    const mine = new Map<KnownLog, MessagePattern[]>();
    for (const p of user?.patterns ?? []) {
      let list = mine.get(p.log);
      if (!list) mine.set(p.log, (list = []));
      list.push(p);
    }
    for (const [log, list] of mine) this.byLog.set(log, [...list.reverse(), ...(this.byLog.get(log) ?? [])]);
  }

  /** A classifier sharing these compiled patterns, with its own counts (one per client). */
  fresh(): Classifier {
    return new Classifier(undefined, this);
  }

  /** Which log a file is when its name does not say: the first record whose component names one. */
  logOfComponent(component: string | null): KnownLog | undefined {
    return component ? this.byComponent.get(component.trim().toLowerCase()) : undefined;
  }

  /**
   * What a message gives on its own (pattern, fields, codes), remembered per log: logs repeat their messages many
   * times over, and matching is most of the cost of a record. Bounded; switched off when messages do not repeat.
   */
  private readonly memo = new Map<LogId, Map<string, MessageMeaning>>();
  private memoSize = 0;
  private memoTries = 0;
  private memoHits = 0;
  private memoOn = true;

  private meaning(message: string, log: LogId): MessageMeaning {
    if (!this.memoOn || message.length > MEMO_MAX_CHARS) return this.meaningOf(message, log);
    let perLog = this.memo.get(log);
    if (!perLog) this.memo.set(log, (perLog = new Map()));
    this.memoTries++;
    let m = perLog.get(message);
    if (m) this.memoHits++;
    else {
      m = this.meaningOf(message, log);
      if (this.memoSize >= MEMO_ENTRIES) {
        this.memo.clear();
        this.memo.set(log, (perLog = new Map()));
        this.memoSize = 0;
      }
      perLog.set(message, m);
      this.memoSize++;
      if (this.memoTries >= 20_000 && this.memoHits < this.memoTries / 10) {
        this.memoOn = false;
        this.memo.clear();
      }
    }
    return m;
  }

  private patternsOf(log: KnownLog): CompiledPattern[] {
    let list = this.compiledByLog.get(log);
    if (!list) this.compiledByLog.set(log, (list = (this.byLog.get(log) ?? []).map(compiled)));
    return list;
  }

  private indexOf(log: KnownLog): PatternIndex | null {
    let index = this.indexes.get(log);
    if (index === undefined) this.indexes.set(log, (index = PatternIndex.of(this.patternsOf(log)) ?? null));
    return index;
  }

  private meaningOf(message: string, log: LogId): MessageMeaning {
    let fields: EventFields | undefined;
    let hit: CompiledPattern | undefined;
    // What the message's words allow: which patterns can match, which code extractors and signal words can apply.
    const index = log === "other" ? null : this.indexOf(log);
    let hints: WordScanner;
    if (index) {
      const first = index.first(message);
      if (first) ({ hit, fields } = first);
      hints = index.words;
    } else {
      hints = hintScanner();
      hints.scan(message);
      const lower = message.toLowerCase();
      for (const c of log === "other" ? [] : this.patternsOf(log)) {
        fields = matchPattern(c, message, lower);
        if (fields) {
          hit = c;
          break;
        }
      }
    }
    const f: EventFields = fields ?? {};
    const codes = extractCodes(message, undefined, hints);
    if (codes.length) {
      f.codes = codes;
      const hr = codes.find((c) => c.system === "hresult");
      if (hr && f.hresult === undefined) f.hresult = hr.code;
      const exit = codes.find((c) => c.system === "exit" || c.system === "msi");
      if (exit && f.exitCode === undefined) f.exitCode = exit.value;
    }
    const signal = messageSignal(message, f.codes, undefined, hints);
    return {
      hit,
      fields: f,
      hasFields: Object.keys(f).length > 0,
      signal,
      wordSeverity: hit ? "info" : wordSeverity(signal),
    };
  }

  classify(rec: LogRecord, log: LogId): EventDraft {
    const stage: Stage = stageOfLog(log);
    const m = this.meaning(rec.message, log);
    const hit = m.hit;
    // An event with no fields shares one frozen empty object (most lines of a long log give none, and an object each
    // is most of what such an event holds); while messages repeat (the memo is on), the events saying one message
    // share one frozen copy of its fields; an event with a context, or fields of its own to add, gets its own copy.
    let f: EventFields = NO_FIELDS;
    if (m.hasFields && !rec.context && this.memoOn) f = m.shared ??= frozenFields(m.fields);
    else if (m.hasFields || rec.context) {
      f = copyFields(m.fields);
      if (rec.context && f.context === undefined) f.context = rec.context;
    }
    const counter = hit ? this.recognized : this.unrecognized;
    counter.set(log, (counter.get(log) ?? 0) + 1);
    const signal = recordSignal(m.signal, rec.type, hit !== undefined);
    // No pattern: the tolerant tier may still tell the kind from the stage's words, a failure signal and codes.
    const inferred = hit ? undefined : inferKind(rec.message, log, f, signal?.level === "failure");
    if (inferred?.fields) {
      if (Object.isFrozen(f)) f = f === NO_FIELDS ? {} : copyFields(f);
      for (const [k, v] of Object.entries(inferred.fields)) if (f[k] === undefined) f[k] = v;
    }
    const ev: EventDraft = {
      v: EVENT_SCHEMA_VERSION,
      seq: -1,
      time: rec.time,
      timeUncertain: false,
      log,
      stage,
      kind: hit ? hit.pattern.kind : (inferred?.kind ?? genericKind(stage)),
      severity:
        hit?.pattern.severity ??
        inferred?.severity ??
        (rec.type === 3 ? "error" : rec.type === 2 ? "warning" : m.wordSeverity),
      message: rec.message,
      component: rec.component,
      fields: f,
      file: rec.file,
      line: rec.firstLine,
      lastLine: rec.lastLine,
    };
    if (hit) {
      ev.pattern = hit.pattern.id;
      ev.recognizedBy = "pattern";
    } else if (inferred) ev.recognizedBy = "inferred";
    if (signal) ev.signal = signal;
    return ev;
  }
}
