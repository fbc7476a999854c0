import { CODE_REFERENCE, type CodeReference } from "../events/codes.js";
import { UsageError } from "../model/errors.js";
import { safeText, wrap } from "../text/terminal.js";

/** What a value is documented as, in one system. */
export interface Explained extends CodeReference {
  /** How the value was read to find this entry: as given, or as the Win32 code inside an HRESULT, ... */
  via?: string;
}

export interface Explanation {
  /** The input as given. */
  input: string;
  /** The value as an unsigned 32-bit number, and its forms. */
  value: number;
  hex: string;
  signed: number;
  /** For values with the severity bit set: the HRESULT's parts. */
  hresult?: { facility: number; facilityName?: string; code: number };
  /** For a Win32 code: the HRESULT that wraps it (HRESULT_FROM_WIN32), as logs often write it. */
  asHresult?: string;
  /** Every documented reading; more than one when the value is documented in more than one system. */
  entries: Explained[];
}

const FACILITIES: Record<number, string> = {
  0: "NULL",
  1: "RPC",
  2: "DISPATCH",
  3: "STORAGE",
  4: "ITF (COM interfaces, WMI)",
  7: "WIN32",
  8: "WINDOWS",
  9: "SECURITY",
  0xb: "CERT",
  0x19: "HTTP",
  0x24: "WINDOWSUPDATE",
};

function hex(v: number): string {
  return `0x${(v >>> 0).toString(16).toUpperCase().padStart(8, "0")}`;
}

/** Reads `0x80070005`, `80070005` (hex as CMTrace shows it), `-2147024891` or `1603` as an unsigned 32-bit value. */
export function parseCode(input: string): { value: number; hexGuess?: boolean } {
  const t = input.trim();
  let v: number;
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^-\d{1,10}$/.test(t)) {
    v = Number(t);
    if (v < -0x80000000) throw new UsageError(`${input}: below the smallest 32-bit code (-2147483648)`);
    v = v >>> 0;
  } else if (/^\d{1,10}$/.test(t)) {
    v = Number(t);
    if (v > 0xffffffff) throw new UsageError(`${input}: above the largest 32-bit code (4294967295)`);
    // Eight digits starting 8 that name no decimal code are read as the hex HRESULT they look like.
    if (/^8\d{7}$/.test(t) && v < 0x80000000) return { value: parseInt(t, 16), hexGuess: true };
  } else if (/^[89a-f][0-9a-f]{7}$/i.test(t)) return { value: parseInt(t, 16), hexGuess: true };
  else
    throw new UsageError(
      `${input}: not a code; give it as hex (0x80070005), signed decimal (-2147024891) or decimal (1603)`,
    );
  return { value: v };
}

function find(system: CodeReference["system"], code: string): CodeReference | undefined {
  return CODE_REFERENCE.find((c) => c.system === system && c.code.toLowerCase() === code.toLowerCase());
}

export function explain(input: string): Explanation {
  const { value, hexGuess } = parseCode(input);
  const out: Explanation = { input, value, hex: hex(value), signed: value | 0, entries: [] };
  const add = (e: CodeReference | undefined, via?: string) => {
    if (e && !out.entries.includes(e)) out.entries.push(via ? { ...e, via } : e);
  };
  if (value >= 0x80000000) {
    const facility = (value >>> 16) & 0x7ff;
    const code = value & 0xffff;
    out.hresult = { facility, ...(FACILITIES[facility] ? { facilityName: FACILITIES[facility] } : {}), code };
    add(find("hresult", hex(value)), hexGuess ? `read as hex ${hex(value)}` : undefined);
    if (facility === 7 && !out.entries.length) {
      add(find("win32", String(code)), `the Win32 code ${code} inside the HRESULT (HRESULT_FROM_WIN32)`);
      add(find("msi", String(code)), `the Windows Installer code ${code} inside the HRESULT (HRESULT_FROM_WIN32)`);
    }
    if (facility === 0x19 && !out.entries.length)
      add(find("http", String(code)), `the HTTP status ${code} inside the HRESULT`);
  } else {
    add(find("win32", String(value)));
    add(find("msi", String(value)));
    if (value >= 100 && value <= 599) add(find("http", String(value)));
    if (value <= 0xffff && value > 0 && !out.entries.some((e) => e.system === "http")) {
      out.asHresult = hex((0x80070000 | value) >>> 0);
      if (!out.entries.length)
        add(find("hresult", out.asHresult), `as HRESULT_FROM_WIN32(${value}) = ${out.asHresult}`);
    }
  }
  return out;
}

