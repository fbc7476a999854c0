import type {
  FrameFormat,
  FrameGrammar,
  FrameIssue,
  FrameRecord,
  FrameResult,
  UnparsedReason,
} from "../model/frame.js";
import type { LogRecord, ParsedItem, UnparsedSpan, AssumedZone } from "../model/record.js";
import { resolveTime } from "../time/time.js";
import type { ByteMapping, Piece } from "./reader.js";
import { FRAME_GRAMMARS, GRAMMAR_BY_FORMAT } from "../../grammars/index.js";

export interface FramerOptions {
  /** The file name records carry. */
  file: string;
  /** Force one grammar for every line instead of detecting per line. */
  inputFormat?: FrameFormat;
  assume?: AssumedZone;
  /** An unfinished record longer than this (characters) is given up as `too-long`, keeping memory bounded. */
  maxRecordChars?: number;
  /** Line number of the first line (when framing a range that starts inside a file). */
  firstLine?: number;
}

interface Seg {
  /** Offset in the working text. */
  at: number;
  byteStart: number;
  mapping: ByteMapping;
  fallback: boolean;
}

type Found = { start: number; end: number; record?: FrameRecord; issue?: FrameIssue };

/** Text pushed is framed once this much has come in (or at the end, or before a skipped line). */
const BATCH_CHARS = 32 * 1024;

const BLANK = /^[ \t\f\v\u00a0\ufeff]*$/;
// NUL anywhere, or mostly control characters: not text. Single control characters in text lines are kept.
const CONTROL = /[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]/g;
// Control characters no text writer puts in a log line (not BEL, BS, ESC, which terminal-minded text carries):
// two of them in a line mark random bytes, which otherwise decode as Windows-1252 into plausible-looking text.
const NOT_TEXT = /[\x01-\x06\x0e-\x1a\x1c-\x1f\x7f\x80-\x9f]/g;

/** The registry sorted by how each grammar claims text, once: nothing per line but the line grammars' own tests. */
const MARKER_GRAMMARS = FRAME_GRAMMARS.filter((g) => g.claims.by === "marker");
const LINE_GRAMMARS = FRAME_GRAMMARS.filter((g) => g.claims.by === "line");
const LINE_TESTS = FRAME_GRAMMARS.flatMap((g) => (g.claims.by === "line" ? [g.claims.test] : []));
const REST_GRAMMARS = FRAME_GRAMMARS.filter((g) => g.claims.by === "rest");
if (REST_GRAMMARS.length !== 1)
  throw new Error(`exactly one frame grammar takes the rest of the lines, not ${REST_GRAMMARS.length}`);
/** The grammar of each run of lines: a line grammar by its index, or the rest grammar (index LINE_TESTS.length). */
const RUN_GRAMMARS: readonly FrameGrammar[] = [...LINE_GRAMMARS, REST_GRAMMARS[0]];
const BLANK_RUN = -2;
const BINARY_RUN = -1;

function markerOf(g: FrameGrammar): string | undefined {
  return g.claims.by === "marker" ? g.claims.marker : undefined;
}

function isBinary(line: string): boolean {
  if (line.includes("\0")) return true;
  if ((line.match(NOT_TEXT)?.length ?? 0) >= 2) return true;
  const n = line.match(CONTROL)?.length ?? 0;
  return n > 0 && n >= line.length * 0.25;
}

function safeParse(g: FrameGrammar, text: string, final: boolean): FrameResult {
  try {
    return g.parse(text, final);
  } catch (err) {
    return {
      records: [],
      issues: [
        {
          start: 0,
          end: text.length,
          reason: "malformed",
          detail: `the ${g.format} grammar failed on this text (${(err as Error).message})`,
        },
      ],
      consumed: text.length,
    };
  }
}

/**
 * Turns the pieces of one file into records and unparsed spans, in file order, each with its lines and byte
 * offset. Every physical line ends up in exactly one item (lines shared by two records on one line excepted,
 * flagged `shares-line`).
 */
