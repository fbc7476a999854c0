import fc from "fast-check";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ccm, ccmDamaged, ccmRecord, eol, richPiece } from "../../test/fuzz/arbitraries.js";
import { rng, variedMessage } from "../../test/bench/corpus.js";
import { fastParse } from "./fast.js";
import { ccmGrammar, parseWithGrammarOnly } from "./index.js";
import { samples } from "./samples.js";

/**
 * The shortcut through the CCM grammar (`fast.ts`) must give what the grammar gives, on every text, final or not:
 * the grammar is the definition. Each check also says whether the shortcut answered, so that the tests show it
 * does take the common text (and would notice if it never did).
 */
function same(text: string, final: boolean): boolean {
  expect(ccmGrammar.parse(text, final), JSON.stringify(text.slice(0, 300))).toEqual(parseWithGrammarOnly(text, final));
  return fastParse(text, final) !== undefined;
}

/**
 * The text cut at line boundaries into a non-final head (as the input layer hands pieces) and a final rest: at
 * every boundary of a short text, at 60 spread over a long one.
 */
function sameWhenCut(text: string): void {
  same(text, true);
  same(text, false);
  const cuts = [...text.matchAll(/\r\n|\r|\n/g)].map((m) => m.index + m[0].length);
  const step = Math.max(1, Math.floor(cuts.length / 60));
  for (let i = 0; i < cuts.length; i += step) {
    same(text.slice(0, cuts[i]), false);
    same(text.slice(cuts[i]), true);
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (statSync(p).size < 2_000_000) out.push(p);
  }
  return out;
}

describe("CCM shortcut agrees with the grammar", () => {
  it("on the grammar's samples", () => {
    let taken = 0;
    for (const s of samples) {
      sameWhenCut(s.text);
      if (same(s.text, true)) taken++;
    }
    expect(taken).toBeGreaterThan(0);
  });

  it("on every sample and fixture file", () => {
    let taken = 0;
    let ccmFiles = 0;
    for (const f of [...files(path.join(ROOT, "samples")), ...files(path.join(ROOT, "test/fixtures"))]) {
      const text = readFileSync(f, "utf8");
      if (!text.includes("<![LOG[")) continue;
      ccmFiles++;
      sameWhenCut(text);
      if (same(text, true)) taken++;
    }
    expect(ccmFiles).toBeGreaterThan(0);
    // The sample logs are well-formed CCM: the shortcut takes them whole.
    expect(taken).toBeGreaterThan(0);
  });

  it("on the bench's varied log (messages with brackets, non-ASCII text, several lines)", () => {
    const r = rng(5);
    const lines: string[] = [];
    for (let i = 0; i < 400; i++) {
      const msg = i % 17 === 0 ? `${variedMessage(r)}\r\n  continued ]LOG]!> <b> ${i}` : variedMessage(r);
      lines.push(
        `<![LOG[${msg}]LOG]!><time="10:00:${String(i % 60).padStart(2, "0")}.123+300" date="08-14-2006" component="ScanWrapper" context="" type="${i % 4}" thread="${i}" file="x.cpp:${i}">`,
      );
    }
    const text = `${lines.join("\r\n")}\r\n`;
    expect(same(text, true)).toBe(true);
    sameWhenCut(lines.slice(0, 60).join("\n"));
  });

  it("on generated records, damaged records, other formats and mixtures, cut anywhere", () => {
    let taken = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { arbitrary: ccmRecord, weight: 6 },
            { arbitrary: ccm, weight: 2 },
            { arbitrary: ccmDamaged, weight: 2 },
            { arbitrary: richPiece.map((p) => [p].flat().join("\n")), weight: 1 },
          ),
          { maxLength: 12 },
        ),
        eol,
        fc.boolean(),
        fc.nat(),
        (pieces, nl, trailing, cut) => {
          const text = pieces.join(nl) + (trailing ? nl : "");
          if (same(text, true)) taken++;
          same(text, false);
          same(text.slice(0, cut % (text.length + 1)), false);
          same(text.slice(0, cut % (text.length + 1)), true);
        },
      ),
      { numRuns: 1500 },
    );
    expect(taken).toBeGreaterThan(100);
  });
});
