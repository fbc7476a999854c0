import type { EventFields } from "../model/event.js";
import { matchPattern, type CompiledPattern } from "./patterns.js";
import { HINT_WORDS, WordScanner } from "./words.js";

/**
 * Which of a log's patterns can match a message, from one scan of the message rather than a
 * search per pattern. A template matches only where its literal words occur, in its order; the scan finds every
 * ASCII word of two characters or more of every pattern at once (see `words.ts` for why that is enough), and a
 * pattern is tried only when all its words occur, in its order. Only patterns that cannot match are left
 * out, so the first pattern that matches, and what it gives, are those of trying every pattern in turn.
 *
 * The scan also finds the hint words (`HINT_WORDS`, first, at their own ids), for the code extractors and the
 * signal words of the same message.
 */
export class PatternIndex {
  /** Per pattern: the ids of the words it needs; its ASCII words in template order. */
  private readonly needs: Int32Array[];
  private readonly ordered: string[][];

  private constructor(
    readonly patterns: readonly CompiledPattern[],
    readonly words: WordScanner,
    needs: Int32Array[],
    ordered: string[][],
  ) {
    this.needs = needs;
    this.ordered = ordered;
  }

  /** The index of a log's patterns (in the order they are tried), or undefined when it would be too large. */
  static of(patterns: readonly CompiledPattern[]): PatternIndex | undefined {
    const ids = new Map<string, number>(HINT_WORDS.map((w, i) => [w, i]));
    const words: string[] = [...HINT_WORDS];
    const needs: Int32Array[] = [];
    const ordered: string[][] = [];
    for (const c of patterns) {
      const mine: number[] = [];
      const order: string[] = [];
      for (const e of c.elements) {
        if (e.t !== "lit" || e.ascii === undefined) continue;
        order.push(e.ascii);
        if (e.ascii.length < 2) continue;
        let id = ids.get(e.ascii);
        if (id === undefined) {
          ids.set(e.ascii, (id = words.length));
          words.push(e.ascii);
        }
        if (!mine.includes(id)) mine.push(id);
      }
      needs.push(Int32Array.from(mine));
      ordered.push(order);
    }
    if (WordScanner.states(words) > WordScanner.MAX_STATES) return undefined;
    return new PatternIndex(patterns, new WordScanner(words), needs, ordered);
  }

  /** Whether pattern `i` can match the message last scanned: its words occur. */
  private present(i: number): boolean {
    const need = this.needs[i];
    for (let k = 0; k < need.length; k++) if (!this.words.has(need[k])) return false;
    return true;
  }

  /** Whether pattern `i`'s words occur in its order in `lower`. */
  private inOrder(i: number, lower: string): boolean {
    const order = this.ordered[i];
    if (order.length < 2) return true;
    let from = 0;
    for (let k = 0; k < order.length; k++) {
      const at = lower.indexOf(order[k], from);
      if (at < 0) return false;
      from = at + order[k].length;
    }
    return true;
  }

  /**
   * The first pattern that matches the message, with its fields: the same as trying every pattern in turn. Scans
   * the message (`words` answers for it afterwards); its lower-case copy is made only when a pattern has all its
   * words there.
   */
  first(message: string): { hit: CompiledPattern; fields: EventFields } | undefined {
    this.words.scan(message);
    const { patterns } = this;
    let l: string | undefined;
    for (let i = 0; i < patterns.length; i++) {
      if (!this.present(i)) continue;
      l ??= message.toLowerCase();
      if (!this.inOrder(i, l)) continue;
      const fields = matchPattern(patterns[i], message, l);
      if (fields) return { hit: patterns[i], fields };
    }
    return undefined;
  }
}
