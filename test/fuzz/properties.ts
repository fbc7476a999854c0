/**
 * The reading properties, as plain functions so that the vitest suite (properties.test.ts, bounded) and the long
 * fuzz run (run.ts, `npm run fuzz`) check exactly the same thing.
 *
 * For any bytes, read as standard input in any chunking:
 *
 * 1. Never throws, and finishes within a generous time bound; no grammar fails internally (the input layer
 *    would turn its exception into a `malformed` span, hiding it).
 * 2. Lossless: the items are in file order and cover every physical line exactly once (a record may share its
 *    first line with the previous item's last line, flagged `shares-line`); the line count is the one counted
 *    independently of the reader. Byte offsets are inside the file and never go back; a span's byte length
 *    reaches exactly to the next item's line; a record's `raw` is the text the bytes at its offset decode to
 *    (UTF-16, or UTF-8 unless the record is flagged `decoded-windows-1252`).
 * 3. The NDJSON output is valid: every item survives JSON.stringify/JSON.parse unchanged, and the JSON text is
 *    well-formed UTF-8 (no lone surrogate reaches the output raw).
 * 4. Re-parsing its own NDJSON output reproduces the records. Precisely: take the items through JSON (as
 *    `parse --format ndjson` prints them) and write the input back from them, in order: a record as its `raw`
 *    text and "\n"; an unparsed span as the text it locates (its bytes at byteOffset/byteLength, decoded as the
 *    README documents, line endings included; a too-long line as a line of "x" that is again over the limit).
 *    An item that shares its first line with the item before contributes only what follows that line. Encode the result as UTF-8 with a byte-order mark (so that a U+FEFF opening the first line stays
 *    text) and read it again, default chunking, line limit x3 (UTF-8 may take 3 bytes for one byte of
 *    Windows-1252 or one UTF-16 code unit). Then the records are the same, one for one, in format, message,
 *    component, thread, type, context, source file, time (local, UTC, provenance, bias, zone, ambiguity,
 *    confidence), first and last line, and flags except `decoded-windows-1252` (the text is now UTF-8). Line
 *    numbers are equal because every physical line is written back as exactly one line; what may change is
 *    the line ending between items (not inside a record's `raw`), the encoding, the chunking and the byte
 *    offsets (not compared), none of which may change a record.
 *    Spans are written back too, not left out: their text is context a record's reading depends on (the
 *    `]LOG]!>` that closes an opener left at the end of a record's line, the binary line that separates a
 *    wrapped `$$<` entry from the text above it), so leaving them out would change records legitimately. */
import { isUtf8 } from "node:buffer";
import type { LogRecord, ParsedItem, UnparsedSpan } from "../../src/model/record.js";
// Windows-1252 through the reader's own decoder: Node 20's TextDecoder("windows-1252") is ISO-8859-1 for 0x80–0x9F.
import { decodeWindows1252, sniffEncoding } from "../../src/input/decode.js";
import type { FrameResult } from "../../src/model/frame.js";
import { checkLossless, readBytes } from "../helpers/read.js";
import { expectedLines, type LogDocument } from "./arbitraries.js";
import { TIMING_CHECKS } from "../helpers/timing.js";

export interface ReadSettings {
  chunk: number;
  maxLineBytes: number;
}

/** Generous: a case of a few KB reads in milliseconds; only a pathological slowdown or a hang gets near it. */
export const CASE_BOUND_MS = 10_000;

const records = (items: ParsedItem[]) => items.filter((i): i is LogRecord => i.kind === "record");

/** Reads the bytes as standard input would deliver them. */
export async function readDocument(bytes: Buffer, s: ReadSettings): Promise<ParsedItem[]> {
  return (await readBytes(bytes, { chunk: s.chunk, maxLineBytes: s.maxLineBytes, stdinName: "fuzz.log" })).items;
}

const GRAMMAR_FAILED = /grammar failed|internal error/i;

