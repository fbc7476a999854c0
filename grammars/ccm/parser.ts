import { EmbeddedActionsParser, EOF, type IOrAlt, type IToken } from "../chevrotain.js";
import type { FrameIssue } from "../../src/model/frame.js";
import { ccmTokens, MESSAGE_PREFIX_LENGTH, MESSAGE_SUFFIX_LENGTH } from "./tokens.js";

/** Attribute values exactly as written; the first of a duplicated attribute wins. */
export interface CcmAttributes {
  time: string | undefined;
  date: string | undefined;
  component: string | undefined;
  context: string | undefined;
  type: string | undefined;
  thread: string | undefined;
  file: string | undefined;
  unknown: boolean;
  duplicated: boolean;
}

/** A record's attributes before any is read: every one absent (one shape for every record, fast and grammar). */
export function noAttributes(): CcmAttributes {
  return {
    time: undefined,
    date: undefined,
    component: undefined,
    context: undefined,
    type: undefined,
    thread: undefined,
    file: undefined,
    unknown: false,
    duplicated: false,
  };
}

export interface ParsedRecord {
  start: number;
  end: number;
  /** Start of the line the record starts on. */
  lineStart: number;
  message: string;
  attributes: CcmAttributes;
  /** Text that belongs to no record shares a line with this record. */
  surrounded: boolean;
}

export interface ParsedIssue extends FrameIssue {
  /** Start of the line the damaged record starts on. */
  lineStart: number;
}

export interface CcmParse {
  records: ParsedRecord[];
  issues: ParsedIssue[];
  /** Line-aligned ranges with no part of a record or issue, adjacent ones merged. */
  foreign: Array<[number, number]>;
  /** Non-final text only: start of the line where a record begins that more text could still complete. */
  unfinishedAt: number | null;
}

const UNCLOSED_MESSAGE = "CCM record is cut off: no ']LOG]!>' closes the message that starts here.";
const ATTRIBUTES_CUT = "CCM record is cut off: its attribute list ends before the closing '>'.";
const ATTRIBUTES_MALFORMED =
  "CCM record has an attribute list that cannot be read as name=\"value\" pairs closed by '>'.";

/** Reads one `Attribute` token's image into the record's attributes. */
export function readAttribute(attributes: CcmAttributes, image: string): void {
  const eq = image.indexOf("=");
  const value = image.slice(eq + 2, image.lastIndexOf('"'));
  switch (image.slice(0, eq)) {
    case "time":
      if (attributes.time === undefined) return void (attributes.time = value);
      break;
    case "date":
      if (attributes.date === undefined) return void (attributes.date = value);
      break;
    case "component":
      if (attributes.component === undefined) return void (attributes.component = value);
      break;
    case "context":
      if (attributes.context === undefined) return void (attributes.context = value);
      break;
    case "type":
      if (attributes.type === undefined) return void (attributes.type = value);
      break;
    case "thread":
      if (attributes.thread === undefined) return void (attributes.thread = value);
      break;
    case "file":
      if (attributes.file === undefined) return void (attributes.file = value);
      break;
    default:
      attributes.unknown = true;
      return;
  }
  attributes.duplicated = true;
}

/** An issue whose end is not known until a later token. */
interface OpenIssue {
  start: number;
  lineStart: number;
  reason: "truncated" | "malformed";
  detail: string;
  /** A cut-off message runs on to the next opener; a malformed attribute list only to its line's end. */
  message: boolean;
}

/**
 * Places records and issues on lines as tokens arrive: which lines belong to no record (foreign), where an
 * issue ends, which records share a line with other text.
 */
class Layout {
  readonly records: ParsedRecord[] = [];
  readonly issues: ParsedIssue[] = [];
  readonly foreign: Array<[number, number]> = [];
  private unfinishedAt: number | null = null;
  private lineStart = 0;
  /** Where the previous line's content ends (the start of its terminator). */
  private previousLineEnd = 0;
  private lineClaimed = false;
  private lineHasText = false;
  private lineRecord: ParsedRecord | null = null;
  /** End of the last record or issue, so an issue starting on the same line does not overlap it. */
  private claimedUntil = 0;
  private open: OpenIssue | null = null;

