import { EmbeddedActionsParser, EOF, type IToken } from "../chevrotain.js";
import {
  Close,
  FieldPiece,
  Junction,
  LineEnd,
  MessagePiece,
  NumericTime,
  Open,
  Sms2Time,
  SuffixOpen,
  Tail,
  Text,
  Thread,
  traceTokens,
} from "./tokens.js";

/** How far a `$$<` suffix got before its line ended. */
export type SuffixStage = "component" | "time" | "thread" | "closed";

/** A `$$<` suffix as read: offsets into the scanned text, and the field tokens. */
export interface SuffixParse {
  /** Offset of `$$<`. */
  open: number;
  componentStart: number;
  /** End of the component (the `>` or `><` after it), or -1 while the component is still open. */
  componentEnd: number;
  stage: SuffixStage;
  /** Closed right after the component (`$$<SMSBOOT1.EXE>`). */
  componentOnly: boolean;
  /** The whole `><time><thread>` when it is one `Tail` token; otherwise the fields below. */
  tail: IToken | null;
  /** The time field's last token (a readable field is one `Sms2Time` or `NumericTime`). */
  time: IToken | null;
  timeTokens: number;
  thread: IToken | null;
  threadTokens: number;
  /** A bracket of the suffix was written `&<` or `&>`. */
  escaped: boolean;
  /** Offset one past the suffix's last token. */
  end: number;
}

/**
 * Suffix fields a line starts with (after blanks): `<time>`, `<time><thread=...>` or `<thread=...>`. Pasted text
 * wraps a suffix before a field, so such a line continues the entry above it, and what follows the fields on the
 * line, if anything, is the next entry.
 */
export interface LineHead {
  time: IToken | null;
  thread: IToken | null;
  /** Offset one past the last field's `>`. */
  end: number;
}

/** One physical line. */
export interface LineParse {
  start: number;
  /** End of the line's text, terminator excluded. */
  end: number;
  /** The `$$<` suffix that ends the line (trailing blanks allowed), or null. */
  suffix: SuffixParse | null;
  /** The line holds a `$$<` somewhere, suffix or not. */
  hasOpen: boolean;
  /** Suffix fields the line starts with, or null. */
  head: LineHead | null;
}

const WHITESPACE_ONLY = /^[ \t]*$/;
/** Tokens a line head can be made of: blanks, `<`, time, `><`, thread, `>`. */
const HEAD_TOKENS = 6;

/** The suffix fields the first tokens of a line make, if they make any (see LineHead). */
function readHead(tokens: IToken[]): LineHead | null {
  let i = tokens[0]?.tokenType === Text && WHITESPACE_ONLY.test(tokens[0].image) ? 1 : 0;
  const open = tokens[i];
  if (open?.tokenType !== Open) return null;
  let time: IToken | null = null;
  let thread: IToken | null = null;
  const first = tokens[++i];
  if (first?.tokenType === Sms2Time || first?.tokenType === NumericTime) {
    time = first;
    const junction = tokens[i + 1];
    if (junction?.tokenType === Junction && tokens[i + 2]?.tokenType === Thread) {
      thread = tokens[i + 2];
      i += 2;
    }
  } else if (first?.tokenType === Thread) {
    thread = first;
  } else return null;
  const close = tokens[i + 1];
  if (close?.tokenType !== Close) return null;
  return { time, thread, end: close.startOffset + close.image.length };
}

/**
 * The grammar accepts every token sequence: a `$$<` that does not lead to a well-formed suffix at the end of
 * its line simply leaves its tokens to the message. So parsing never fails; records.ts decides what a line is.
 *
 *   block  := line*
 *   line   := MessagePiece* (suffix MessagePiece*)* LineEnd?
 *   suffix := SuffixOpen FieldPiece* ( Tail | Close | Junction FieldPiece* ( Junction FieldPiece* Close? | Close )? )?
 *
 * A line's first tokens may also be suffix fields continuing the entry above (`LineHead`).
 */
export class TraceParser extends EmbeddedActionsParser {
  /** Length of the scanned text: the last line may have no terminator. */
  textLength = 0;

