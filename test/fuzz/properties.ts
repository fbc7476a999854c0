/**
 * The reading properties, as plain functions so that the vitest suite (properties.test.ts, bounded) and the long
 * fuzz run (run.ts, `npm run fuzz`) check exactly the same thing.
 *
 * For any bytes, read as standard input in any chunking:
 *
 * 1. Never throws, and finishes within a generous time bound.
 * 2. Lossless: the items are in file order and cover every physical line exactly once (a record may share its
 *    first line with the previous item's last line, flagged `shares-line`); the line count is the one counted
 *    independently of the reader. Byte offsets are inside the file and never go back; a span's byte length
 *    reaches exactly to the next item's line; in UTF-8 and UTF-16 files a record's `raw`, encoded back, is the
 *    bytes at its offset.
 * 3. The NDJSON output is valid: every item survives JSON.stringify/JSON.parse unchanged, and the JSON text is
 *    well-formed UTF-8 (no lone surrogate reaches the output raw).
 * 4. Re-parsing reproduces the records. Precisely: write the records' `raw` texts back, in order, as lines joined
 *    with "\n"; where a record shares its first line with the previous record, only the lines after the shared
 *    one are written; every line no record covers (an unparsed span) is written as an empty line, except a
 *    `too-long` span, written as a line of the same byte length so that it is again over the limit. The result is
 *    encoded as UTF-8 with a byte-order mark (so that a U+FEFF opening the first line is kept as text) and read
 *    again with the same line limit and the default chunking. Then the records are the same, one for one, in
 *    format, message, component, thread, type, context, source file, time (local, UTC, provenance, bias, zone),
 *    first and last line, and flags, except `decoded-windows-1252` (the re-written text is UTF-8). Line numbers are
 *    equal because every physical line is written back as exactly one line; only the line endings between
 *    records (not inside a record's `raw`) may have changed, and no record's fields depend on them. Byte
 *    offsets are not compared.
 */
import type { LogRecord, ParsedItem } from "../../src/model/record.js";
import { checkLossless, readBytes } from "../helpers/read.js";
import { expectedLines, type LogDocument } from "./arbitraries.js";

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

/** Property 2: the accounting is exact. Returns what is wrong, or undefined. */
export function checkAccounting(doc: LogDocument, items: ParsedItem[]): string | undefined {
  const total = expectedLines(doc.bytes);
  const lossless = checkLossless(items, total);
  if (lossless) return `lossless: ${lossless}`;
  let lastOffset = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.byteOffset < lastOffset || it.byteOffset > doc.bytes.length) return `line ${it.firstLine}: byte offset ${it.byteOffset} out of order or outside the file (${doc.bytes.length} bytes, previous ${lastOffset})`;
    lastOffset = it.byteOffset;
    if (it.kind === "unparsed") {
      const next = items[i + 1];
      const end = it.byteOffset + it.byteLength;
      if (next && next.firstLine === it.lastLine + 1 && next.byteOffset !== end) return `line ${it.firstLine}: ${it.reason} span ends at byte ${end}, the next item starts at ${next.byteOffset}`;
      if (!next && end !== doc.bytes.length) return `line ${it.firstLine}: last span ends at byte ${end}, the file has ${doc.bytes.length}`;
    } else if (doc.encoding === "utf8" || doc.encoding === "utf8-bom" || doc.encoding === "utf16le-bom" || doc.encoding === "utf16be-bom") {
      const enc = doc.encoding.startsWith("utf16") ? Buffer.from(it.raw, "utf16le") : Buffer.from(it.raw, "utf8");
      if (doc.encoding === "utf16be-bom") enc.swap16();
      const at = doc.bytes.subarray(it.byteOffset, it.byteOffset + enc.length);
      if (!at.equals(enc)) return `line ${it.firstLine}: raw text is not the bytes at offset ${it.byteOffset}`;
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

/** Property 4, first half: the records written back as text (see the definition at the top). */
export function rewrite(items: ParsedItem[], totalLines: number): string {
  const out: string[] = [];
  let written = 0;
  const tooLong = new Map<number, number>();
  for (const it of items) if (it.kind === "unparsed" && it.reason === "too-long") tooLong.set(it.firstLine, it.byteLength);
  const pad = (upTo: number) => {
    while (written < upTo) {
      written++;
      const long = tooLong.get(written);
      out.push(long ? "x".repeat(long) : "");
    }
  };
  for (const it of items) {
    if (it.kind !== "record") continue;
    pad(it.firstLine - 1);
    if (it.firstLine <= written) {
      // Shares its first line with the record before: write what follows that line, with the record's own
      // line ending after it (it belongs to the record's message).
      if (it.lastLine <= written) continue;
      let rest = it.raw;
      for (let n = written - it.firstLine + 1; n > 1; n--) rest = rest.slice(rest.search(/\r\n|\r|\n/)).replace(/^(?:\r\n|\r|\n)/, "");
      out[out.length - 1] += rest.slice(rest.search(/\r\n|\r|\n/));
    } else {
      out.push(it.raw);
    }
    written = it.lastLine;
  }
  pad(totalLines);
  return out.join("\n");
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

/** Property 4: re-parsing the written-back records gives the same records. */
export async function checkReparse(items: ParsedItem[], s: ReadSettings, totalLines: number): Promise<string | undefined> {
  const text = rewrite(items, totalLines);
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
  const again = await readDocument(bytes, { chunk: 65536, maxLineBytes: s.maxLineBytes });
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

/** Every property on one document; returns the first failure, or undefined. */
export async function checkDocument(doc: LogDocument, s: ReadSettings): Promise<string | undefined> {
  const t0 = performance.now();
  let items: ParsedItem[];
  try {
    items = await readDocument(doc.bytes, s);
  } catch (err) {
    return `threw: ${(err as Error).stack ?? String(err)}`;
  }
  const ms = performance.now() - t0;
  if (ms > CASE_BOUND_MS) return `took ${ms.toFixed(0)} ms (bound ${CASE_BOUND_MS} ms) for ${doc.bytes.length} bytes`;
  return checkAccounting(doc, items) ?? checkJson(items) ?? (await checkReparse(items, s, expectedLines(doc.bytes)));
}

/** A document shown for a failure report: encoding, settings and the bytes (as a JS string literal of latin1). */
export function describeCase(doc: LogDocument, s: ReadSettings): string {
  return `encoding ${doc.encoding}, chunk ${s.chunk}, maxLineBytes ${s.maxLineBytes}, ${doc.bytes.length} bytes: ${JSON.stringify(doc.bytes.toString("latin1"))}`;
}