export class Framer {
  private work = "";
  private segs: Seg[] = [];
  /** Line number of work[0]. */
  private line = 1;
  private readonly maxRecordChars: number;
  /** Line arithmetic over the current working text. */
  private ix = new Lines("");
  /** Lines accounted for so far. */
  lines = 0;
  /** Characters pushed since the working text was last framed. */
  private unframed = 0;
  /** Length of the working text when a framing last finished nothing; 0 after progress. */
  private stalledAt = 0;

  constructor(private readonly opts: FramerOptions) {
    this.maxRecordChars = opts.maxRecordChars ?? 4 * 1024 * 1024;
    this.line = opts.firstLine ?? 1;
  }

  push(piece: Piece): ParsedItem[] {
    if (piece.kind === "text") {
      this.segs.push({
        at: this.work.length,
        byteStart: piece.byteStart,
        mapping: piece.mapping,
        fallback: piece.fallback,
      });
      this.work += piece.text;
      // Small pieces are framed together: each framing reads an unfinished record again from its start, and the
      // reader hands a Windows-1252 line among UTF-8 ones on as a piece of its own, so framing every piece was
      // quadratic in the length of an unfinished record (16 s for 270 KB of such lines).
      this.unframed += piece.text.length;
      // After a framing that could finish nothing (a record still open from the start of the working text, such as
      // a run of cut-off records sharing lines), framing again waits until the text has doubled: each framing
      // reads all of it, so framing every 32 KB would be quadratic up to the record limit (40 s for 4 MB).
      const due = this.unframed >= BATCH_CHARS && this.work.length >= 2 * this.stalledAt;
      if (!due && this.work.length <= this.maxRecordChars) return [];
      this.unframed = 0;
      const before = this.work.length;
      const out = this.process(false);
      this.stalledAt = out.length === 0 && this.work.length === before ? before : 0;
      if (this.work.length > this.maxRecordChars) out.push(...this.giveUp());
      return out;
    }
    const out = this.work ? this.process(true) : [];
    const span: UnparsedSpan = {
      kind: "unparsed",
      file: this.opts.file,
      firstLine: this.line,
      lastLine: this.line,
      byteOffset: piece.byteStart,
      byteLength: piece.byteLength,
      reason: piece.kind === "overlong" ? "too-long" : "truncated",
      detail:
        piece.kind === "overlong"
          ? `line is ${piece.byteLength.toLocaleString("en-US")} bytes long, over the line limit; skipped (raise it with --max-line-bytes)`
          : `the file ends with ${piece.byteLength} byte(s) that do not make a whole character (UTF-16 text with an odd number of bytes)`,
      preview: piece.kind === "overlong" ? piece.preview : "",
    };
    this.line += 1;
    this.lines += 1;
    out.push(span);
    return out;
  }

  end(): ParsedItem[] {
    return this.work ? this.process(true) : [];
  }

  /** An unfinished record grew past the limit: report its lines and start afresh after them. */
  private giveUp(): ParsedItem[] {
    const text = this.work;
    this.ix = new Lines(text);
    const found: Found[] = [
      {
        start: 0,
        end: text.length,
        issue: {
          start: 0,
          end: text.length,
          reason: "too-long",
          detail: `a record starting here did not end within ${this.maxRecordChars.toLocaleString("en-US")} characters; its lines are skipped`,
        },
      },
    ];
    return this.emit(text, found, text.length);
  }

