import type { PatchEvent, Severity } from "../model/event.js";
import type { Run } from "../model/run.js";
import type { FlowStage } from "../model/finding.js";
import type { RuleContext } from "./context.js";

export type RuleLevel = Severity | "off";

/** What a rule hands the engine: data only; wording lives in the rule's messages and the formatter. */
export interface Report {
  messageId: string;
  /** Values for the message's {placeholders}. */
  data?: Record<string, string | number>;
  /** The events the finding rests on, most telling first. */
  evidence: PatchEvent[];
  /** The runs it rests on, if any. */
  runs?: Run[];
  /** Overrides the rule's stage (a program execution found to block the sync belongs to the sync stage). */
  stage?: FlowStage;
  /** Overrides the rule's default severity for this finding (still subject to the user's override). */
  severity?: Severity;
  /** Lines the finding explains besides its evidence (a long incident's lines beyond the evidence cap). */
  covers?: PatchEvent[];
  /**
   * The stage lines of the same incident (seqs): when another rule's finding cites one of them, this report is not
   * a finding of its own but more evidence of that one (one root cause, one finding).
   */
  foldInto?: number[];
}

export interface Rule {
  /** kebab-case, prefixed by its stage: `sync-download-failed`. */
  id: string;
  /** The stage its findings belong to; `flow` rules say the stage in each report. */
  stage: FlowStage | "flow";
  defaultSeverity: Severity;
  /** One line: what it detects. */
  description: string;
  /** Message templates by id; `{name}` takes `data.name`. */
  messages: Record<string, string>;
  /** What to do, in the administrator's terms, with the concrete command where there is one. `{name}` placeholders allowed. */
  remedy: string;
  /** Runs after the other rules, when `ctx.explained` holds the lines their findings cite. */
  late?: boolean;
  check(ctx: RuleContext, report: (r: Report) => void): void;
}
