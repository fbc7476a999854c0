import type { CommandSpec } from "./command.js";
import { diagnoseCommand } from "./diagnose.command.js";
import { explainCommand } from "./explain.command.js";
import { mergeCommand } from "./merge.command.js";
import { parseCommand } from "./parse.command.js";
import { rulesCommand } from "./rules.command.js";
import { timelineCommand } from "./timeline.command.js";
import { updatesCommand } from "./updates.command.js";

export type { CommandSpec };

/**
 * Every command, in the order `patchflow --help` lists them. A new command: its work in `<name>.ts`, its spec in
 * `<name>.command.ts` (copy `rules.command.ts`), and one entry here; help, completion and "did you mean" follow.
 */
export const COMMANDS: readonly CommandSpec[] = [
  parseCommand,
  timelineCommand,
  diagnoseCommand,
  updatesCommand,
  mergeCommand,
  rulesCommand,
  explainCommand,
];
