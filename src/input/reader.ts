import { createReadStream } from "node:fs";
import { TextDecoder } from "node:util";
import type { Readable } from "node:stream";
import { decodeWindows1252, isValidUtf8, sniffEncoding, type Sniffed } from "./decode.js";
import type { EncodingName } from "../model/input.js";

/**
 * How characters of a piece map back to bytes of the file:
 * `single` one byte a character (ASCII-only UTF-8, Windows-1252); `utf8` variable; `utf16` two bytes a code unit.
 */
export type ByteMapping = "single" | "utf8" | "utf16";

/** Decoded text of whole lines, with where it came from. */
export interface TextPiece {
  kind: "text";
  text: string;
  byteStart: number;
  mapping: ByteMapping;
  /** The bytes were not valid UTF-8 and were read as Windows-1252. */
  fallback: boolean;
}

/** A line longer than the limit: its bytes are skipped, not kept in memory. */
export interface OverlongLine {
  kind: "overlong";
  byteStart: number;
  /** Bytes of the line, its terminator included. */
  byteLength: number;
  preview: string;
}

/** Bytes at the end that cannot form a character (UTF-16 with an odd byte count). */
export interface TrailingBytes {
  kind: "trailing";
  byteStart: number;
  byteLength: number;
}

export type Piece = TextPiece | OverlongLine | TrailingBytes;

export interface ReadOptions {
  encoding: EncodingName;
  /** Longest line kept, in bytes. */
  maxLineBytes: number;
  /** Size of the pieces handed on, in bytes (whole lines, so pieces may be longer). */
  pieceBytes?: number;
}

export interface ReadInfo {
  sniffed?: Sniffed;
  bytes: number;
}

const LF = 0x0a;
const CR = 0x0d;

/** Offset one past the last line terminator that is certainly complete (a CR at the very end may be half a CRLF). */
function lastLineEnd(buf: Buffer, eof: boolean): number {
  const lf = buf.lastIndexOf(LF);
  const crFrom = eof ? buf.length - 1 : buf.length - 2;
  const cr = crFrom >= 0 ? buf.lastIndexOf(CR, crFrom) : -1;
  return Math.max(lf, cr) + 1;
}

/** Offset one past the first line terminator at or after `from`, or -1. */
function firstLineEnd(buf: Buffer, from: number, eof: boolean): number {
  const lf = buf.indexOf(LF, from);
  const cr = buf.indexOf(CR, from);
  if (cr >= 0 && (lf < 0 || cr < lf)) {
    if (cr + 1 < buf.length) return buf[cr + 1] === LF ? cr + 2 : cr + 1;
    return eof ? cr + 1 : -1;
  }
  return lf >= 0 ? lf + 1 : -1;
}

export function openSource(path: string): Readable {
  return path === "-" ? process.stdin : createReadStream(path, { highWaterMark: 64 * 1024 });
}

/**
 * Reads a byte stream into decoded pieces of whole lines. Memory stays bounded by the piece size plus the
 * longest kept line: a line over `maxLineBytes` is skipped as it streams past and reported as `overlong`.
 */
export async function* readPieces(
  stream: AsyncIterable<Buffer | string>,
  opts: ReadOptions,
  info: ReadInfo,
): AsyncGenerator<Piece> {
  const cutter = new LineCutter(opts, info);
  // A read error ends the stream where it happened: what was read before it is still framed (records kept, a cut
  // last line reported), and then the error goes on to the caller, which reports it for the file.
  let failure: { error: unknown } | undefined;
  try {
    for await (const chunk of stream) yield* cutter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  } catch (error) {
    failure = { error };
  }
  yield* cutter.end();
  if (failure) throw failure.error;
}

/**
 * Cuts the chunks of a byte stream into pieces of whole lines: it sniffs the encoding from the first 4 KB, then
 * cuts byte-oriented text (UTF-8, Windows-1252) at line ends in the bytes, and UTF-16 at line ends in the decoded
 * text; a line over the limit is skipped as it streams past.
 */
class LineCutter {
  private readonly pieceBytes: number;
  private pending: Buffer = Buffer.alloc(0);
  /** File offset of pending[0]. */
  private pendingStart = 0;
  private sniffed: Sniffed | undefined;
  private utf16: TextDecoder | undefined;
  /** A UTF-16 byte whose code unit is not complete yet. */
  private odd16: Buffer = Buffer.alloc(0);
  /** Length of text16 when lines were last cut from it. */
  private text16Tried = 0;
  /** Chunks not yet joined to `pending`, and their length. */
  private parts: Buffer[] = [];
  private partsLength = 0;
  private skipping: OverlongLine | undefined;
  /** The bytes skipped so far end in a CR: it ends the overlong line, alone or with an LF that follows. */
  private skippedCR = false;
  private total = 0;
  // UTF-16: decode first, then cut at line ends in the decoded text; two bytes per code unit keep offsets exact.
  // The decoders keep a U+FEFF at the start (ignoreBOM): the byte-order mark was skipped already, a second one is text.
  private text16 = "";
  private text16Start = 0;

