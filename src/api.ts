import { diagnoseLogs } from "./pipeline/client.js";
import type { Timeline } from "./model/timeline.js";
import { Classifier, type UserPatternFile } from "./events/classify.js";
import { DEFAULT_INPUT, type InputOptions } from "./model/input.js";
import type { DiagnoseOptions } from "./rules/engine.js";
import type { Diagnosis } from "./model/diagnosis.js";

/** Reads one client's logs and diagnoses them: the library form of `patchflow diagnose`. */
export async function diagnosePaths(
  paths: string[],
  opts: {
    input?: Partial<InputOptions> & { stdinName?: string };
    patterns?: UserPatternFile;
    diagnose?: DiagnoseOptions;
  } = {},
): Promise<{ timeline: Timeline; diagnosis: Diagnosis }> {
  return diagnoseLogs(paths, { ...DEFAULT_INPUT, ...opts.input }, new Classifier(opts.patterns), {
    diagnose: opts.diagnose,
  });
}