  constructor(
    private readonly length: number,
    private readonly final: boolean,
  ) {}

  newline(token: IToken): void {
    if (this.open !== null && !this.open.message) this.closeIssue(token.startOffset);
    const next = token.startOffset + token.image.length;
    if (!this.lineClaimed) this.addForeign(this.lineStart, next);
    this.previousLineEnd = token.startOffset;
    this.lineStart = next;
    this.lineClaimed = this.open !== null;
    this.lineHasText = false;
    this.lineRecord = null;
  }

  message(token: IToken): ParsedRecord {
    this.endOpenIssue(token.startOffset);
    const image = token.image;
    const record: ParsedRecord = {
      start: token.startOffset,
      end: -1,
      lineStart: this.lineStart,
      message: image.slice(MESSAGE_PREFIX_LENGTH, image.length - MESSAGE_SUFFIX_LENGTH),
      attributes: noAttributes(),
      surrounded: this.lineHasText,
    };
    this.lineClaimed = true;
    // A multi-line message leaves the layout on its last line. Native searches first: most messages have
    // no line break, and a character loop over every message costs more than the two scans.
    const lastLf = image.lastIndexOf("\n");
    const lastCr = image.lastIndexOf("\r");
    if (lastLf >= 0 || lastCr >= 0) {
      const lastBreak = Math.max(lastLf, lastCr);
      const terminator = lastBreak === lastLf && lastCr === lastLf - 1 ? lastCr : lastBreak;
      this.previousLineEnd = token.startOffset + terminator;
      this.lineStart = token.startOffset + lastBreak + 1;
      this.lineHasText = false;
      this.lineRecord = null;
    }
    return record;
  }

  close(record: ParsedRecord, token: IToken): void {
    record.end = token.startOffset + 1;
    this.records.push(record);
    this.lineRecord = record;
    this.claimedUntil = record.end;
  }

  /** The attribute list stopped before `>`; `next` is the token that stopped it. */
  unclosed(record: ParsedRecord, next: IToken): void {
    const start = Math.max(record.lineStart, this.claimedUntil);
    const type = next.tokenType;
    const { Newline, Message, Opener } = ccmTokens();
    if (type === EOF) {
      if (this.final) this.addIssue(start, this.length, "truncated", ATTRIBUTES_CUT, record.lineStart);
      else this.unfinishedAt = record.lineStart;
    } else if (type === Newline || type === Message || type === Opener) {
      this.addIssue(start, next.startOffset, "truncated", ATTRIBUTES_CUT, record.lineStart);
    } else {
      this.open = { start, lineStart: record.lineStart, reason: "truncated", detail: ATTRIBUTES_CUT, message: false };
    }
  }

  opener(token: IToken): void {
    this.endOpenIssue(token.startOffset);
    this.open = {
      start: Math.max(this.lineStart, this.claimedUntil),
      lineStart: this.lineStart,
      reason: "truncated",
      detail: UNCLOSED_MESSAGE,
      message: true,
    };
    this.lineClaimed = true;
  }

  stray(token: IToken): void {
    const { Close, Text } = ccmTokens();
    const open = this.open;
    if (open !== null) {
      // Junk in an attribute list that still reaches its `>`: the list is there but unreadable, not cut.
      if (!open.message && token.tokenType === Close) {
        open.reason = "malformed";
        open.detail = ATTRIBUTES_MALFORMED;
      }
      // Text on a later line of a cut-off message is beside the record that may start on that line and end
      // the issue (endOpenIssue leaves this line to the record).
      if (open.message && (token.tokenType !== Text || /\S/.test(token.image))) this.lineHasText = true;
      return;
    }
    if (token.tokenType === Text && !/\S/.test(token.image)) return;
    this.lineHasText = true;
    if (this.lineRecord !== null) this.lineRecord.surrounded = true;
  }

