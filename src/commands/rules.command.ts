import { formatOption } from "../cli/options.js";
import { outputFormat } from "./args.js";
import type { CommandSpec } from "./command.js";

const FORMATS = ["table", "json"] as const;

export const rulesCommand: CommandSpec = {
  name: "rules",
  positionals: "[id]",
  summary: "List the rules, or show one rule's documentation",
  builder: (y) =>
    y
      .option("format", formatOption(FORMATS, "Default: table."))
      .positional("id", { type: "string", describe: "A rule id" }),
  examples: [
    ["$0 rules", "The rules, their stages and severities"],
    ["$0 rules sync-download-failed", "One rule's documentation"],
  ],
  async handler(a) {
    const { runRules } = await import("./rules.js");
    const text = runRules(a.id as string | undefined, outputFormat(a, FORMATS, "table", "table"));
    const { Out } = await import("../output/write.js");
    const out = await Out.open(undefined);
    await out.write(text);
    await out.close();
  },
};
