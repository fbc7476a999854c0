import type { FrameFormat, FrameGrammar } from "../src/model/frame.js";
import { ccmGrammar } from "./ccm/index.js";
import { plainGrammar } from "./plain/index.js";
import { traceGrammar } from "./trace/index.js";
import { viewerGrammar } from "./viewer/index.js";

/**
 * Every frame grammar, one per line format, in the order the input layer tries them (see `FrameClaim`): a new
 * format is a folder like `viewer/` whose `index.ts` exports a `FrameGrammar`, listed here and in `FrameFormat`.
 */
export const FRAME_GRAMMARS: readonly FrameGrammar[] = [ccmGrammar, traceGrammar, viewerGrammar, plainGrammar];

/** The grammar of each format, for `--input-format`. */
export const GRAMMAR_BY_FORMAT = Object.fromEntries(FRAME_GRAMMARS.map((g) => [g.format, g])) as Record<
  FrameFormat,
  FrameGrammar
>;