  constructor() {
    super(traceTokens, { recoveryEnabled: false, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  public block = this.RULE("block", (): LineParse[] => {
    const lines: LineParse[] = [];
    // A line may match nothing, so the loop itself must stop at the end of input.
    this.MANY({
      GATE: () => this.LA(1).tokenType !== EOF,
      DEF: () => {
        const line = this.SUBRULE(this.line);
        this.ACTION(() => lines.push(line));
      },
    });
    return lines;
  });

  private line = this.RULE("line", (): LineParse => {
    const start = this.ACTION(() => this.LA(1).startOffset);
    let suffix: SuffixParse | null = null;
    let hasOpen = false;
    let end: IToken | undefined;
    const lead: IToken[] = [];
    this.MANY(() => {
      const piece = this.CONSUME(MessagePiece);
      this.ACTION(() => {
        if (lead.length < HEAD_TOKENS) lead.push(piece);
      });
    });
    this.MANY2(() => {
      suffix = this.SUBRULE(this.suffix);
      hasOpen = true;
      this.MANY3(() => {
        const after = this.CONSUME2(MessagePiece);
        this.ACTION(() => {
          // Blanks after a complete suffix are paste residue (index.ts blanks a trailing `<BR/>` too); anything
          // else means it was message text.
          if (suffix?.stage !== "closed" || after.tokenType !== Text || !WHITESPACE_ONLY.test(after.image)) {
            suffix = null;
          }
        });
      });
    });
    this.OPTION(() => (end = this.CONSUME(LineEnd)));
    return this.ACTION(() => ({
      start,
      end: end ? end.startOffset : this.textLength,
      suffix,
      hasOpen,
      head: readHead(lead),
    }));
  });

  private suffix = this.RULE("suffix", (): SuffixParse => {
    const open = this.CONSUME(SuffixOpen);
    const s: SuffixParse = this.ACTION(() => ({
      open: open.startOffset,
      componentStart: open.startOffset + open.image.length,
      componentEnd: -1,
      stage: "component",
      componentOnly: false,
      tail: null,
      time: null,
      timeTokens: 0,
      thread: null,
      threadTokens: 0,
      escaped: open.image.length > 3,
      end: open.startOffset + open.image.length,
    }));
    this.MANY(() => {
      const t = this.CONSUME(FieldPiece);
      this.ACTION(() => (s.end = t.startOffset + t.image.length));
    });
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            const tail = this.CONSUME(Tail);
            this.ACTION(() => {
              s.componentEnd = tail.startOffset;
              s.stage = "closed";
              s.tail = tail;
              s.end = tail.startOffset + tail.image.length;
            });
          },
        },
        {
          ALT: () => {
            const close = this.CONSUME(Close);
            this.ACTION(() => {
              s.componentEnd = close.startOffset;
              s.stage = "closed";
              s.componentOnly = true;
              s.end = close.startOffset + close.image.length;
              s.escaped ||= close.image.length > 1;
            });
          },
        },
        {
          ALT: () => {
            const j1 = this.CONSUME(Junction);
            this.ACTION(() => {
              s.componentEnd = j1.startOffset;
              s.stage = "time";
              s.end = j1.startOffset + j1.image.length;
              s.escaped ||= j1.image.length > 2;
            });
            this.MANY2(() => {
              const t = this.CONSUME2(FieldPiece);
              this.ACTION(() => {
                s.time = t;
                s.timeTokens++;
                s.end = t.startOffset + t.image.length;
              });
            });
            this.OPTION2(() =>
              this.OR2([
                {
                  ALT: () => {
                    const j2 = this.CONSUME2(Junction);
                    this.ACTION(() => {
                      s.stage = "thread";
                      s.escaped ||= j2.image.length > 2;
                      s.end = j2.startOffset + j2.image.length;
                    });
                    this.MANY3(() => {
                      const t = this.CONSUME3(FieldPiece);
                      this.ACTION(() => {
                        s.thread = t;
                        s.threadTokens++;
                        s.end = t.startOffset + t.image.length;
                      });
                    });
                    this.OPTION3(() => {
                      const close = this.CONSUME2(Close);
                      this.ACTION(() => {
                        s.stage = "closed";
                        s.end = close.startOffset + close.image.length;
                        s.escaped ||= close.image.length > 1;
                      });
                    });
                  },
                },
                {
                  // `$$<component><time>` with no thread field: pasted text wraps before `<thread=...>`.
                  ALT: () => {
                    const close = this.CONSUME3(Close);
                    this.ACTION(() => {
                      s.stage = "closed";
                      s.end = close.startOffset + close.image.length;
                      s.escaped ||= close.image.length > 1;
                    });
                  },
                },
              ]),
            );
          },
        },
      ]),
    );
    return s;
  });
}
