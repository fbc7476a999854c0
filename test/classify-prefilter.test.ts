import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOGS } from "../grammars/messages/index.js";
import { extractCodes } from "../src/events/codes.js";
import { compilePattern, matchPattern, type CompiledPattern } from "../src/events/patterns.js";
import { PatternIndex } from "../src/events/prefilter.js";
import { messageSignal } from "../src/events/signals.js";
import { HINT_WORDS, WordScanner, type Hints } from "../src/events/words.js";
import { rng, variedMessage } from "./bench/corpus.js";

/**
 * Classification looks for every pattern's words in one scan of a message and tries only the patterns, code
 * extractors and signal word lists whose words occur. These tests hold the fast path to the plain one: every
 * pattern tried in turn, every extractor and word list run.
 */

/** Every pattern tried in turn: the plain path. */
function plainFirst(
  patterns: readonly CompiledPattern[],
  message: string,
): { id: string; fields: unknown } | undefined {
  const lower = message.toLowerCase();
  for (const c of patterns) {
    const fields = matchPattern(c, message, lower);
    if (fields) return { id: c.pattern.id, fields };
  }
  return undefined;
}

function indexedFirst(index: PatternIndex, message: string): { id: string; fields: unknown } | undefined {
  const r = index.first(message);
  return r && { id: r.hit.pattern.id, fields: r.fields };
}

/** Hints that let every extractor and word list run. */
const EVERYTHING: Hints = { has: () => true };

/** Messages: every catalog sample, the bench's varied messages, and both with their case and characters disturbed. */
function messages(): string[] {
  const out = new Set<string>();
  for (const cat of CATALOGS) for (const p of cat.patterns) for (const s of p.samples) out.add(s.message);
  const r = rng(11);
  for (let i = 0; i < 3000; i++) out.add(variedMessage(r));
  // Each word of the signal word lists and each code extractor's phrasing, at least once.
  for (const s of [
    "Install aborted",
    "Aborting the cycle",
    "could not open the file",
    "couldn't connect",
    "unable to write",
    "can not read",
    "cannot read",
    "fatal",
    "exception caught",
    "2 failures",
    "failed",
    "3 errors",
    "timed out",
    "time out",
    "timeout",
    "retrying",
    "skipped",
    "truncated",
    "warning",
    "no errors",
    "errors: 0",
    "exit code 5",
    "return value 3",
    "result status: 0x1F",
    "error code 1603",
    "returned 5",
    "exits with code 2",
    "exited with exit code 0x3",
    "Win32 error 5",
    "Win32: 2",
    "failed (#0x5)",
    "HTTP status 404",
    "HTTP 500",
    "MSI (s) (A4:B8) returning 1603",
    "failed: 0x80070005",
    "ERROR: disk full",
    "*** ERROR scanning",
    "INSTANCE WARNING: x",
    "<<CLIEXCEPT>> boom",
    "SCHED DATA  : ERROR 5",
  ])
    out.add(s);
  const base = [...out];
  // Characters whose case mapping leaves ASCII or lengthens the text: the Kelvin sign, long s, dotted I, sharp s.
  const odd = [
    "\u212a",
    "\u017f",
    "\u0130",
    "\u00df",
    "\u03a3",
    "\u00a0",
    "\t",
    "0X",
    "(#0x1F)",
    "ERROR ",
    "Timed Out",
  ];
  for (let i = 0; i < 6000; i++) {
    let s = base[Math.floor(r() * base.length)];
    const op = Math.floor(r() * 4);
    if (op === 0) s = [...s].map((c) => (r() < 0.4 ? (r() < 0.5 ? c.toUpperCase() : c.toLowerCase()) : c)).join("");
    else if (op === 1) {
      const at = Math.floor(r() * (s.length + 1));
      s = s.slice(0, at) + odd[Math.floor(r() * odd.length)] + s.slice(at);
    } else if (op === 2)
      s = s.replace(/[ks]/gi, (c) => (r() < 0.5 ? (c.toLowerCase() === "k" ? "\u212a" : "\u017f") : c));
    else s = `${s} ${base[Math.floor(r() * base.length)]}`;
    out.add(s);
  }
  return [...out];
}