  private process(final: boolean): ParsedItem[] {
    const text = this.work;
    this.ix = new Lines(text);
    const found: Found[] = [];
    const forced = this.opts.inputFormat === undefined ? undefined : GRAMMAR_BY_FORMAT[this.opts.inputFormat];
    let consumed = text.length;
    let regions: Array<[number, number]>;
    const marker = forced
      ? markerOf(forced) === undefined
        ? undefined
        : forced
      : MARKER_GRAMMARS.find((g) => text.includes(markerOf(g)!));
    if (marker) {
      const r = safeParse(marker, text, final);
      for (const rec of r.records) found.push({ start: rec.start, end: rec.end, record: rec });
      for (const issue of r.issues) found.push({ start: issue.start, end: issue.end, issue });
      consumed = r.consumed;
      regions = r.foreign ?? [];
      if (forced) {
        for (const [a, b] of regions) this.dispatchForced(text, a, b, marker, found);
        regions = [];
      }
    } else {
      regions = [[0, text.length]];
    }
    for (const [a, b] of regions) {
      const c = forced
        ? this.dispatchForced(text, a, b, forced, found, final || b < text.length)
        : this.dispatch(text, a, b, final || b < text.length, found);
      if (c < b && c < consumed) consumed = c;
    }
    found.sort((x, y) => x.start - y.start || x.end - y.end);
    return this.emit(text, found, consumed);
  }

  /** Splits [a, b) into runs of blank, binary and each line grammar's lines and hands each run to its grammar. */
  private dispatch(text: string, a: number, b: number, final: boolean, found: Found[]): number {
    let runClass = Number.NaN;
    let runStart = a;
    let consumed = b;
    const flush = (end: number, isLast: boolean): void => {
      if (runStart >= end) return;
      if (runClass === BLANK_RUN || runClass === BINARY_RUN) {
        const blank = runClass === BLANK_RUN;
        found.push({
          start: runStart,
          end,
          issue: {
            start: runStart,
            end,
            reason: blank ? "blank" : "binary",
            detail: blank ? "blank lines" : "binary data (NUL or control bytes), not log text",
          },
        });
        return;
      }
      const g = RUN_GRAMMARS[runClass];
      const block = text.slice(runStart, end);
      const r = safeParse(g, block, final || !isLast);
      for (const rec of r.records) found.push({ start: rec.start + runStart, end: rec.end + runStart, record: rec });
      for (const issue of r.issues) found.push({ start: issue.start + runStart, end: issue.end + runStart, issue });
      if (r.consumed < block.length) consumed = runStart + r.consumed;
    };
    let pos = a;
    while (pos < b) {
      const { bodyEnd, next } = this.ix.at(pos);
      const line = text.slice(pos, bodyEnd);
      let cls = BLANK.test(line) ? BLANK_RUN : isBinary(line) ? BINARY_RUN : 0;
      if (cls === 0) while (cls < LINE_TESTS.length && !LINE_TESTS[cls](line)) cls++;
      if (cls !== runClass) {
        flush(pos, false);
        runClass = cls;
        runStart = pos;
      }
      pos = next;
    }
    flush(b, true);
    return consumed;
  }

  /** With `--input-format`, one grammar takes every line; for a marker grammar (CCM), lines outside records are reported. */
  private dispatchForced(text: string, a: number, b: number, g: FrameGrammar, found: Found[], final = true): number {
    if (g.claims.by === "marker") {
      const outside = g.claims.outside;
      let pos = a;
      while (pos < b) {
        const { bodyEnd, next } = this.ix.at(pos);
        const blank = BLANK.test(text.slice(pos, bodyEnd));
        found.push({
          start: pos,
          end: next,
          issue: {
            start: pos,
            end: next,
            reason: blank ? "blank" : "unrecognized",
            detail: blank ? "blank lines" : `${outside} (--input-format ${g.format})`,
          },
        });
        pos = next;
      }
      return b;
    }
    const block = text.slice(a, b);
    const r = safeParse(g, block, final);
    for (const rec of r.records) found.push({ start: rec.start + a, end: rec.end + a, record: rec });
    for (const issue of r.issues) found.push({ start: issue.start + a, end: issue.end + a, issue });
    return a + r.consumed;
  }