  constructor(
    private readonly opts: ReadOptions,
    private readonly info: ReadInfo,
  ) {
    this.pieceBytes = opts.pieceBytes ?? 64 * 1024;
  }

  private get isUtf16(): boolean {
    return this.sniffed!.encoding === "utf16le" || this.sniffed!.encoding === "utf16be";
  }

  /** Takes the next chunk of the stream and yields the whole lines it completes. */
  *push(chunk: Buffer): Generator<Piece> {
    const buf = this.sniffed ? chunk : this.sniffFirst(chunk);
    if (!buf) return;
    this.total += buf.length;
    if (this.isUtf16) yield* this.pushUtf16(buf);
    else yield* this.pushBytes(buf);
  }

  /** Gathers the first 4 KB to decide the encoding; then gives what follows the byte-order mark, or undefined while gathering. */
  private sniffFirst(chunk: Buffer): Buffer | undefined {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    if (this.pending.length < 4096) return undefined;
    const sniffed = sniffEncoding(this.pending, this.opts.encoding);
    this.sniffed = sniffed;
    this.info.sniffed = sniffed;
    const buf = this.pending.subarray(sniffed.bom);
    this.total = sniffed.bom;
    this.pendingStart = sniffed.bom;
    this.text16Start = sniffed.bom;
    this.pending = Buffer.alloc(0);
    return buf;
  }

  private *pushUtf16(buf: Buffer): Generator<Piece> {
    this.utf16 ??= new TextDecoder(this.sniffed!.encoding === "utf16le" ? "utf-16le" : "utf-16be", { ignoreBOM: true });
    // Whole code units only: an odd byte waits for the next chunk, and one left at the end is reported, never
    // decoded (with a lone high surrogate before it, the decoder would turn both into one U+FFFD).
    const data = this.odd16.length ? Buffer.concat([this.odd16, buf]) : buf;
    const even = data.length - (data.length % 2);
    this.odd16 = data.subarray(even);
    this.text16 += this.utf16.decode(data.subarray(0, even), { stream: true });
    // Lines are cut once a piece's worth of text came in since the last try: trying on every small chunk
    // rescanned a long unfinished line each time (quadratic; 9 s for a 267 KB line in 3-byte chunks).
    if ((this.text16.length - this.text16Tried) * 2 >= this.pieceBytes) {
      yield* this.emit16(false);
      this.text16Tried = this.text16.length;
    }
  }

  private *pushBytes(buf: Buffer): Generator<Piece> {
    if (this.skipping) {
      const rest = yield* this.skipOverlong(buf);
      if (!rest) return;
      buf = rest;
    }
    // Chunks are joined once a piece's worth came in (joining every small chunk copied the pending bytes again
    // each time), and after a piece with no line end, once another piece's worth came in.
    this.parts.push(buf);
    this.partsLength += buf.length;
    if (
      this.partsLength <
      (this.pending.length < this.pieceBytes ? this.pieceBytes - this.pending.length : this.pieceBytes)
    )
      return;
    this.pending =
      !this.pending.length && this.parts.length === 1 ? this.parts[0] : Buffer.concat([this.pending, ...this.parts]);
    this.parts = [];
    this.partsLength = 0;
    const cut = lastLineEnd(this.pending, false);
    if (cut === 0) {
      if (this.pending.length > this.opts.maxLineBytes) this.startSkipping();
      return;
    }
    yield* this.emitLongLinesAware(this.pending.subarray(0, cut), this.pendingStart);
    this.pendingStart += cut;
    this.pending = this.pending.subarray(cut);
  }

  /** The pending bytes hold no line end and are over the limit: the line is skipped from here on. */
  private startSkipping(): void {
    const pending = this.pending;
    this.skipping = {
      kind: "overlong",
      byteStart: this.pendingStart,
      byteLength: pending.length,
      preview: previewOf(pending),
    };
    this.skippedCR = pending[pending.length - 1] === CR;
    this.pendingStart += pending.length;
    this.pending = Buffer.alloc(0);
  }

