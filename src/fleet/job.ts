import { buildTimeline } from "../timeline/timeline.js";
import { Classifier, type UserPatternFile } from "../events/classify.js";
import { DEFAULT_INPUT, type InputOptions } from "../input/read.js";
import type { EncodingName } from "../input/decode.js";
import type { FrameFormat } from "../model/frame.js";
import type { LogSelection } from "../input/select.js";
import { parseAssumedZone } from "../time/time.js";
import { diagnose, type DiagnoseOptions } from "../rules/engine.js";
import { RULES } from "../rules/registry.js";
import { clientResult, type ClientResult } from "../output/result.js";
import type { ClientPlan } from "./plan.js";

/** Everything a client's diagnosis needs, as plain data, so that it can cross to a worker thread. */
export interface JobOptions {
  encoding: EncodingName;
  inputFormat?: FrameFormat;
  assumeTz?: string;
  maxLineBytes: number;
  stdinName?: string;
  /** The user's patterns (`--patterns`), read and checked once by the command; `patternsFile` names them. */
  patterns?: UserPatternFile;
  select?: LogSelection;
  patternsFile?: string;
  diagnose: DiagnoseOptions;
  /** Keep events and runs in the result (the HTML report draws them). */
  keepTimeline: boolean;
}

export function inputOptions(o: JobOptions): InputOptions & { stdinName?: string } {
  return {
    ...DEFAULT_INPUT,
    encoding: o.encoding,
    inputFormat: o.inputFormat,
    assume: o.assumeTz ? parseAssumedZone(o.assumeTz) : undefined,
    maxLineBytes: o.maxLineBytes,
    stdinName: o.stdinName,
    select: o.select,
  };
}

let classifierCache: { patterns?: UserPatternFile; file?: string; classifier: Classifier } | undefined;

function classifierFor(o: JobOptions): Classifier {
  // Compiled patterns are reused across clients; only the counters are per client. A worker thread receives a copy
  // of the patterns with each client, so there the file's name says they are the same.
  const c = classifierCache;
  const same = c && (c.patterns === o.patterns || (o.patterns && c.patterns && o.patternsFile !== undefined && c.file === o.patternsFile));
  if (!same) classifierCache = { patterns: o.patterns, file: o.patternsFile, classifier: new Classifier(o.patterns) };
  return classifierCache!.classifier.fresh();
}

/** Reads and diagnoses one client. */
export async function diagnoseClient(plan: ClientPlan, o: JobOptions): Promise<ClientResult> {
  const tl = await buildTimeline(plan.inputs, inputOptions(o), classifierFor(o));
  return clientResult(plan.name, plan.root, tl, diagnose(tl, RULES, o.diagnose), o.keepTimeline);
}
