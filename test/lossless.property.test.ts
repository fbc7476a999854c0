import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkLossless, countLines, readBytes } from "./helpers/read.js";
import { eol, piece } from "./fuzz/arbitraries.js";

// Pieces of log text (test/fuzz/arbitraries.ts, shared with the fuzz properties): valid records of every format,
// damaged ones, junk. Joined with random line endings and read in random chunk sizes, every line must land in
// exactly one record or unparsed span.
describe("lossless invariant (property)", () => {
  it("every line is accounted for, whatever the mixture, line endings and chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 40 }),
        eol,
        fc.boolean(),
        fc.integer({ min: 1, max: 4096 }),
        async (pieces, nl, trailing, chunk) => {
          const text = pieces.join(nl) + (trailing && pieces.length ? nl : "");
          const bytes = Buffer.from(text, "latin1");
          const { items } = await readBytes(bytes, { chunk });
          const decoded = bytes.toString("latin1");
          expect(checkLossless(items, countLines(decoded))).toBeUndefined();
          for (const it of items) {
            expect(it.byteOffset).toBeGreaterThanOrEqual(0);
            expect(it.byteOffset).toBeLessThanOrEqual(bytes.length);
          }
        },
      ),
      { numRuns: 300, seed: 20061121 },
    );
  });

  it("chunk size does not change what is read", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 25 }),
        eol,
        fc.integer({ min: 1, max: 300 }),
        async (pieces, nl, chunk) => {
          const bytes = Buffer.from(pieces.join(nl) + nl, "latin1");
          const whole = (await readBytes(bytes)).items;
          expect((await readBytes(bytes, { chunk })).items).toEqual(whole);
        },
      ),
      { numRuns: 200, seed: 1121 },
    );
  });
});
