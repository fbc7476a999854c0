import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { NumberColumn } from "../src/runtime/column.js";

/** Values of every width a column meets: 16-bit, 32-bit, negative, fractional, huge, NaN and -0. */
const value = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }),
  fc.integer({ min: 0x10000, max: 0xffffffff }),
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(-0, Number.NaN, 2 ** 32, 2 ** 53, Number.POSITIVE_INFINITY, 1.5),
);

describe("NumberColumn", () => {
  it("gives back every number set, exactly, whatever the widths mixed in a block", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        // Rows set in order (appended), then some set again: a column's rows are written once and then corrected.
        fc.array(value, { maxLength: 300 }),
        fc.array(fc.tuple(fc.nat(), value), { maxLength: 100 }),
        (wide, appended, again) => {
          const c = new NumberColumn(wide);
          const model: number[] = [];
          appended.forEach((v, i) => {
            c.set(i, v);
            model[i] = v;
          });
          for (const [at, v] of again) {
            if (model.length === 0) break;
            const i = at % model.length;
            c.set(i, v);
            model[i] = v;
          }
          model.forEach((v, i) => expect(Object.is(c.get(i), v), `row ${i}: ${c.get(i)} for ${v}`).toBe(true));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps rows across blocks of 65,536 and widens one block without touching the others", () => {
    const c = new NumberColumn();
    const n = 3 * 65_536 + 17;
    for (let i = 0; i < n; i++) c.set(i, i % 1000);
    // A 32-bit value in the second block, a fraction in the third: the rows around them keep their values.
    c.set(65_536 + 5, 0xfffffff0);
    c.set(2 * 65_536 + 9, 0.25);
    expect(c.get(65_536 + 5)).toBe(0xfffffff0);
    expect(c.get(2 * 65_536 + 9)).toBe(0.25);
    for (const i of [0, 999, 65_535, 65_536, 65_536 + 4, 65_536 + 6, 2 * 65_536 + 8, 2 * 65_536 + 10, n - 1])
      expect(c.get(i)).toBe(i % 1000);
  });

  it("can start a row far past the last one set (the rows between read 0)", () => {
    const c = new NumberColumn();
    c.set(0, 7);
    c.set(200_000, 9);
    expect([c.get(0), c.get(1_000), c.get(131_072), c.get(200_000)]).toEqual([7, 0, 0, 9]);
  });
});