const MESSAGES = messages();

describe("pattern index", () => {
  it.each(CATALOGS.map((c) => [c.logs.join(", "), c] as const))(
    "%s: the first pattern that matches, and its fields, are those of trying every pattern",
    (_name, cat) => {
      const compiled = cat.patterns.map(compilePattern);
      const index = PatternIndex.of(compiled);
      expect(index).toBeDefined();
      let hits = 0;
      for (const m of MESSAGES) {
        const plain = plainFirst(compiled, m);
        expect(indexedFirst(index!, m), m).toEqual(plain);
        if (plain) hits++;
      }
      // The messages do reach the patterns (the catalog's own samples at least).
      expect(hits).toBeGreaterThanOrEqual(cat.patterns.length);
    },
  );

  it("every catalog in one index, as a log with all of them would have", () => {
    const compiled = CATALOGS.flatMap((c) => c.patterns.map(compilePattern));
    const index = PatternIndex.of(compiled)!;
    for (const m of MESSAGES) expect(indexedFirst(index, m), m).toEqual(plainFirst(compiled, m));
  });

  it("is not built past its size bound (the caller then tries every pattern)", () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      compilePattern({
        id: `u.p${i}`,
        kind: "x.y",
        match: `word${i}abcdef then more${i}`,
        samples: [],
        evidence: "inferred",
      }),
    );
    expect(PatternIndex.of(many)).toBeUndefined();
  });
});

describe("hint words", () => {
  const scanner = new WordScanner(HINT_WORDS);

  it("codes and signals are those of running every extractor and word list", () => {
    for (const m of MESSAGES) {
      scanner.scan(m);
      const codes = extractCodes(m, undefined, scanner);
      expect(codes, m).toEqual(extractCodes(m, undefined, EVERYTHING));
      expect(extractCodes(m), m).toEqual(codes);
      expect(messageSignal(m, codes, undefined, scanner), m).toEqual(messageSignal(m, codes, undefined, EVERYTHING));
      expect(messageSignal(m, codes), m).toEqual(messageSignal(m, codes, undefined, EVERYTHING));
    }
  });
});

describe("word scanner", () => {
  /** A word occurs where the text's ASCII characters, upper case folded, spell it. */
  function naive(words: readonly string[], text: string): boolean[] {
    const folded = [...text].map((c) => (c.charCodeAt(0) < 128 ? c.toLowerCase() : "\u0000")).join("");
    return words.map((w) => folded.includes(w));
  }

  it("finds exactly the words that occur, overlapping and nested ones included", () => {
    const alphabet = fc.constantFrom("a", "b", "A", "B", "c", " ", "é", "\u212a", "k");
    const word = fc
      .array(fc.constantFrom("a", "b", "c", "k", " "), { minLength: 1, maxLength: 5 })
      .map((a) => a.join(""));
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 12 }),
        fc.array(alphabet, { maxLength: 40 }),
        (words, chars) => {
          const s = new WordScanner(words);
          const text = chars.join("");
          s.scan(text);
          expect(words.map((_, i) => s.has(i))).toEqual(naive(words, text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("forgets the previous text", () => {
    const s = new WordScanner(["error", "exit"]);
    s.scan("Exit code 1; ERROR");
    expect([s.has(0), s.has(1)]).toEqual([true, true]);
    s.scan("nothing here");
    expect([s.has(0), s.has(1)]).toEqual([false, false]);
  });

  it("refuses words it cannot look for", () => {
    expect(() => new WordScanner(["Error"])).toThrow(/lower-case ASCII/);
    expect(() => new WordScanner(["fehler\u00fc"])).toThrow(/lower-case ASCII/);
    expect(() => new WordScanner(["a", "a"])).toThrow(/twice/);
  });
});
