import type { EventFields } from "../model/event.js";
import type { MessagePattern } from "../model/catalog.js";
import { literalElement, runTemplate, TEMPLATE_FRAGMENTS, type Element } from "./template.js";

/**
 * Named fragments usable in templates, as the regular expressions they stand for (the matcher, `template.ts`,
 * has the same fragments as atoms and agrees with these; the tests check it). Each is bounded in length.
 */
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
const NUMERIC_FIELDS = new Set([
  "exitCode",
  "win32",
  "httpStatus",
  "count",
  "line",
  "code",
  "graceHours",
  "installed",
  "failed",
  "patchAge",
]);

export interface CompiledPattern {
  pattern: MessagePattern;
  /** The template as the matcher's elements (see `template.ts`). */
  elements: Element[];
  /** A lower-case word the message must contain for the template to have a chance: a cheap pre-filter. */
  keyword: string;
  /** Capture group number → event field. */
  groups: string[];
}

export class PatternError extends Error {
  override name = "PatternError";
}

/** The longest template accepted, in characters, and the most placeholders in one template. */
export const MAX_TEMPLATE_CHARS = 1000;
export const MAX_PLACEHOLDERS = 16;

const PLACEHOLDER = /\{([A-Za-z][\w]*)(?::([a-z]+))?\}/g;

/** A template's parts in order: literal text and placeholders. */
export type TemplatePart = { literal: string } | { fragment: string; field?: string };

export function templateParts(p: MessagePattern): TemplatePart[] {
  if (p.match.length > MAX_TEMPLATE_CHARS)
    throw new PatternError(
      `pattern ${p.id}: the template has ${p.match.length} characters; at most ${MAX_TEMPLATE_CHARS} are allowed`,
    );
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of p.match.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push({ literal: p.match.slice(last, m.index) });
    const fragment = m[2] ?? m[1];
    if (!FRAGMENTS[fragment])
      throw new PatternError(
        `pattern ${p.id}: unknown fragment {${fragment}} (known: ${Object.keys(FRAGMENTS).join(", ")})`,
      );
    parts.push(m[2] ? { fragment, field: m[1] } : { fragment });
    last = m.index + m[0].length;
  }
  if (last < p.match.length) parts.push({ literal: p.match.slice(last) });
  const placeholders = parts.filter((x) => "fragment" in x).length;
  if (placeholders > MAX_PLACEHOLDERS)
    throw new PatternError(
      `pattern ${p.id}: the template has ${placeholders} placeholders; at most ${MAX_PLACEHOLDERS} are allowed`,
    );
  return parts;
}

export function compilePattern(p: MessagePattern): CompiledPattern {
  const elements: Element[] = [];
  const groups: string[] = [];
  let longest = "";
  for (const part of templateParts(p)) {
    if ("literal" in part) {
      // White space in a template matches a run of white space that ends at a visible character.
      for (const piece of part.literal.split(/(\s+)/)) {
        if (!piece) continue;
        if (/^\s/.test(piece)) elements.push({ t: "blank" });
        else {
          elements.push(literalElement(piece));
          if (piece.length > longest.length) longest = piece.toLowerCase();
        }
      }
    } else {
      elements.push({ t: "frag", frag: TEMPLATE_FRAGMENTS[part.fragment], group: part.field ? groups.length : -1 });
      if (part.field) groups.push(part.field);
    }
  }
  if (!longest) throw new PatternError(`pattern ${p.id}: the template needs at least one literal word`);
  return { pattern: p, elements, keyword: longest, groups };
}

/**
 * The regular expression a template stands for (`i` flag): the reference the matcher agrees with, for tests and
 * documentation. Running it on hostile text can take very long; the product never does.
 */
export function referenceRegex(p: MessagePattern): { regex: RegExp; groups: string[] } {
  let src = "";
  const groups: string[] = [];
  for (const part of templateParts(p)) {
    if ("literal" in part) src += part.literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+(?=\\S)");
    else if (part.field) {
      src += `(?<g${groups.length}>${FRAGMENTS[part.fragment]})`;
      groups.push(part.field);
    } else src += `(?:${FRAGMENTS[part.fragment]})`;
  }
  return { regex: new RegExp(src, "i"), groups };
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
  const r = runTemplate(c.elements, c.groups.length, message, lower);
  if (!r.match) return undefined;
  const fields: EventFields = { ...(c.pattern.fields ?? {}) };
  c.groups.forEach((field, i) => {
    const span = r.match!.spans[i];
    if (span) fields[field] = fieldValue(field, message.slice(span[0], span[1]));
  });
  return fields;
}
