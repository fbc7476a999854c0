import type { CompiledPattern } from "./patterns.js";
import { PatternError } from "./patterns.js";

/**
 * A pattern must not take long on hostile text. Each one is run against long runs of the characters its
 * template repeats (and of common log characters); one that needs more than the budget is refused.
 */
const PROBES = ["a", " ", "0", "x", "\\", "\"", "'", ":", ".", "-", "{", "0x8", "KB", "MS06-", "~", "\n"];

export function checkPatternSafety(c: CompiledPattern, budgetMs = 50, length = 20_000): void {
  const literalChars = [...new Set(c.pattern.match.replace(/\{[^}]*\}/g, "").split(""))];
  const probes = [...PROBES, ...literalChars, c.keyword];
  for (const unit of probes) {
    const run = unit.repeat(Math.ceil(length / Math.max(1, unit.length)));
    let ms = 0;
    // The keyword before the run (the pre-filter passes), and the run alone with the keyword at the end.
    for (const text of [`${c.keyword} ${run}!`, `${run}${c.keyword}`, `${c.keyword}${run}${c.keyword}`]) {
      const t0 = performance.now();
      c.regex.exec(text);
      ms = Math.max(ms, performance.now() - t0);
    }
    if (ms > budgetMs) {
      throw new PatternError(`pattern ${c.pattern.id} takes ${ms.toFixed(0)} ms on ${length} repeated '${unit === "\n" ? "\\n" : unit}' characters; it can backtrack without bound. Use fewer open-ended placeholders next to each other.`);
    }
  }
}
