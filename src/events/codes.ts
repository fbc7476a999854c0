import type { CodeInfo } from "../model/event.js";
import { hintId, type HintWord, type Hints } from "./words.js";

import reference from "./code-reference.json" with { type: "json" };

/**
 * Offline explanations for the codes that matter in the patch flow: what the code means and the usual cause
 * in this setting. One table, `code-reference.json`, holds them with the Microsoft reference for each; it also
 * feeds `patchflow explain`.
 */
export interface CodeReference {
  system: "hresult" | "win32" | "msi" | "http";
  /** `0x80070005` for HRESULTs, the decimal value otherwise. */
  code: string;
  name?: string;
  meaning: string;
  cause: string;
  otherCauses?: string[];
  where: string[];
  source: string;
}

export const CODE_REFERENCE: readonly CodeReference[] = (reference as { codes: CodeReference[] }).codes;

type Entry = [meaning: string, cause: string];

function table(system: CodeReference["system"]): Record<number, Entry> {
  const out: Record<number, Entry> = {};
  for (const c of CODE_REFERENCE)
    if (c.system === system) out[system === "hresult" ? parseInt(c.code, 16) : Number(c.code)] = [c.meaning, c.cause];
  return out;
}

const HRESULT = table("hresult");
const WIN32 = table("win32");
const MSI = table("msi");
const HTTP = table("http");
/** An exit code reads as a Win32 code, or as a Windows Installer code where both name it. */
const EXIT: Record<number, Entry> = { ...WIN32, ...MSI };
const NONE: Record<number, Entry> = {};

function info(code: string, system: CodeInfo["system"], value: number): CodeInfo {
  const table =
    system === "hresult"
      ? HRESULT
      : system === "win32"
        ? WIN32
        : system === "msi"
          ? MSI
          : system === "http"
            ? HTTP
            : system === "exit"
              ? EXIT
              : NONE;
  const e = table[value];
  const out: CodeInfo = { code, system, value };
  if (e) {
    out.meaning = e[0];
    if (e[1]) out.cause = e[1];
  } else if (system === "hresult" && (value & 0xffff0000) >>> 0 === 0x80070000) {
    // HRESULT_FROM_WIN32: the low word is a Win32 code.
    const w = WIN32[value & 0xffff];
    if (w) {
      out.meaning = w[0];
      if (w[1]) out.cause = w[1];
    }
  }
  return out;
}

export function explainCode(system: CodeInfo["system"], value: number): CodeInfo {
  const code = system === "hresult" ? `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, "0")}` : String(value);
  return info(code, system, value);
}

// Each extractor is bounded; together they find the codes these logs write. Each comes with words one of which a
// match holds (see `words.ts` for why looking for them in the message's lower-case copy is enough): an extractor none
// of whose words occurs is not run.
type Extractor = [re: RegExp, make: (m: RegExpExecArray) => CodeInfo | undefined, words: HintWord[]];
const EXTRACTORS: Extractor[] = [
  [/\b0x([89A-Fa-f][0-9A-Fa-f]{7})\b/g, (m) => info(`0x${m[1].toUpperCase()}`, "hresult", parseInt(m[1], 16)), ["0x"]],
  [
    /(?:exit|return|result|error)[ -]?(?:code|value|status)\s*(?:=|:|of|is)?\s*(0x[0-9A-Fa-f]{1,4}|-?\d{1,10})\b/gi,
    (m) => exitInfo(m[1]),
    ["exit", "return", "result", "error"],
  ],
  [/\breturned\s+(-?\d{1,10})\b/gi, (m) => exitInfo(m[1]), ["returned"]],
  [
    /\bexit(?:s|ed|ing)?\s+with\s+(?:exit\s+|return\s+|error\s+)?code\s*[:=]?\s*(0x[0-9A-Fa-f]{1,4}|-?\d{1,10})\b/gi,
    (m) => exitInfo(m[1]),
    ["exit"],
  ],
  [/\bWin32\s*(?:=|error|:)\s*(\d{1,6})\b/gi, (m) => info(m[1], "win32", Number(m[1])), ["win32"]],
  [/\(#0x([0-9A-Fa-f]{1,8})\)/g, (m) => info(`#0x${m[1]}`, "win32", parseInt(m[1], 16)), ["(#0x"]],
  [/\bHTTP(?:\s+status)?(?:\s+code)?\s*[:=]?\s*([1-5]\d\d)\b/gi, (m) => info(m[1], "http", Number(m[1])), ["http"]],
  [/\bMSI\b[^\r\n]{0,80}?\breturning\s+(\d{1,5})\b/gi, (m) => info(m[1], "msi", Number(m[1])), ["msi"]],
];
const EXTRACTOR_HINTS = EXTRACTORS.map(([, , words]) => words.map(hintId));

function exitInfo(text: string): CodeInfo {
  const v = /^0x/i.test(text) ? parseInt(text, 16) : Number(text);
  if (MSI[v] && v !== 0) return info(text, "msi", v);
  return info(text, "exit", v);
}

/**
 * All codes in a message, first occurrence of each value once. `lower` (the message in lower case) and `hints` (a
 * scan of it for the hint words) spare a caller that has them the work.
 */
export function extractCodes(message: string, lower?: string, hints?: Hints): CodeInfo[] {
  let out: CodeInfo[] | undefined;
  let seen: Set<string> | undefined;
  for (let x = 0; x < EXTRACTORS.length; x++) {
    const [re, make, words] = EXTRACTORS[x];
    let any = false;
    if (hints) for (const id of EXTRACTOR_HINTS[x]) any ||= hints.has(id);
    else {
      lower ??= message.toLowerCase();
      for (const w of words) any ||= lower.includes(w);
    }
    if (!any) continue;
    out ??= [];
    seen ??= new Set<string>();
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(message))) {
      const c = make(m);
      if (!c) continue;
      const key = `${c.system}:${c.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(c);
    }
  }
  return out ?? [];
}
