import type { EventFields, Severity } from "./event.js";
import type { KnownLog } from "./logs.js";

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
