import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import { ingest, newReport } from "../../src/pipeline/ingest.js";
import type { IngestReport } from "../../src/model/timeline.js";
import { DEFAULT_INPUT, type InputOptions } from "../../src/model/input.js";
import type { ParsedItem } from "../../src/model/record.js";

export async function readAll(
  paths: string[],
  opts: Partial<InputOptions> & { stdinName?: string } = {},
): Promise<{ items: ParsedItem[]; report: IngestReport }> {
  const report = newReport();
  const items: ParsedItem[] = [];
  for await (const b of ingest(paths, { ...DEFAULT_INPUT, ...opts }, report)) items.push(...b.items);
  return { items, report };
}

/** Reads bytes as standard input would deliver them, in chunks of the given size. */
export async function readBytes(
  bytes: Buffer,
  opts: Partial<InputOptions> & { chunk?: number; stdinName?: string } = {},
): Promise<{ items: ParsedItem[]; report: IngestReport }> {
  const size = opts.chunk ?? 65536;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return readAll(["-"], { ...opts, stdin: Readable.from(chunks) });
}

/** Writes the files (relative path → content) into `root`, by default a new temporary folder that is not removed. */
export function tempTree(
  files: Record<string, string | Buffer>,
  root = mkdtempSync(path.join(tmpdir(), "patchflow-")),
): string {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}

/** Log text as Windows writes it: each line ended with CRLF. */
export const lines = (...l: string[]): string => `${l.join("\r\n")}\r\n`;

/** Physical lines of decoded text, counted independently of the reader (CRLF, LF and lone CR end a line). */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  const breaks = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  return /(?:\r\n|\r|\n)$/.test(text) ? breaks : breaks + 1;
}

/**
 * The lossless invariant: items are in file order and cover lines 1..total exactly once, except that a record may
 * share its first line with the previous item's last line (two records on one line, flagged `shares-line`).
 */
export function checkLossless(items: ParsedItem[], total: number): string | undefined {
  let next = 1;
  for (const it of items) {
    if (it.firstLine > it.lastLine) return `${it.file}:${it.firstLine}: lastLine ${it.lastLine} before firstLine`;
    if (it.firstLine === next) next = it.lastLine + 1;
    else if (it.firstLine === next - 1 && it.kind === "record" && it.flags.includes("shares-line"))
      next = Math.max(next, it.lastLine + 1);
    else
      return `${it.file}: expected an item starting at line ${next}, got ${it.kind} at ${it.firstLine}-${it.lastLine}`;
  }
  if (next - 1 !== total) return `items cover ${next - 1} lines, the text has ${total}`;
  return undefined;
}
