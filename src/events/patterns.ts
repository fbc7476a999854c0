import type { EventFields, Severity } from "../model/event.js";
import type { KnownLog } from "../model/logs.js";

/**
 * Message grammars as data. A pattern is a template: literal words (case-insensitive; any run of white space
 * matches any run of white space) with placeholders `{fragment}` or `{field:fragment}` that capture into event
 * fields. A template matches anywhere in the message, so patterns name stable keywords and codes rather than
 * whole sentences, and a new phrasing is one more entry.
 */
export interface MessagePattern {
  /** Stable id, `<log>.<name>` in kebab case. */
  id: string;
  /** Event kind this message gives, dotted (`scan.started`). */
  kind: string;
  /** Severity when the pattern knows it; otherwise it comes from the record type and the words. */
  severity?: Severity;
  match: string;
  /** Constant fields added when the pattern matches. */
  fields?: EventFields;
  /** Messages the pattern must recognize, with the fields (and severity) they must give. */
  samples: PatternSample[];
  /** Where the phrasing comes from: `seen` (published lines), `doc`, `3p`, `inferred`. */
  evidence: "seen" | "doc" | "3p" | "inferred";
}

export interface PatternSample {
  message: string;
  fields?: EventFields;
  severity?: Severity;
}

export interface MessageCatalog {
  logs: KnownLog[];
  /** Component names that identify this log when its file name does not (standard input, renamed files). */
  components: string[];
  patterns: MessagePattern[];
}

/** Named fragments usable in templates. Each is bounded so no template can backtrack without bound. */
export const FRAGMENTS: Record<string, string> = {
  kb: String.raw`(?:KB|Q)\d{5,7}`,
  bulletin: String.raw`MS\d{2}-\d{3}`,
  hresult: String.raw`0x[0-9A-Fa-f]{8}`,
  hex: String.raw`0x[0-9A-Fa-f]{1,8}`,
  int: String.raw`-?\d{1,10}`,
  code: String.raw`0x[0-9A-Fa-f]{1,8}|-?\d{1,10}`,
  guid: String.raw`\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?`,
  package: String.raw`[A-Z0-9]{3}[0-9A-F]{5}`,
  path: String.raw`"[^"\r\n]{1,400}"|'[^'\r\n]{1,400}'|[^\s'"]{1,400}`,
  url: String.raw`https?://[^\s'"<>]{1,400}`,
  word: String.raw`[^\s]{1,200}`,
  name: String.raw`[A-Za-z_][\w.\-]{0,200}`,
  text: String.raw`[^\r\n]{1,400}?`,
  /** The rest of the line (greedy): switches, trailing detail. */
  rest: String.raw`[^\r\n]{0,400}`,
  date: String.raw`\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?`,
  duration: String.raw`\d{1,3} hours?, \d{1,2} mins?, \d{1,2} secs?`,
  user: String.raw`[^\s,;]{1,100}`,
};

/** Fields whose captured text becomes a number. */
const NUMERIC_FIELDS = new Set(["exitCode", "win32", "httpStatus", "count", "line", "code", "graceHours", "installed", "failed", "patchAge"]);

export interface CompiledPattern {
  pattern: MessagePattern;
  regex: RegExp;
  /** A lower-case word the message must contain for the regex to have a chance: a cheap pre-filter. */
  keyword: string;
  /** Capture group name → event field. */
  groups: Array<[group: string, field: string]>;
}

export class PatternError extends Error {
  override name = "PatternError";
}

const PLACEHOLDER = /\{([A-Za-z][\w]*)(?::([a-z]+))?\}/g;

function escapeLiteral(s: string): string {
  // White space in a template matches a run of white space that ends at a visible character: a capture next to
  // it then cannot trade blanks with it, which keeps long runs of blanks linear.
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+(?=\\S)");
}

export function compilePattern(p: MessagePattern): CompiledPattern {
  let src = "";
  let last = 0;
  let longest = "";
  const groups: Array<[string, string]> = [];
  const literal = (s: string): void => {
    src += escapeLiteral(s);
    for (const w of s.toLowerCase().split(/\s+/)) if (w.length > longest.length) longest = w;
  };
  for (const m of p.match.matchAll(PLACEHOLDER)) {
    literal(p.match.slice(last, m.index));
    const field = m[2] ? m[1] : undefined;
    const fragName = m[2] ?? m[1];
    const frag = FRAGMENTS[fragName];
    if (!frag) throw new PatternError(`pattern ${p.id}: unknown fragment {${fragName}} (known: ${Object.keys(FRAGMENTS).join(", ")})`);
    if (field) {
      const group = `g${groups.length}`;
      groups.push([group, field]);
      src += `(?<${group}>${frag})`;
    } else src += `(?:${frag})`;
    last = m.index + m[0].length;
  }
  literal(p.match.slice(last));
  if (!longest) throw new PatternError(`pattern ${p.id}: the template needs at least one literal word`);
  let regex: RegExp;
  try {
    regex = new RegExp(src, "i");
  } catch (err) {
    throw new PatternError(`pattern ${p.id}: ${(err as Error).message}`);
  }
  return { pattern: p, regex, keyword: longest, groups };
}

function fieldValue(field: string, text: string): unknown {
  let v = text;
  if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1);
  if (NUMERIC_FIELDS.has(field)) {
    const n = /^0x/i.test(v) ? parseInt(v, 16) : Number(v);
    return Number.isFinite(n) ? n : v;
  }
  if (field === "kb") return v.toUpperCase().startsWith("Q") ? v.toUpperCase() : v.toUpperCase().replace(/^KB/, "KB");
  if (field === "bulletin") return v.toUpperCase();
  if (field === "hresult") return `0x${v.slice(2).toUpperCase()}`;
  return v;
}

/** Tries a compiled pattern on a message (and its lower-case copy, for the pre-filter). */
export function matchPattern(c: CompiledPattern, message: string, lower: string): EventFields | undefined {
  if (!lower.includes(c.keyword)) return undefined;
  const m = c.regex.exec(message);
  if (!m) return undefined;
  const fields: EventFields = { ...(c.pattern.fields ?? {}) };
  for (const [group, field] of c.groups) {
    const text = m.groups?.[group];
    if (text !== undefined) fields[field] = fieldValue(field, text);
  }
  return fields;
}