export function explanationText(x: Explanation, width: number): string {
  const lines: string[] = [];
  const forms = x.value >= 0x80000000 ? `${x.hex} = ${x.signed} = ${x.value}` : `${x.value} = ${x.hex}`;
  lines.push(...wrap(`${safeText(x.input.trim())}: ${forms}`, width, "", "  "));
  if (x.asHresult) lines.push(...wrap(`As an HRESULT (HRESULT_FROM_WIN32): ${x.asHresult}`, width, "  ", "    "));
  if (x.hresult)
    lines.push(
      ...wrap(
        `HRESULT: failure, facility ${x.hresult.facility}${x.hresult.facilityName ? ` (${x.hresult.facilityName})` : ""}, code ${x.hresult.code}`,
        width,
        "  ",
        "    ",
      ),
    );
  if (!x.entries.length) {
    lines.push(
      ...wrap(
        "Not in patchflow's table of codes. Look it up in Microsoft's error references (Win32 system error codes, Windows Installer error codes, WinHTTP error messages, WMI error constants, Windows Update error reference), or search the log for the lines before it.",
        width,
        "  ",
        "  ",
      ),
    );
    return lines.join("\n") + "\n";
  }
  if (new Set(x.entries.map((e) => e.name ?? e.meaning.toLowerCase())).size > 1)
    lines.push(
      ...wrap(
        `Means different things in different systems; the log line it came from tells which applies:`,
        width,
        "  ",
        "  ",
      ),
    );
  for (const e of x.entries) {
    lines.push("");
    lines.push(
      ...wrap(
        `${e.name ?? (e.system === "http" ? `HTTP ${e.code}` : e.code)} (${SYSTEM_NAME[e.system]}${e.via ? `; ${e.via}` : ""})`,
        width,
        "  ",
        "    ",
      ),
    );
    lines.push(...wrap(`Meaning: ${e.meaning}.`, width, "    ", "      "));
    const causes = [e.cause, ...(e.otherCauses ?? [])].filter(Boolean);
    if (causes.length === 1)
      lines.push(...wrap(`Usual cause in the patch flow: ${causes[0]}.`, width, "    ", "      "));
    else if (causes.length > 1) {
      lines.push(...wrap(`More than one cause is documented; in the patch flow:`, width, "    ", "      "));
      for (const c of causes) lines.push(...wrap(`- ${c}`, width, "      ", "        "));
    }
    lines.push(...wrap(`Shows up in: ${e.where.join("; ")}.`, width, "    ", "      "));
    // A link is never broken across lines, so that terminals can open it.
    lines.push(
      ...(`    Source: ${e.source}`.length <= width
        ? [`    Source: ${e.source}`]
        : ["    Source:", `      ${e.source}`]),
    );
  }
  return lines.join("\n") + "\n";
}

const SYSTEM_NAME: Record<CodeReference["system"], string> = {
  hresult: "HRESULT",
  win32: "Win32 error",
  msi: "Windows Installer",
  http: "HTTP status",
};

/** `patchflow explain <code>`: returns the text or JSON, and whether the code is known. */
export function runExplain(input: string, format: "table" | "json", width: number): { text: string; known: boolean } {
  const x = explain(input);
  const text = format === "json" ? JSON.stringify(x, null, 1) + "\n" : explanationText(x, width);
  return { text, known: x.entries.length > 0 };
}
