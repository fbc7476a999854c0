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
export async function* readPieces(stream: AsyncIterable<Buffer | string>, opts: ReadOptions, info: ReadInfo): AsyncGenerator<Piece> {
  const pieceBytes = opts.pieceBytes ?? 64 * 1024;
  let pending: Buffer = Buffer.alloc(0);
  let pendingStart = 0; // file offset of pending[0]
  let sniffed: Sniffed | undefined;
  let utf16: TextDecoder | undefined;
  /** A UTF-16 byte whose code unit is not complete yet. */
  let odd16: Buffer = Buffer.alloc(0);
  /** Length of text16 when lines were last cut from it. */
  let text16Tried = 0;
  /** Chunks not yet joined to `pending`, and their length. */
  let parts: Buffer[] = [];
  let partsLength = 0;
  let skipping: OverlongLine | undefined;
  /** The bytes skipped so far end in a CR: it ends the overlong line, alone or with an LF that follows. */
  let skippedCR = false;
  let total = 0;

  const emitBytes = function* (bytes: Buffer, byteStart: number): Generator<Piece> {
    if (bytes.length === 0) return;
    if (sniffed!.encoding === "windows-1252") {
      yield { kind: "text", text: decodeWindows1252(bytes), byteStart, mapping: "single", fallback: false };
      return;
    }
    if (isValidUtf8(bytes)) {
      const text = bytes.toString("utf8");
      yield { kind: "text", text, byteStart, mapping: text.length === bytes.length ? "single" : "utf8", fallback: false };
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
        if (runStart < pos) {
          const run = bytes.subarray(runStart, pos);
          const text = run.toString("utf8");
          yield { kind: "text", text, byteStart: byteStart + runStart, mapping: text.length === run.length ? "single" : "utf8", fallback: false };
        }
        yield { kind: "text", text: decodeWindows1252(line), byteStart: byteStart + pos, mapping: "single", fallback: true };
        runStart = end;
      }
      pos = end;
    }
    if (runStart < bytes.length) {
      const run = bytes.subarray(runStart);
      const text = run.toString("utf8");
      yield { kind: "text", text, byteStart: byteStart + runStart, mapping: text.length === run.length ? "single" : "utf8", fallback: false };
    }
  };

  // UTF-16: decode first, then cut at line ends in the decoded text; two bytes per code unit keep offsets exact.
  // The decoders keep a U+FEFF at the start (ignoreBOM): the byte-order mark was skipped already, a second one is text.
  let text16 = "";
  let text16Start = 0;
  /** One past the first line terminator in text16 at or after `from`, or -1 (a CR at the very end may be half a CRLF). */
  const lineEnd16 = (from: number, eof: boolean): number => {
    const re = /\r\n|\r|\n/g;
    re.lastIndex = from;
    const m = re.exec(text16);
    if (!m || (m[0] === "\r" && m.index + 1 === text16.length && !eof)) return -1;
    return m.index + m[0].length;
  };
  /** Whole lines of UTF-16 text; lines over the limit are cut out as `overlong`, as for byte-oriented text. */
  const emitText16 = function* (text: string, byteStart: number): Generator<Piece> {
    if (text.length * 2 <= opts.maxLineBytes) {
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
      if ((end - pos) * 2 > opts.maxLineBytes) {
        if (runStart < pos) yield { kind: "text", text: text.slice(runStart, pos), byteStart: byteStart + runStart * 2, mapping: "utf16", fallback: false };
        yield { kind: "overlong", byteStart: byteStart + pos * 2, byteLength: (end - pos) * 2, preview: text.slice(pos, pos + 200) };
        runStart = end;
      }
      pos = end;
    }
    if (runStart < text.length) yield { kind: "text", text: text.slice(runStart), byteStart: byteStart + runStart * 2, mapping: "utf16", fallback: false };
  };
  const emit16 = function* (eof: boolean): Generator<Piece> {
    if (skipping) {
      // The line being skipped ends at the first line end; the lines after it are read normally.
      const end = lineEnd16(0, eof);
      if (end < 0 && !eof) {
        // Still inside the line. A CR at the very end is kept: it may end the line or start a CRLF.
        const keep = text16.endsWith("\r") ? 1 : 0;
        skipping.byteLength += (text16.length - keep) * 2;
        text16Start += (text16.length - keep) * 2;
        text16 = text16.slice(text16.length - keep);
        return;
      }
      const n = end < 0 ? text16.length : end;
      skipping.byteLength += n * 2;
      text16Start += n * 2;
      text16 = text16.slice(n);
      yield skipping;
      skipping = undefined;
    }
    let cut: number;
    if (eof) cut = text16.length;
    else {
      const lf = text16.lastIndexOf("\n");
      const cr = text16.lastIndexOf("\r", text16.length - 2);
      cut = Math.max(lf, cr) + 1;
    }
    if (cut === 0) {
      if (text16.length * 2 > opts.maxLineBytes) {
        const keep = text16.endsWith("\r") ? 1 : 0;
        skipping = { kind: "overlong", byteStart: text16Start, byteLength: (text16.length - keep) * 2, preview: text16.slice(0, 200) };
        text16Start += (text16.length - keep) * 2;
        text16 = text16.slice(text16.length - keep);
      }
      return;
    }
    yield* emitText16(text16.slice(0, cut), text16Start);
    text16Start += cut * 2;
    text16 = text16.slice(cut);
  };

  // A read error ends the stream where it happened: what was read before it is still framed (records kept, a cut
  // last line reported), and then the error goes on to the caller, which reports it for the file.
  let failure: { error: unknown } | undefined;
  try {
    for await (const chunk of stream) {
      let buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (!sniffed) {
        pending = pending.length ? Buffer.concat([pending, buf]) : buf;
        if (pending.length < 4096) continue;
        sniffed = sniffEncoding(pending, opts.encoding);
        info.sniffed = sniffed;
        buf = pending.subarray(sniffed.bom);
        total = sniffed.bom;
        pendingStart = sniffed.bom;
        text16Start = sniffed.bom;
        pending = Buffer.alloc(0);
      }
      total += buf.length;
      if (sniffed.encoding === "utf16le" || sniffed.encoding === "utf16be") {
        utf16 ??= new TextDecoder(sniffed.encoding === "utf16le" ? "utf-16le" : "utf-16be", { ignoreBOM: true });
        // Whole code units only: an odd byte waits for the next chunk, and one left at the end is reported, never
        // decoded (with a lone high surrogate before it, the decoder would turn both into one U+FFFD).
        const data = odd16.length ? Buffer.concat([odd16, buf]) : buf;
        const even = data.length - (data.length % 2);
        odd16 = data.subarray(even);
        text16 += utf16.decode(data.subarray(0, even), { stream: true });
        // Lines are cut once a piece's worth of text came in since the last try: trying on every small chunk
        // rescanned a long unfinished line each time (quadratic; 9 s for a 267 KB line in 3-byte chunks).
        if ((text16.length - text16Tried) * 2 >= pieceBytes) {
          yield* emit16(false);
          text16Tried = text16.length;
        }
        continue;
      }
      if (skipping) {
        // A CR that ended the previous chunk ended the skipped line, with this chunk's LF if it starts with one.
        const end = skippedCR ? (buf[0] === LF ? 1 : 0) : firstLineEnd(buf, 0, false);
        skippedCR = false;
        if (end < 0) {
          skipping.byteLength += buf.length;
          skippedCR = buf[buf.length - 1] === CR;
          continue;
        }
        skipping.byteLength += end;
        yield skipping;
        skipping = undefined;
        buf = buf.subarray(end);
        pendingStart = total - buf.length;
      }
      // Chunks are joined once a piece's worth came in (joining every small chunk copied the pending bytes again
      // each time), and after a piece with no line end, once another piece's worth came in.
      parts.push(buf);
      partsLength += buf.length;
      if (partsLength < (pending.length < pieceBytes ? pieceBytes - pending.length : pieceBytes)) continue;
      pending = !pending.length && parts.length === 1 ? parts[0] : Buffer.concat([pending, ...parts]);
      parts = [];
      partsLength = 0;
      const cut = lastLineEnd(pending, false);
      if (cut === 0) {
        if (pending.length > opts.maxLineBytes) {
          skipping = { kind: "overlong", byteStart: pendingStart, byteLength: pending.length, preview: previewOf(pending) };
          skippedCR = pending[pending.length - 1] === CR;
          pendingStart += pending.length;
          pending = Buffer.alloc(0);
        }
        continue;
      }
      yield* emitLongLinesAware(pending.subarray(0, cut), pendingStart);
      pendingStart += cut;
      pending = pending.subarray(cut);
    }
  } catch (error) {
    failure = { error };
  }
  if (parts.length) pending = Buffer.concat([pending, ...parts]);

  if (!sniffed) {
    sniffed = sniffEncoding(pending, opts.encoding);
    info.sniffed = sniffed;
    pendingStart = sniffed.bom;
    text16Start = sniffed.bom;
    total = pending.length;
    const body = pending.subarray(sniffed.bom);
    pending = Buffer.alloc(0);
    if (sniffed.encoding === "utf16le" || sniffed.encoding === "utf16be") {
      utf16 = new TextDecoder(sniffed.encoding === "utf16le" ? "utf-16le" : "utf-16be", { ignoreBOM: true });
      const even = body.length - (body.length % 2);
      text16 = utf16.decode(body.subarray(0, even));
      if (even < body.length) pending = body.subarray(even);
    } else {
      pending = body;
    }
  } else if (utf16) {
    // A dangling odd byte was not passed to the decoder; it is reported instead.
    text16 += utf16.decode();
    if (odd16.length) pending = odd16;
  }
  info.bytes = total;

  if (sniffed.encoding === "utf16le" || sniffed.encoding === "utf16be") {
    if (text16.length || skipping) yield* emit16(true);
    if (pending.length) yield { kind: "trailing", byteStart: total - pending.length, byteLength: pending.length };
    if (failure) throw failure.error;
    return;
  }
  if (skipping) {
    const end = firstLineEnd(pending, 0, true);
    skipping.byteLength += end < 0 ? pending.length : end;
    yield skipping;
    const restStart = end < 0 ? pending.length : end;
    pendingStart = skipping.byteStart + skipping.byteLength;
    pending = pending.subarray(restStart);
  }
  if (pending.length) yield* emitLongLinesAware(pending, pendingStart);
  if (failure) throw failure.error;

  function* emitLongLinesAware(bytes: Buffer, start: number): Generator<Piece> {
    // Lines over the limit inside an otherwise normal piece are cut out here.
    if (bytes.length <= opts.maxLineBytes) {
      yield* emitBytes(bytes, start);
      return;
    }
    let pos = 0;
    let runStart = 0;
    while (pos < bytes.length) {
      let end = firstLineEnd(bytes, pos, true);
      if (end < 0) end = bytes.length;
      if (end - pos > opts.maxLineBytes) {
        yield* emitBytes(bytes.subarray(runStart, pos), start + runStart);
        yield { kind: "overlong", byteStart: start + pos, byteLength: end - pos, preview: previewOf(bytes.subarray(pos, pos + 800)) };
        runStart = end;
      }
      pos = end;
    }
    yield* emitBytes(bytes.subarray(runStart), start + runStart);
  }
}

function previewOf(bytes: Buffer): string {
  return bytes.subarray(0, 800).toString("utf8").slice(0, 200);
}
