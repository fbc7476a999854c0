#!/usr/bin/env node
import { existsSync, readFileSync } from "node:fs";
import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { InputError, OutputError, UsageError } from "./model/errors.js";
import { closest } from "./text/suggest.js";
import { safeText, terminalWidth } from "./text/terminal.js";
import { EXIT } from "./commands/args.js";
import { COMMANDS } from "./commands/index.js";

const VERSION = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** The words a mistyped first word is compared with: every command's name and yargs' own `completion`. */
const COMMAND_WORDS = [...COMMANDS.map((c) => c.name), "completion"];

/**
 * The first word is a command, or a path for the default command (diagnose). A word that is no existing path but
 * near a command is refused as a typo of it; any other missing path is reported as such when it is read.
 */
function checkCommand(argv: string[]): void {
  const first = argv[0];
  if (first === undefined || first.startsWith("-") || COMMAND_WORDS.includes(first)) return;
  if (existsSync(first) || existsSync(first.replace(/\\/g, "/")) || /[*?[\]{}]/.test(first)) return;
  const near = closest(first, COMMAND_WORDS);
  if (near)
    throw new UsageError(
      `unknown command '${safeText(first)}' (and no file or folder of that name): did you mean '${near}'?`,
    );
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  try {
    checkCommand(argv);
  } catch (err) {
    return report(err);
  }
  let cli: Argv = yargs(argv)
    .scriptName("patchflow")
    .usage(
      "$0 <command> [paths..]\n\nReads SMS 2003 / SMS 2.0 patch-flow logs (a CCM\\Logs folder, files, or - for standard input).",
    );
  for (const spec of COMMANDS) {
    cli = cli.command(
      [`${spec.name} ${spec.positionals}`.trim(), ...(spec.aliases ?? [])],
      spec.summary,
      (y) => spec.examples.reduce((b, [cmd, what]) => b.example(cmd, what), spec.builder(y)),
      async (a) => {
        const c = await spec.handler(a);
        if (typeof c === "number") code = c;
      },
    );
  }
  cli = cli
    .completion("completion", "Print a shell completion script (bash or zsh): patchflow completion >> ~/.bashrc")
    .strict()
    .version(VERSION)
    .help()
    .alias("h", "help")
    .epilogue("Exit codes: 0 success, 1 findings at or above --fail-on, 2 usage or input error.")
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(msg);
    })
    .exitProcess(false)
    .wrap(Math.min(110, terminalWidth(process.stdout)));
  // yargs would also run the default command on the word "completion"; the script is printed here alone.
  if (argv[0] === "completion" && !argv.slice(1).some((x) => x === "--help" || x === "-h")) {
    cli.showCompletionScript();
    return EXIT.ok;
  }
  try {
    await cli.parseAsync();
  } catch (err) {
    code = report(err);
  }
  return code;
}

function report(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`patchflow: ${safeText(err.message)}\nRun 'patchflow --help' for usage.\n`);
    return EXIT.error;
  }
  if (err instanceof InputError || err instanceof OutputError) {
    // Messages quote names from the input (paths, archive entries, a library's words about them): nothing raw gets out.
    process.stderr.write(`patchflow: ${safeText(err.message)}\n`);
    return EXIT.error;
  }
  const e = err as Error;
  process.stderr.write(
    `patchflow: internal error (version ${VERSION}). Please report it with the command you ran.\n${safeText(e?.stack ?? String(err))}\n`,
  );
  return EXIT.error;
}

main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
