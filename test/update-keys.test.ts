import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compareKeys } from "../src/text/keys.js";

// Update keys are ordered as Intl.Collator("en", { numeric: true }) orders them; compareKeys answers the usual keys
// itself (no collator, whose ICU data is costly to load) and must give the collator's order on every pair.
const collator = new Intl.Collator("en", { numeric: true });

const letters = fc.stringMatching(/^[ABKMQSZ]{1,3}$/);
const digits = fc.stringMatching(/^[0-9]{1,9}$/);
/** Keys as logs give them, near misses (leading zeros, lower case, other shapes) and anything short. */
const key = fc.oneof(
  fc.tuple(letters, fc.integer({ min: 1, max: 99_999_999 })).map(([l, n]) => `${l}${n}`),
  fc.tuple(letters, fc.stringMatching(/^[0-9]{2}-[0-9]{3}$/)).map(([l, b]) => `${l}${b}`),
  fc.tuple(letters, digits).map(([l, d]) => `${l}${d}`),
  fc
    .tuple(fc.constantFrom("KB", "Q", "MS", "kb", "Kb"), digits, fc.constantFrom("", "-", "-0", "A", " x"))
    .map(([l, d, t]) => `${l}${d}${t}`),
  fc.stringMatching(/^[A-Za-z0-9 _.-]{0,8}$/),
);

describe("update keys in natural order", () => {
  it("orders keys as the collator does", () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        expect([a, b, compareKeys(a, b)]).toEqual([a, b, collator.compare(a, b)]);
      }),
      { numRuns: 20_000 },
    );
  });

  it("puts a number's value before its digits' text, and bulletins by their numbers", () => {
    const keys = ["MS06-040", "KB5000000", "Q312345", "KB890830", "MS05-051", "KB917422", "KB1"];
    expect([...keys].sort(compareKeys)).toEqual([
      "KB1",
      "KB890830",
      "KB917422",
      "KB5000000",
      "MS05-051",
      "MS06-040",
      "Q312345",
    ]);
    expect([...keys].sort(compareKeys)).toEqual([...keys].sort(collator.compare));
  });
});