/** Property 2: the accounting is exact. Returns what is wrong, or undefined. */
export function checkAccounting(doc: LogDocument, items: ParsedItem[]): string | undefined {
  const total = expectedLines(doc.bytes);
  const lossless = checkLossless(items, total);
  if (lossless) return `lossless: ${lossless}`;
  const sniffed = sniffEncoding(doc.bytes.subarray(0, 4096), "auto");
  let lastOffset = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    // The input layer turns a grammar's exception into a `malformed` span: that must never be needed.
    if (it.kind === "unparsed" && GRAMMAR_FAILED.test(it.detail))
      return `line ${it.firstLine}: a grammar failed: ${it.detail}`;
    if (it.byteOffset < lastOffset || it.byteOffset > doc.bytes.length)
      return `line ${it.firstLine}: byte offset ${it.byteOffset} out of order or outside the file (${doc.bytes.length} bytes, previous ${lastOffset})`;
    lastOffset = it.byteOffset;
    if (it.kind === "unparsed") {
      const next = items[i + 1];
      const end = it.byteOffset + it.byteLength;
      if (next && next.firstLine === it.lastLine + 1 && next.byteOffset !== end)
        return `line ${it.firstLine}: ${it.reason} span ends at byte ${end}, the next item starts at ${next.byteOffset}`;
      if (!next && end !== doc.bytes.length)
        return `line ${it.firstLine}: last span ends at byte ${end}, the file has ${doc.bytes.length}`;
    } else if (sniffed.encoding !== "utf8" || !it.flags.includes("decoded-windows-1252")) {
      // Decoded, not encoded back: a lone surrogate in UTF-16 is read as U+FFFD.
      const u16 = sniffed.encoding !== "utf8";
      const length = u16 ? it.raw.length * 2 : Buffer.byteLength(it.raw, "utf8");
      const at = doc.bytes.subarray(it.byteOffset, it.byteOffset + length);
      const decoded = u16
        ? new TextDecoder(sniffed.encoding === "utf16be" ? "utf-16be" : "utf-16le", { ignoreBOM: true }).decode(at)
        : at.toString("utf8");
      if (decoded !== it.raw) return `line ${it.firstLine}: raw text is not the bytes at offset ${it.byteOffset}`;
    }
  }
  return undefined;
}

/** Property 3: NDJSON lines parse back to the same items and are well-formed UTF-8. */
export function checkJson(items: ParsedItem[]): string | undefined {
  const fatal = new TextDecoder("utf-8", { fatal: true });
  for (const it of items) {
    const line = JSON.stringify(it);
    if (line.includes("\n")) return `line ${it.firstLine}: JSON text holds a raw line break`;
    try {
      fatal.decode(Buffer.from(line, "utf8"));
    } catch {
      return `line ${it.firstLine}: JSON is not well-formed UTF-8`;
    }
    const back = JSON.parse(line) as ParsedItem;
    if (JSON.stringify(back) !== line) return `line ${it.firstLine}: JSON does not round-trip`;
  }
  return undefined;
}

/**
 * The text of an unparsed span: its bytes in the input, decoded as the README says the reader decodes (UTF-16 by
 * byte-order mark or detection; otherwise UTF-8 line by line, Windows-1252 for a line that is not valid UTF-8),
 * line endings included. A too-long line is written as a line of "x" over the re-read limit, a dangling UTF-16
 * byte as an empty line.
 */
function spanText(input: Buffer, span: UnparsedSpan, reread: ReadSettings): string {
  if (span.reason === "too-long") return "x".repeat(reread.maxLineBytes + 1) + "\n";
  const bytes = input.subarray(span.byteOffset, span.byteOffset + span.byteLength);
  const sniffed = sniffEncoding(input.subarray(0, 4096), "auto");
  let text: string;
  if (sniffed.encoding === "utf16le" || sniffed.encoding === "utf16be") {
    if (bytes.length % 2) return "\n";
    text = new TextDecoder(sniffed.encoding === "utf16le" ? "utf-16le" : "utf-16be", { ignoreBOM: true }).decode(bytes);
  } else {
    text = "";
    for (const line of splitLines(bytes)) text += isUtf8(line) ? line.toString("utf8") : decodeWindows1252(line);
  }
  return text;
}

function splitLines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
      out.push(bytes.subarray(from, i + 1));
      from = i + 1;
    }
  }
  if (from < bytes.length) out.push(bytes.subarray(from));
  return out;
}

/** Property 4, first half: the input written back from the items (see the definition at the top). */
export function rewrite(input: Buffer, items: ParsedItem[], reread: ReadSettings): string {
  const out: string[] = [];
  let written = 0;
  for (const it of items) {
    const text = it.kind === "record" ? `${it.raw}\n` : spanText(input, it, reread);
    if (it.firstLine <= written) {
      // Shares its first line with the item before: what follows that line, from the line ending after it on
      // (the item's own, which replaces the one written after the previous item: in a record it belongs to the
      // message).
      if (it.lastLine <= written) continue;
      let rest = text;
      for (let n = written - it.firstLine + 1; n > 1; n--)
        rest = rest.slice(rest.search(/\r\n|\r|\n/)).replace(/^(?:\r\n|\r|\n)/, "");
      out[out.length - 1] = out[out.length - 1].replace(/(?:\r\n|\r|\n)$/, "");
      out.push(rest.slice(rest.search(/\r\n|\r|\n/)));
    } else {
      out.push(text);
    }
    written = it.lastLine;
  }
  return out.join("");
}

