import { readFileSync } from "node:fs";
import Table from "cli-table3";
import { RULES } from "../rules/registry.js";
import { UsageError } from "../model/errors.js";

/** `patchflow rules [id]`: the rule list, or one rule's documentation (its README). */
export function runRules(id: string | undefined, format: "table" | "json"): string {
  if (!id) {
    if (format === "json")
      return (
        JSON.stringify(
          RULES.map((r) => ({
            id: r.id,
            stage: r.stage,
            defaultSeverity: r.defaultSeverity,
            description: r.description,
          })),
          null,
          1,
        ) + "\n"
      );
    const t = new Table({
      head: ["rule", "stage", "severity", "what it detects"],
      wordWrap: true,
      colWidths: [36, 11, 10, 60],
      style: { head: [], border: [] },
    });
    for (const r of RULES) t.push([r.id, r.stage, r.defaultSeverity, r.description]);
    return t.toString() + "\n";
  }
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new UsageError(`no rule "${id}"; 'patchflow rules' lists them`);
  const readme = readFileSync(new URL(`../../../src/rules/${rule.id}/README.md`, import.meta.url), "utf8");
  if (format === "json") return JSON.stringify({ ...rule, check: undefined, readme }, null, 1) + "\n";
  // The README's generation markers are for `npm run docs`, not for the reader at the terminal.
  const text = readme.replace(/^<!--[^\n]*-->\n/gm, "").trim();
  return `${text}\n\nDefault severity: ${rule.defaultSeverity}. Stage: ${rule.stage}.\n`;
}
