import type { Rule } from "./types.js";
import { executionProgramFailed } from "./execution-program-failed/index.js";
import { flowNoEvidence } from "./flow-no-evidence/index.js";

/** Every rule, sorted by id. A meta test checks each has its folder, README, fixtures and this entry. */
export const RULES: readonly Rule[] = [
  executionProgramFailed,
  flowNoEvidence,
];
