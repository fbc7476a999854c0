import { formatOption } from "../cli/options.js";
import { UsageError } from "../model/errors.js";
import { terminalWidth } from "../text/terminal.js";
import { EXIT, outputFormat } from "./args.js";
import type { CommandSpec } from "./command.js";

const FORMATS = ["table", "json"] as const;

export const explainCommand: CommandSpec = {
  name: "explain",
  positionals: "[code]",
  summary:
    "Say what an error or exit code means, its usual cause in the patch flow, where it shows up, and the reference that documents it",
  builder: (y) =>
    y.option("format", formatOption(FORMATS, "Default: table.")).positional("code", {
      type: "string",
      describe: "Hex (0x80070005, or 80070005 as CMTrace shows it), signed decimal (-2147024891) or decimal (1603)",
    }),
  examples: [
    ["$0 explain 0x80072EFD", "A WinHTTP error as an HRESULT"],
    ["$0 explain -- -2147024891", "The same code as a signed decimal (after --, so it is not read as an option)"],
    ["$0 explain 1603", "A Windows Installer exit code"],
  ],
  async handler(a) {
    const { runExplain } = await import("./explain.js");
    // After `--` (so that a negative number is not read as an option) the code lands among the plain arguments.
    const given = a.code ?? (a._ as unknown[]).filter((x) => x !== "explain")[0];
    if (given === undefined) throw new UsageError("explain: give a code, such as 0x80070005, -2147024891 or 1603");
    const r = runExplain(String(given), outputFormat(a, FORMATS, "table", "table"), terminalWidth(process.stdout));
    process.stdout.write(r.text);
    return r.known ? EXIT.ok : EXIT.findings;
  },
};
