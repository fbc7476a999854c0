import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkLossless, countLines, readBytes } from "./helpers/read.js";

// Pieces of log text: valid records of every format, damaged ones, junk. Joined with random line endings and
// read in random chunk sizes, every line must land in exactly one record or unparsed span.
const word = fc.stringMatching(/^[A-Za-z0-9 .:\\_\-\]\[<>()'"~$&]{0,40}$/);
const ccm = fc.tuple(word, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 3 }), fc.boolean(), word).map(
  ([msg, h, type, multi, more]) =>
    `<![LOG[${msg}${multi ? `\n${more}\n};` : ""}]LOG]!><time="${h}:05:09.123+300" date="8-14-2006" component="ScanWrapper" context="" type="${type}" thread="12" file="x.cpp:1">`,
);
const trace = fc.tuple(word, fc.constantFrom("Fri May 05 10:00:14.466 2000", "Tue Nov 04 13:07:27 1997~", "08-14-2006 10:00:14.466+300", "Fri Dec 10 01:12:40.304 1999 Pacific Standard Time")).map(
  ([msg, t]) => `${msg}~  $$<Hardware Inventory Agent><${t}><thread=175 (0xAF)>`,
);
const viewer = word.map((msg) => `${msg}\tHardware Inventory Agent\t4/2/99 1:01:37 AM\t182 (0xB6)\t`);
const damaged = fc.constantFrom(
  "<![LOG[cut off before the closer",
  `<![LOG[x]LOG]!><time="10:00:00.000+300" date="08-14`,
  "message  $$<Hardware Inventory",
  "  Agent><Fri May 05 10:00:14.466",
  "$$<SMSBOOT1.EXE>",
  "<![LOG[<![LOG[nested]LOG]!><time=\"1:00:00.000+-420\" date=\"13-45-2006\" component=\"\" type=\"9\" thread=\"99999999999999999999\">",
  "",
  "   ",
);
const junk = fc.uint8Array({ minLength: 1, maxLength: 30 }).map((b) => Buffer.from(b).toString("latin1"));
const piece = fc.oneof({ arbitrary: ccm, weight: 4 }, { arbitrary: trace, weight: 3 }, viewer, { arbitrary: damaged, weight: 2 }, word, junk);
const eol = fc.constantFrom("\r\n", "\n", "\r");

describe("lossless invariant (property)", () => {
  it("every line is accounted for, whatever the mixture, line endings and chunking", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), eol, fc.boolean(), fc.integer({ min: 1, max: 4096 }), async (pieces, nl, trailing, chunk) => {
        const text = pieces.join(nl) + (trailing && pieces.length ? nl : "");
        const bytes = Buffer.from(text, "latin1");
        const { items } = await readBytes(bytes, { chunk });
        const decoded = bytes.toString("latin1");
        expect(checkLossless(items, countLines(decoded))).toBeUndefined();
        for (const it of items) {
          expect(it.byteOffset).toBeGreaterThanOrEqual(0);
          expect(it.byteOffset).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: 300, seed: 20061121 },
    );
  });

  it("chunk size does not change what is read", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 25 }), eol, fc.integer({ min: 1, max: 300 }), async (pieces, nl, chunk) => {
        const bytes = Buffer.from(pieces.join(nl) + nl, "latin1");
        const whole = (await readBytes(bytes)).items;
        expect((await readBytes(bytes, { chunk })).items).toEqual(whole);
      }),
      { numRuns: 200, seed: 1121 },
    );
  });
});