  finish(): CcmParse {
    if (this.open !== null) {
      if (!this.final) this.unfinishedAt = this.open.lineStart;
      else this.closeIssue(this.lineStart === this.length ? this.previousLineEnd : this.length);
    }
    if (!this.lineClaimed && this.lineStart < this.length) this.addForeign(this.lineStart, this.length);
    return { records: this.records, issues: this.issues, foreign: this.foreign, unfinishedAt: this.unfinishedAt };
  }

  /** A record or opener starts at `offset`, which ends any issue still open. */
  private endOpenIssue(offset: number): void {
    const open = this.open;
    if (open === null) return;
    if (!open.message) {
      this.closeIssue(offset);
      this.lineHasText = false;
    } else if (open.lineStart === this.lineStart) {
      // An opener with another opener after it on its own line: the record that closes wins, and the
      // cut-off start is text beside it.
      this.open = null;
      this.lineHasText = true;
    } else {
      this.closeIssue(this.previousLineEnd);
    }
  }

  private closeIssue(end: number): void {
    const open = this.open as OpenIssue;
    this.open = null;
    this.addIssue(open.start, end, open.reason, open.detail, open.lineStart);
  }

  private addIssue(start: number, end: number, reason: ParsedIssue["reason"], detail: string, lineStart: number): void {
    this.issues.push({ start, end, reason, detail, lineStart });
    this.claimedUntil = end;
  }

  private addForeign(start: number, end: number): void {
    const last = this.foreign[this.foreign.length - 1];
    if (last !== undefined && last[1] === start) last[1] = end;
    else this.foreign.push([start, end]);
  }
}

export class CcmParser extends EmbeddedActionsParser {
  private layout = new Layout(0, true);
  private readonly tokens = ccmTokens();

  // Actions check RECORDING_PHASE instead of wrapping in ACTION(), and the record is an alternative rather
  // than a subrule: no closure and no rule invocation per token on the hot path.
  private readonly lineAlternatives: IOrAlt<void>[] = [
    {
      ALT: () => {
        const message = this.CONSUME(this.tokens.Message);
        if (!this.RECORDING_PHASE) this.record = this.layout.message(message);
        this.MANY2(this.attribute);
        const close = this.OPTION(() => this.CONSUME(this.tokens.Close));
        if (this.RECORDING_PHASE) return;
        const record = this.record as ParsedRecord;
        if (close !== undefined) this.layout.close(record, close);
        else this.layout.unclosed(record, this.LA(1));
      },
    },
    {
      ALT: () => {
        const token = this.CONSUME(this.tokens.Opener);
        if (!this.RECORDING_PHASE) this.layout.opener(token);
      },
    },
    {
      ALT: () => {
        const token = this.CONSUME(this.tokens.Newline);
        if (!this.RECORDING_PHASE) this.layout.newline(token);
      },
    },
    {
      ALT: () => {
        const token = this.CONSUME(this.tokens.Stray);
        if (!this.RECORDING_PHASE) this.layout.stray(token);
      },
    },
  ];

  /** The record whose attributes are being read. */
  private record: ParsedRecord | null = null;

  private readonly attribute = (): void => {
    const token = this.CONSUME(this.tokens.Attribute);
    if (!this.RECORDING_PHASE) readAttribute((this.record as ParsedRecord).attributes, token.image);
  };

  /** A record is `Message Attribute* Close?`; any other token stands alone, so every input parses. */
  private readonly ccmText = this.RULE("ccmText", () => {
    this.MANY(() => this.OR(this.lineAlternatives));
  });

  constructor() {
    super(ccmTokens().all, { maxLookahead: 1, recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  /** Parses the tokens of a text of `length` characters. Throws only on an internal error. */
  parseTokens(tokens: IToken[], length: number, final: boolean): CcmParse {
    this.layout = new Layout(length, final);
    this.input = tokens;
    this.ccmText();
    if (this.errors.length > 0) throw new Error(`CCM parser: ${this.errors[0].message}`);
    return this.layout.finish();
  }
}