  /** Skips the chunk's bytes of the overlong line; when the line ends in it, yields the line and gives the rest. */
  private *skipOverlong(buf: Buffer): Generator<Piece, Buffer | undefined> {
    const skipping = this.skipping!;
    // A CR that ended the previous chunk ended the skipped line, with this chunk's LF if it starts with one.
    const end = this.skippedCR ? (buf[0] === LF ? 1 : 0) : firstLineEnd(buf, 0, false);
    this.skippedCR = false;
    if (end < 0) {
      skipping.byteLength += buf.length;
      this.skippedCR = buf[buf.length - 1] === CR;
      return undefined;
    }
    skipping.byteLength += end;
    yield skipping;
    this.skipping = undefined;
    const rest = buf.subarray(end);
    this.pendingStart = this.total - rest.length;
    return rest;
  }

  /** The stream ended: yields what is left (a short stream is sniffed now). */
  *end(): Generator<Piece> {
    if (this.parts.length) this.pending = Buffer.concat([this.pending, ...this.parts]);
    if (!this.sniffed) this.sniffAtEnd();
    else if (this.utf16) {
      // A dangling odd byte was not passed to the decoder; it is reported instead.
      this.text16 += this.utf16.decode();
      if (this.odd16.length) this.pending = this.odd16;
    }
    this.info.bytes = this.total;
    if (this.isUtf16) {
      if (this.text16.length || this.skipping) yield* this.emit16(true);
      if (this.pending.length)
        yield { kind: "trailing", byteStart: this.total - this.pending.length, byteLength: this.pending.length };
      return;
    }
    const skipping = this.skipping;
    if (skipping) {
      const end = firstLineEnd(this.pending, 0, true);
      skipping.byteLength += end < 0 ? this.pending.length : end;
      yield skipping;
      const restStart = end < 0 ? this.pending.length : end;
      this.pendingStart = skipping.byteStart + skipping.byteLength;
      this.pending = this.pending.subarray(restStart);
    }
    if (this.pending.length) yield* this.emitLongLinesAware(this.pending, this.pendingStart);
  }

  /** A stream shorter than 4 KB: its encoding is decided from all of it. */
  private sniffAtEnd(): void {
    const sniffed = sniffEncoding(this.pending, this.opts.encoding);
    this.sniffed = sniffed;
    this.info.sniffed = sniffed;
    this.pendingStart = sniffed.bom;
    this.text16Start = sniffed.bom;
    this.total = this.pending.length;
    const body = this.pending.subarray(sniffed.bom);
    this.pending = Buffer.alloc(0);
    if (this.isUtf16) {
      this.utf16 = new TextDecoder(sniffed.encoding === "utf16le" ? "utf-16le" : "utf-16be", { ignoreBOM: true });
      const even = body.length - (body.length % 2);
      this.text16 = this.utf16.decode(body.subarray(0, even));
      if (even < body.length) this.pending = body.subarray(even);
    } else {
      this.pending = body;
    }
  }

  /** Whole lines of byte-oriented text; lines over the limit inside an otherwise normal piece are cut out here. */
  private *emitLongLinesAware(bytes: Buffer, start: number): Generator<Piece> {
    if (bytes.length <= this.opts.maxLineBytes) {
      yield* this.emitBytes(bytes, start);
      return;
    }
    let pos = 0;
    let runStart = 0;
    while (pos < bytes.length) {
      let end = firstLineEnd(bytes, pos, true);
      if (end < 0) end = bytes.length;
      if (end - pos > this.opts.maxLineBytes) {
        yield* this.emitBytes(bytes.subarray(runStart, pos), start + runStart);
        yield {
          kind: "overlong",
          byteStart: start + pos,
          byteLength: end - pos,
          preview: previewOf(bytes.subarray(pos, pos + 800)),
        };
        runStart = end;
      }
      pos = end;
    }
    yield* this.emitBytes(bytes.subarray(runStart), start + runStart);
  }

  /** Decodes whole lines of byte-oriented text. */
  private *emitBytes(bytes: Buffer, byteStart: number): Generator<Piece> {
    if (bytes.length === 0) return;
    if (this.sniffed!.encoding === "windows-1252") {
      yield { kind: "text", text: decodeWindows1252(bytes), byteStart, mapping: "single", fallback: false };
      return;
    }
    if (isValidUtf8(bytes)) {
      const text = bytes.toString("utf8");
      yield {
        kind: "text",
        text,
        byteStart,
        mapping: text.length === bytes.length ? "single" : "utf8",
        fallback: false,
      };
      return;
    }
    // Mixed or legacy bytes: decide line by line, so one bad line does not turn the rest of the piece into mojibake.
    let pos = 0;
    let runStart = 0;
    while (pos < bytes.length) {
      let end = firstLineEnd(bytes, pos, true);
      if (end < 0) end = bytes.length;
      const line = bytes.subarray(pos, end);
      if (!isValidUtf8(line)) {
        if (runStart < pos) yield utf8Piece(bytes.subarray(runStart, pos), byteStart + runStart);
        yield {
          kind: "text",
          text: decodeWindows1252(line),
          byteStart: byteStart + pos,
          mapping: "single",
          fallback: true,
        };
        runStart = end;
      }
      pos = end;
    }
    if (runStart < bytes.length) yield utf8Piece(bytes.subarray(runStart), byteStart + runStart);
  }

