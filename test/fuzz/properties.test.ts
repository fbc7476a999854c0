import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ccmGrammar } from "../../grammars/ccm/index.js";
import { traceGrammar } from "../../grammars/trace/index.js";
import { viewerGrammar } from "../../grammars/viewer/index.js";
import { plainGrammar } from "../../grammars/plain/index.js";
import type { FrameGrammar } from "../../src/model/frame.js";
import { eol, largeDocument, logDocument, readSettings, richPiece } from "./arbitraries.js";
import { CASE_BOUND_MS, checkDocument, checkGrammarResult, describeCase, readDocument } from "./properties.js";
import { withinBound } from "../helpers/timing.js";

// The reading properties (defined in ./properties.ts, shared with the long run `npm run fuzz`), bounded for
// `npm test`: fixed seeds, a few thousand cases, well under 20 s on two cores. A case that hangs outright cannot be
// interrupted in-process; the fuzz runner runs its cases in worker threads under a watchdog for that.

const SEED = 20061114;

describe("reading any bytes (properties)", () => {
  it("never throws, ends in time, accounts for every line and byte, prints valid JSON, and re-reads its own output to the same records", async () => {
    await fc.assert(
      fc.asyncProperty(logDocument, readSettings, async (doc, s) => {
        const failure = await checkDocument(doc, s);
        if (failure) throw new Error(`${failure}\n  case: ${describeCase(doc, s)}`);
      }),
      { numRuns: 4000, seed: SEED },
    );
  });

  it("the same for documents of tens to hundreds of KB (the 4 KB sniffing window and 64 KB pieces crossed)", async () => {
    await fc.assert(
      fc.asyncProperty(largeDocument, readSettings, async (doc, s) => {
        const failure = await checkDocument(doc, s);
        if (failure) throw new Error(`${failure}\n  case: ${describeCase(doc, s).slice(0, 2000)}`);
      }),
      { numRuns: 80, seed: SEED + 4 },
    );
  });

  it("chunking, down to single bytes, does not change what is read", async () => {
    await fc.assert(
      fc.asyncProperty(logDocument, fc.integer({ min: 1, max: 97 }), async (doc, chunk) => {
        const whole = await readDocument(doc.bytes, { chunk: 1 << 20, maxLineBytes: 1 << 20 });
        expect(await readDocument(doc.bytes, { chunk, maxLineBytes: 1 << 20 })).toEqual(whole);
      }),
      { numRuns: 400, seed: SEED + 1 },
    );
  });

  it("a line limit cuts out the same lines in UTF-8 and UTF-16, and keeps everything else", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.constantFrom("short", ""),
            fc.integer({ min: 1000, max: 3000 }).map((n) => "y".repeat(n)),
          ),
          { maxLength: 12 },
        ),
        eol,
        fc.integer({ min: 1, max: 5000 }),
        async (lines, nl, chunk) => {
          const text = lines.join(nl) + nl;
          const kinds = async (bytes: Buffer, limit: number) =>
            (await readDocument(bytes, { chunk, maxLineBytes: limit })).map(
              (i) => `${i.firstLine}:${i.kind === "record" ? "record" : i.reason}`,
            );
          const utf8 = await kinds(Buffer.from(text, "utf8"), 2000);
          // UTF-16 takes two bytes a character: the same lines are over twice the limit.
          const utf16 = await kinds(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]), 4000);
          expect(utf16).toEqual(utf8);
        },
      ),
      { numRuns: 150, seed: SEED + 2 },
    );
  });
});

describe("frame grammars keep their contract on any text (properties)", () => {
  const grammars: FrameGrammar[] = [ccmGrammar, traceGrammar, viewerGrammar, plainGrammar];
  const text = fc
    .tuple(fc.array(fc.tuple(richPiece, eol), { maxLength: 20 }), fc.boolean())
    .map(([pieces, trailing]) => {
      const lines = pieces.flatMap(([p, nl]) => (typeof p === "string" ? [p] : p).map((l) => l + nl));
      const all = lines.join("");
      return trailing ? all : all.replace(/(?:\r\n|\r|\n)$/, "");
    });
  it.each(grammars.map((g) => [g.format, g] as const))(
    "%s: records and issues inside the consumed text, in order; consumed a line start; whole when final",
    (_f, g) => {
      fc.assert(
        fc.property(text, fc.boolean(), (t, final) => {
          const t0 = performance.now();
          const r = g.parse(t, final);
          withinBound(performance.now() - t0, CASE_BOUND_MS, `${g.format} case`);
          const failure = checkGrammarResult(t, final, r);
          if (failure) throw new Error(`${g.format}: ${failure}\n  text: ${JSON.stringify(t)} final ${final}`);
        }),
        { numRuns: 600, seed: SEED + 3 },
      );
    },
  );
});
