import type { FrameGrammar } from "../src/model/frame.js";
import { ccmGrammar } from "./ccm/index.js";
import { plainGrammar } from "./plain/index.js";
import { traceGrammar } from "./trace/index.js";
import { viewerGrammar } from "./viewer/index.js";

/** Every frame grammar, one per line format. */
export const FRAME_GRAMMARS: readonly FrameGrammar[] = [ccmGrammar, traceGrammar, viewerGrammar, plainGrammar];