const TIME_KEYS = ["local", "utc", "provenance", "bias", "zone", "dstAmbiguous", "altBias", "lowConfidence"] as const;

function comparable(r: LogRecord): Record<string, unknown> {
  return {
    format: r.format,
    message: r.message,
    component: r.component,
    thread: r.thread,
    type: r.type,
    context: r.context,
    sourceFile: r.sourceFile,
    time: Object.fromEntries(TIME_KEYS.map((k) => [k, r.time[k]])),
    firstLine: r.firstLine,
    lastLine: r.lastLine,
    flags: r.flags.filter((f) => f !== "decoded-windows-1252"),
  };
}

/** Property 4: re-parsing the written-back input gives the same records. */
export async function checkReparse(input: Buffer, items: ParsedItem[], s: ReadSettings): Promise<string | undefined> {
  // UTF-8 takes up to 3 bytes for what was 1 byte of Windows-1252 or 2 of UTF-16: the limit grows with it.
  const reread = { chunk: 65536, maxLineBytes: s.maxLineBytes * 3 };
  const json = items.map((it) => JSON.parse(JSON.stringify(it)) as ParsedItem);
  const text = rewrite(input, json, reread);
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
  const again = await readDocument(bytes, reread);
  const a = records(items).map(comparable);
  const b = records(again).map(comparable);
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = JSON.stringify(a[i]);
    const y = JSON.stringify(b[i]);
    if (x !== y) return `re-parse: record ${i + 1} differs:\n  first:  ${x}\n  second: ${y}`;
  }
  return undefined;
}

/** Every property on one document; returns the first failure, or undefined. `timed` adds the time bound. */
export async function checkDocument(
  doc: LogDocument,
  s: ReadSettings,
  timed = TIMING_CHECKS,
): Promise<string | undefined> {
  const t0 = performance.now();
  let items: ParsedItem[];
  try {
    items = await readDocument(doc.bytes, s);
  } catch (err) {
    return `threw: ${(err as Error).stack ?? String(err)}`;
  }
  const ms = performance.now() - t0;
  // The time bound is the fuzz run's (`npm run fuzz`) and `npm run test:timing`'s, never plain `npm test`'s.
  if (timed && ms > CASE_BOUND_MS)
    return `took ${ms.toFixed(0)} ms (bound ${CASE_BOUND_MS} ms) for ${doc.bytes.length} bytes`;
  return checkAccounting(doc, items) ?? checkJson(items) ?? (await checkReparse(doc.bytes, items, s));
}

/** A document shown for a failure report: encoding, settings and the bytes (as a JS string literal of latin1). */
export function describeCase(doc: LogDocument, s: ReadSettings): string {
  return `encoding ${doc.encoding}, chunk ${s.chunk}, maxLineBytes ${s.maxLineBytes}, ${doc.bytes.length} bytes: ${JSON.stringify(doc.bytes.toString("latin1"))}`;
}

/**
 * The frame grammar contract (src/model/frame.ts), checked on one grammar's answer for any text: records and
 * issues lie inside the consumed text, in order, without overlapping; `consumed` is a line start, and the whole
 * text when `final`; foreign ranges are line-aligned.
 */
export function checkGrammarResult(text: string, final: boolean, r: FrameResult): string | undefined {
  const lineStart = (at: number) =>
    at === 0 || at === text.length || text[at - 1] === "\n" || (text[at - 1] === "\r" && text[at] !== "\n");
  if (final && r.consumed !== text.length) return `final, but consumed ${r.consumed} of ${text.length}`;
  if (r.consumed < 0 || r.consumed > text.length || !lineStart(r.consumed))
    return `consumed ${r.consumed} is not a line start`;
  let end = 0;
  for (const x of [...r.records, ...r.issues].sort((a, b) => a.start - b.start)) {
    if (x.start < 0 || x.end > r.consumed || x.end < x.start) return `item ${x.start}-${x.end} outside 0-${r.consumed}`;
    if (x.start < end) return `items overlap at ${x.start}`;
    end = x.end;
  }
  for (const rec of r.records)
    if (rec.flags.some((f) => typeof f !== "string" || !/^[a-z0-9-]+$/.test(f)))
      return `bad flag in ${JSON.stringify(rec.flags)}`;
  for (const [a, b] of r.foreign ?? [])
    if (!lineStart(a) || !lineStart(b) || b > r.consumed) return `foreign range ${a}-${b} is not line-aligned`;
  for (const issue of r.issues) if (GRAMMAR_FAILED.test(issue.detail)) return `grammar failed: ${issue.detail}`;
  return undefined;
}
