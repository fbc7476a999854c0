import { isUtf8 } from "node:buffer";
import type { EncodingName } from "../model/input.js";

export const ENCODINGS: readonly EncodingName[] = ["auto", "utf8", "utf16le", "utf16be", "windows-1252"];

export interface Sniffed {
  encoding: Exclude<EncodingName, "auto">;
  /** Bytes of byte-order mark to skip. */
  bom: number;
  /** How the encoding was decided, for the summary. */
  how: "bom" | "detected" | "default" | "forced";
}

/**
 * Decides a file's encoding from its first bytes: a byte-order mark, else UTF-16LE when most odd bytes are NUL
 * (ASCII text written as UTF-16LE without a mark), else UTF-8 with a per-line fall-back to Windows-1252.
 */
export function sniffEncoding(head: Buffer, forced: EncodingName): Sniffed {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return {
      encoding: forced === "auto" ? "utf8" : forced,
      bom: forced === "auto" || forced === "utf8" ? 3 : 0,
      how: forced === "auto" ? "bom" : "forced",
    };
  }
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) {
    return {
      encoding: forced === "auto" ? "utf16le" : forced,
      bom: forced === "auto" || forced === "utf16le" ? 2 : 0,
      how: forced === "auto" ? "bom" : "forced",
    };
  }
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) {
    return {
      encoding: forced === "auto" ? "utf16be" : forced,
      bom: forced === "auto" || forced === "utf16be" ? 2 : 0,
      how: forced === "auto" ? "bom" : "forced",
    };
  }
  if (forced !== "auto") return { encoding: forced, bom: 0, how: "forced" };
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs >= 2) {
    let oddNul = 0;
    let evenNul = 0;
    for (let i = 0; i < pairs; i++) {
      if (head[2 * i] === 0) evenNul++;
      if (head[2 * i + 1] === 0) oddNul++;
    }
    if (oddNul >= pairs * 0.4 && evenNul <= pairs * 0.05) return { encoding: "utf16le", bom: 0, how: "detected" };
    if (evenNul >= pairs * 0.4 && oddNul <= pairs * 0.05) return { encoding: "utf16be", bom: 0, how: "detected" };
  }
  return { encoding: "utf8", bom: 0, how: "default" };
}

/**
 * Windows-1252 bytes 0x80–0x9F (the WHATWG index; the five bytes it leaves undefined stay the C1 control of the
 * same value). Node 20's TextDecoder("windows-1252") decodes these bytes as ISO-8859-1, so that `€`, `“”`, `–`
 * came out as invisible C1 control characters; every other byte is the same in both.
 */
const CP1252_80_9F =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/** One character per byte, so byte offsets stay a count of characters. */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString("latin1")
    .replace(/[\x80-\x9f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]);
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}