  /** Turns found items into located records and spans, fills gaps, and keeps text from `consumed` on for later. */
  private emit(text: string, found: Found[], consumed: number): ParsedItem[] {
    const out: ParsedItem[] = [];
    const bytes = new ByteMap(text, this.segs);
    let pos = 0; // start of the first line not yet accounted
    let line = this.line;
    let lastItemLine = -1;
    const gap = (to: number): void => {
      // Lines no grammar touched: blank ones are said to be blank, anything else is unrecognized.
      while (pos < to) {
        const { bodyEnd, next } = this.ix.at(pos);
        const blank = BLANK.test(text.slice(pos, bodyEnd));
        out.push(
          this.span(
            text,
            bytes,
            pos,
            next,
            line,
            line,
            blank ? "blank" : "unrecognized",
            blank ? "blank lines" : "text no grammar recognized",
          ),
        );
        line++;
        pos = next;
      }
    };
    for (const f of found) {
      if (f.start >= consumed) break;
      const ls = this.ix.startOf(f.start);
      if (ls >= pos) {
        gap(ls);
      }
      const firstLine = ls < pos ? line - 1 : line;
      const endPos = Math.max(f.end, f.start + 1);
      const { bodyEnd, next } = this.ix.at(this.ix.startOf(endPos - 1));
      const lastLine = firstLine + this.ix.breaks(ls, bodyEnd);
      if (f.record) {
        const rec = f.record;
        const flags = rec.flags.slice();
        if (firstLine === lastItemLine) flags.push("shares-line");
        if (bytes.anyFallback(ls, next)) flags.push("decoded-windows-1252");
        const time = resolveTime(rec.time, this.opts.assume, flags);
        const item: LogRecord = {
          kind: "record",
          file: this.opts.file,
          firstLine,
          lastLine,
          byteOffset: bytes.at(ls),
          format: rec.format,
          raw: text.slice(ls, bodyEnd),
          message: rec.message,
          component: rec.component,
          thread: rec.thread,
          type: rec.type,
          time,
          flags,
        };
        if (rec.context) item.context = rec.context;
        if (rec.sourceFile) item.sourceFile = rec.sourceFile;
        out.push(item);
      } else if (f.issue && ls < pos) {
        // The issue starts on a line the previous item already holds (a cut-off record after a record, or a
        // second issue on one line). That line stays with the previous item, so that every line is in exactly
        // one item; the issue's further lines, if any, extend the previous span or become a span of their own.
        const prev = out[out.length - 1];
        if (prev?.kind === "record" && !prev.flags.includes("surrounding-text")) prev.flags.push("surrounding-text");
        if (next > pos) {
          if (prev?.kind === "unparsed") {
            prev.lastLine = lastLine;
            prev.byteLength = bytes.at(next) - prev.byteOffset;
          } else {
            out.push(
              this.span(
                text,
                bytes,
                pos,
                next,
                line,
                lastLine,
                f.issue.reason,
                `${f.issue.detail} (It starts at the end of line ${line - 1}, after a record.)`,
              ),
            );
          }
        }
      } else if (f.issue) {
        out.push(this.span(text, bytes, ls, next, firstLine, lastLine, f.issue.reason, f.issue.detail));
      }
      lastItemLine = lastLine;
      if (next > pos) {
        pos = next;
        line = lastLine + 1;
      }
    }
    gap(consumed);
    this.lines += line - this.line;
    this.line = line;
    // Keep the unconsumed text and the byte mapping from there on.
    const keepByte = bytes.at(consumed);
    this.segs = this.segs.flatMap((seg, i, all) => {
      const segEnd = i + 1 < all.length ? all[i + 1].at : text.length;
      if (segEnd <= consumed) return [];
      return [seg.at >= consumed ? { ...seg, at: seg.at - consumed } : { ...seg, at: 0, byteStart: keepByte }];
    });
    this.work = text.slice(consumed);
    return out;
  }

  private span(
    text: string,
    bytes: ByteMap,
    a: number,
    b: number,
    firstLine: number,
    lastLine: number,
    reason: UnparsedReason,
    detail: string,
  ): UnparsedSpan {
    const byteOffset = bytes.at(a);
    return {
      kind: "unparsed",
      file: this.opts.file,
      firstLine,
      lastLine,
      byteOffset,
      byteLength: bytes.at(b) - byteOffset,
      reason,
      detail,
      preview: text.slice(a, Math.min(b, a + 200)).replace(/[\r\n]+$/, ""),
    };
  }
}

