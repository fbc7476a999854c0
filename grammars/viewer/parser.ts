import { EmbeddedActionsParser, EOF, type IToken } from "../chevrotain.js";
import { LineEnd, Piece, Tab, Tail, viewerTokens } from "./tokens.js";

/** One physical line as the viewer grammar reads it. */
export interface ViewerLineParse {
  start: number;
  /** End of the line's text, terminator excluded. */
  end: number;
  /** The date, time and thread columns when they end the line. */
  tail: IToken | null;
  /** Offsets of the TABs outside the tail, in order. */
  tabs: number[];
}

/**
 *   block := line*
 *   line  := (Tab | Piece)* LineEnd?
 * Every token sequence parses; a line is a viewer copy when its last piece is a `Tail`.
 */
export class ViewerParser extends EmbeddedActionsParser {
  /** Length of the scanned text: the last line may have no terminator. */
  textLength = 0;

  constructor() {
    super(viewerTokens, { recoveryEnabled: false, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  public block = this.RULE("block", (): ViewerLineParse[] => {
    const lines: ViewerLineParse[] = [];
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

  private line = this.RULE("line", (): ViewerLineParse => {
    const start = this.ACTION(() => this.LA(1).startOffset);
    const tabs: number[] = [];
    let last: IToken | undefined;
    let end: IToken | undefined;
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            last = this.CONSUME(Tab);
            this.ACTION(() => tabs.push((last as IToken).startOffset));
          },
        },
        { ALT: () => (last = this.CONSUME(Piece)) },
      ]),
    );
    this.OPTION(() => (end = this.CONSUME(LineEnd)));
    return this.ACTION(() => ({
      start,
      end: end ? end.startOffset : this.textLength,
      tail: last?.tokenType === Tail ? last : null,
      tabs,
    }));
  });
}
