import type { CompiledPattern } from "./patterns.js";
import { PatternError } from "./patterns.js";

/**
 * A pattern must not take long on hostile text. Each one is run against runs of the characters its template repeats
 * (and of common log characters, words with spaces among them), at lengths that double from 256 to 16,384: a
 * pattern that backtracks without bound crosses the budget at a short length, so the check itself stays short.
 */
const PROBES = ["a", " ", "a ", "a a", "0", "x", "\\", "\"", "'", ":", ".", "-", "{", "0x8", "KB", "MS06-", "~", "\n", "\t"];
const LENGTHS = [256, 512, 1024, 2048, 4096, 8192, 16384];

export function checkPatternSafety(c: CompiledPattern, budgetMs = 50): void {
  const literalChars = [...new Set(c.pattern.match.replace(/\{[^}]*\}/g, "").split(""))];
  const units = [...PROBES, ...literalChars, c.keyword, `${c.keyword} `];
  for (const length of LENGTHS) {
    for (const unit of units) {
      const run = unit.repeat(Math.ceil(length / Math.max(1, unit.length)));
      // The keyword before the run (the pre-filter passes), the run alone with the keyword at the end, and both.
      for (const text of [`${c.keyword} ${run}!`, `${run}${c.keyword}`, `${c.keyword}${run}${c.keyword}`]) {
        const t0 = performance.now();
        c.regex.exec(text);
        const ms = performance.now() - t0;
        if (ms > budgetMs) {
          const shown = unit === "\n" ? "\\n" : unit === "\t" ? "\\t" : unit;
          throw new PatternError(
            `pattern ${c.pattern.id} takes ${ms.toFixed(0)} ms on ${length} characters of repeated '${shown}'; it can backtrack without bound. Use fewer open-ended placeholders next to each other.`,
          );
        }
      }
    }
  }
}