/**
 * Line arithmetic over one text. Terminators are CRLF, LF or a lone CR; whether lone CRs occur at all is decided
 * once, so that the common LF/CRLF case runs on native `indexOf` without rescanning the text.
 */
export class Lines {
  private readonly loneCR: boolean;
  constructor(private readonly text: string) {
    this.loneCR = /\r(?!\n)/.test(text);
  }

  /** The line starting at `pos`: where its text ends (terminator excluded) and where the next line starts. */
  at(pos: number): { bodyEnd: number; next: number } {
    const text = this.text;
    if (!this.loneCR) {
      const lf = text.indexOf("\n", pos);
      if (lf < 0) return { bodyEnd: text.length, next: text.length };
      return { bodyEnd: lf > pos && text.charCodeAt(lf - 1) === 13 ? lf - 1 : lf, next: lf + 1 };
    }
    for (let i = pos; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) return { bodyEnd: i, next: i + 1 };
      if (c === 13) return { bodyEnd: i, next: text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1 };
    }
    return { bodyEnd: text.length, next: text.length };
  }

  /** Start of the line that holds `pos`. */
  startOf(pos: number): number {
    const text = this.text;
    if (pos <= 0) return 0;
    if (!this.loneCR) return text.lastIndexOf("\n", pos - 1) + 1;
    for (let i = pos - 1; i >= 0; i--) {
      const c = text.charCodeAt(i);
      if (c === 10) return i + 1;
      if (c === 13 && text.charCodeAt(i + 1) !== 10) return i + 1;
    }
    return 0;
  }

  /** Number of line terminators in text[a, b) (CRLF counts once). */
  breaks(a: number, b: number): number {
    const text = this.text;
    let n = 0;
    if (!this.loneCR) {
      let i = text.indexOf("\n", a);
      while (i >= 0 && i < b) {
        n++;
        i = text.indexOf("\n", i + 1);
      }
      return n;
    }
    for (let i = a; i < b; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) n++;
      else if (c === 13) {
        n++;
        if (text.charCodeAt(i + 1) === 10) i++;
      }
    }
    return n;
  }
}

/** Maps character offsets of the working text to byte offsets of the file. */
class ByteMap {
  private segIdx = 0;
  private lastOff = 0;
  private lastByte = 0;
  constructor(
    private readonly text: string,
    private readonly segs: Seg[],
  ) {
    if (segs.length) this.lastByte = segs[0].byteStart;
  }

  at(off: number): number {
    const segs = this.segs;
    if (!segs.length) return 0;
    if (off < this.lastOff) {
      this.segIdx = 0;
      this.lastOff = 0;
      this.lastByte = segs[0].byteStart;
    }
    while (this.segIdx + 1 < segs.length && segs[this.segIdx + 1].at <= off) {
      this.segIdx++;
      this.lastOff = segs[this.segIdx].at;
      this.lastByte = segs[this.segIdx].byteStart;
    }
    const s = segs[this.segIdx];
    if (this.lastOff < s.at) {
      this.lastOff = s.at;
      this.lastByte = s.byteStart;
    }
    const d = off - this.lastOff;
    if (d > 0) {
      this.lastByte +=
        s.mapping === "single"
          ? d
          : s.mapping === "utf16"
            ? 2 * d
            : Buffer.byteLength(this.text.slice(this.lastOff, off), "utf8");
      this.lastOff = off;
    }
    return this.lastByte;
  }

  anyFallback(a: number, b: number): boolean {
    for (let i = 0; i < this.segs.length; i++) {
      const s = this.segs[i];
      if (!s.fallback) continue;
      const end = i + 1 < this.segs.length ? this.segs[i + 1].at : this.text.length;
      if (s.at < b && end > a) return true;
    }
    return false;
  }
}