  /** One past the first line terminator in text16 at or after `from`, or -1 (a CR at the very end may be half a CRLF). */
  private lineEnd16(from: number, eof: boolean): number {
    const re = /\r\n|\r|\n/g;
    re.lastIndex = from;
    const m = re.exec(this.text16);
    if (!m || (m[0] === "\r" && m.index + 1 === this.text16.length && !eof)) return -1;
    return m.index + m[0].length;
  }

  /** Cuts the whole lines of the decoded UTF-16 text gathered so far (all of it at the end). */
  private *emit16(eof: boolean): Generator<Piece> {
    if (this.skipping) {
      const ended = yield* this.skipOverlong16(eof);
      if (!ended) return;
    }
    let cut: number;
    if (eof) cut = this.text16.length;
    else {
      const lf = this.text16.lastIndexOf("\n");
      const cr = this.text16.lastIndexOf("\r", this.text16.length - 2);
      cut = Math.max(lf, cr) + 1;
    }
    if (cut === 0) {
      if (this.text16.length * 2 > this.opts.maxLineBytes) {
        const keep = this.text16.endsWith("\r") ? 1 : 0;
        this.skipping = {
          kind: "overlong",
          byteStart: this.text16Start,
          byteLength: (this.text16.length - keep) * 2,
          preview: this.text16.slice(0, 200),
        };
        this.dropText16(this.text16.length - keep);
      }
      return;
    }
    yield* this.emitText16(this.text16.slice(0, cut), this.text16Start);
    this.dropText16(cut);
  }

  /** Skips the UTF-16 line being skipped up to its end; yields it and says true when it ended. */
  private *skipOverlong16(eof: boolean): Generator<Piece, boolean> {
    const skipping = this.skipping!;
    // The line being skipped ends at the first line end; the lines after it are read normally.
    const end = this.lineEnd16(0, eof);
    if (end < 0 && !eof) {
      // Still inside the line. A CR at the very end is kept: it may end the line or start a CRLF.
      const keep = this.text16.endsWith("\r") ? 1 : 0;
      skipping.byteLength += (this.text16.length - keep) * 2;
      this.dropText16(this.text16.length - keep);
      return false;
    }
    const n = end < 0 ? this.text16.length : end;
    skipping.byteLength += n * 2;
    this.dropText16(n);
    yield skipping;
    this.skipping = undefined;
    return true;
  }

  /** Drops the first `n` code units of text16, which were handed on or skipped. */
  private dropText16(n: number): void {
    this.text16Start += n * 2;
    this.text16 = this.text16.slice(n);
  }

  /** Whole lines of UTF-16 text; lines over the limit are cut out as `overlong`, as for byte-oriented text. */
  private *emitText16(text: string, byteStart: number): Generator<Piece> {
    if (text.length * 2 <= this.opts.maxLineBytes) {
      yield { kind: "text", text, byteStart, mapping: "utf16", fallback: false };
      return;
    }
    const re = /\r\n|\r|\n/g;
    let pos = 0;
    let runStart = 0;
    while (pos < text.length) {
      re.lastIndex = pos;
      const m = re.exec(text);
      const end = m ? m.index + m[0].length : text.length;
      if ((end - pos) * 2 > this.opts.maxLineBytes) {
        if (runStart < pos)
          yield {
            kind: "text",
            text: text.slice(runStart, pos),
            byteStart: byteStart + runStart * 2,
            mapping: "utf16",
            fallback: false,
          };
        yield {
          kind: "overlong",
          byteStart: byteStart + pos * 2,
          byteLength: (end - pos) * 2,
          preview: text.slice(pos, pos + 200),
        };
        runStart = end;
      }
      pos = end;
    }
    if (runStart < text.length)
      yield {
        kind: "text",
        text: text.slice(runStart),
        byteStart: byteStart + runStart * 2,
        mapping: "utf16",
        fallback: false,
      };
  }
}

/** Valid UTF-8 bytes as a text piece. */
function utf8Piece(run: Buffer, byteStart: number): TextPiece {
  const text = run.toString("utf8");
  return { kind: "text", text, byteStart, mapping: text.length === run.length ? "single" : "utf8", fallback: false };
}

function previewOf(bytes: Buffer): string {
  return bytes.subarray(0, 800).toString("utf8").slice(0, 200);
}
