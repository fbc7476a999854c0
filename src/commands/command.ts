import type { Argv } from "yargs";
import type { Raw } from "./args.js";

/**
 * What the CLI needs to offer a command. Each command has its work in `<name>.ts` (callable from the API) and its
 * face in `<name>.command.ts`, a `CommandSpec` listed in `COMMANDS` (index.ts); the spec loads the work only when the
 * command runs, so that listing the commands (help, completion, "did you mean") loads none of them.
 */
export interface CommandSpec {
  /** The word that runs it. */
  name: string;
  /** Its positional arguments in yargs' notation (`[paths..]`, `<files..>`), or "". */
  positionals: string;
  /** Other ways to run it; `$0` makes it the default command. */
  aliases?: string[];
  /** One line for the command list of `patchflow --help`. */
  summary: string;
  /** Its options (from the option table, src/cli/options.ts) and positionals. */
  builder(y: Argv): Argv;
  /** Command lines with what they do, shown under Examples in its help. */
  examples: ReadonlyArray<readonly [command: string, description: string]>;
  /** Runs it; the exit code it calls for (default 0). */
  handler(a: Raw): Promise<number | void>;
}
