/**
 * The contract between the input layer and the frame grammars (one per line format, under `grammars/`).
 *
 * A frame grammar only recognizes the parts of a record; it knows nothing of files, lines or byte offsets.
 * It receives a piece of text made of whole physical lines (line terminators `\r\n`, `\n` or a lone `\r`
 * kept as they were) and answers with records and issues located by character offsets in that text.
 */

/** The line formats patchflow recognizes. */
export type FrameFormat = "ccm" | "trace" | "viewer" | "plain";

export const FRAME_FORMATS: readonly FrameFormat[] = ["ccm", "trace", "viewer", "plain"];

/** Why a span of input is not (part of) a record. */
export type UnparsedReason =
  /** A record that starts but is cut off (CCM without `]LOG]!>` or attributes, a `$$<` suffix cut short). */
  | "truncated"
  /** Structure present but not valid (an attribute list that cannot be read, a suffix that is not a suffix). */
  | "malformed"
  /** Bytes that are not text: NUL bytes, control characters. */
  | "binary"
  /** A line longer than the reader's limit, or a record that did not close within the record limit. */
  | "too-long"
  /** Empty or whitespace-only lines outside any record. */
  | "blank"
  /** A record already read from the previous rollover generation (`X.lo_`). */
  | "duplicate"
  /** Text no grammar claimed (should not happen: the plain grammar takes any text line). */
  | "unrecognized";

/** A time of day and date exactly as a log wrote it, before any zone arithmetic. */
export interface ParsedTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fraction-of-second digits as written ("123", "1234567"), "" when the format has none. */
  fraction: string;
  /**
   * Current bias in minutes as written, with the Windows convention UTC = local + bias.
   * `undefined`: the format carries no bias. `null`: a bias was expected but is missing or malformed
   * (the grammar adds a flag saying which).
   */
  bias?: number | null;
  /** A Windows time-zone name written after the time (`Pacific Standard Time`). */
  zoneName?: string;
  /** Times whose fields come from a lossy source (trace-viewer copy: locale-dependent date, no fraction). */
  lowConfidence?: boolean;
}

/** One record as a grammar sees it. */
export interface FrameRecord {
  /** Offset of the record's first character in the parsed text. */
  start: number;
  /** Offset one past the record's last character (its line terminator excluded). */
  end: number;
  format: FrameFormat;
  /** The message with format escapes decoded (`~` of the `$$<` format becomes a line break). */
  message: string;
  component: string | null;
  /** Thread id; `null` when absent or not representable. */
  thread: number | null;
  /** CCM `type` (0 or 1 information, 2 warning, 3 error); `null` where the format has none. */
  type: number | null;
  /** CCM `context` attribute, when present and not empty. */
  context?: string;
  /** CCM `file` attribute (`source.cpp:line`), when present and not empty. */
  sourceFile?: string;
  time: ParsedTime | null;
  /**
   * Variants and damage the grammar noticed, as stable kebab-case ids, e.g. `bias-missing`, `bias-malformed`,
   * `suffix-rejoined`, `message-rejoined`, `html-escaped`, `html-break`, `suffix-truncated`, `component-only`,
   * `attribute-duplicated`, `attribute-unknown`, `thread-invalid`, `no-fraction`. The input layer adds its own (`time-invalid`, `decoded-windows-1252`, ...).
   */
  flags: string[];
}

/** A span of the parsed text that is not a record. */
export interface FrameIssue {
  start: number;
  end: number;
  reason: UnparsedReason;
  /** One sentence for the administrator: what is wrong with this text. */
  detail: string;
}

export interface FrameResult {
  records: FrameRecord[];
  issues: FrameIssue[];
  /**
   * Everything before this offset is final. Text from here on (an unfinished record at the end of a
   * non-final piece) is handed back by the input layer, prefixed to the next piece. Always a line start.
   * When `final` was true it equals the text length.
   */
  consumed: number;
  /**
   * Only from grammars that claim lines selectively (CCM): line-aligned ranges of the consumed text that
   * belong to no record and no issue of this grammar, for the input layer to hand to the line grammars.
   */
  foreign?: Array<[start: number, end: number]>;
}

/** A sample line (or lines) a grammar must recognize, with the result it must give. Walked by one generic test. */
export interface GrammarSample {
  name: string;
  text: string;
  /** Records expected, in order; each is compared on the fields it names. */
  records: Array<Partial<Omit<FrameRecord, "time">> & { time?: Partial<ParsedTime> | null }>;
  /** Issues expected, in order, compared on the fields named. Default: none. */
  issues?: Array<Partial<FrameIssue>>;
  /** Foreign ranges expected (CCM only), as the text they cover. */
  foreign?: string[];
}

/**
 * Which text the input layer hands a grammar when no `--input-format` is given. The registry's order
 * (`grammars/index.ts`) is the priority: marker grammars first, then line grammars in order, then the rest.
 */
export type FrameClaim =
  /**
   * Reads every piece of text that holds `marker` (one `includes` per piece) and hands back the lines outside its
   * records as `foreign`, for the line grammars. `outside` names such lines when this grammar is forced.
   */
  | { by: "marker"; marker: string; outside: string }
  /** Takes each run of lines `test` accepts. It sees every line no marker grammar read: keep it cheap. */
  | { by: "line"; test(line: string): boolean }
  /** Takes the lines no other grammar claims (exactly one grammar). */
  | { by: "rest" }
  /** Never chosen by content: only with `--input-format`. */
  | { by: "option" };

export interface FrameGrammar {
  format: FrameFormat;
  /** What the grammar recognizes, in one or two sentences. */
  description: string;
  /** Which text it is given when the format is detected. */
  claims: FrameClaim;
  samples: GrammarSample[];
  /**
   * Never throws on bad input. `final` says no more text follows, so an unfinished record at the end
   * is reported as an issue instead of being left unconsumed.
   */
  parse(text: string, final: boolean): FrameResult;
}
