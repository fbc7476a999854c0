import { Lexer } from "../chevrotain.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { looksLikeViewerLine, viewerGrammar } from "./index.js";
import { viewerLexerConfig, viewerTokens } from "./tokens.js";
import { withinBound } from "../../test/helpers/timing.js";

const REAL = viewerGrammar.samples[0].text.split("\n");
const MERGED =
  "  CLASS - Process Class: Win32_NetworkClient    Hardware Inventory Agent    4/2/99 12:01:36 AM    182 (0xB6)    ";

describe("viewer grammar", () => {
  it("builds its lexer with first-char optimizations ensured", () => {
    expect(viewerLexerConfig.ensureOptimizations).toBe(true);
    expect(viewerLexerConfig.positionTracking).toBe("onlyOffset");
    expect(() => new Lexer(viewerTokens, viewerLexerConfig)).not.toThrow();
  });

  it("tells viewer copies from other lines", () => {
    for (const line of [...REAL, `${REAL[0]}\r\n`, `${REAL[1]}\n`, MERGED, "x\t1/5/2005 11:05:09 pm\t1512 (0x5e8)"]) {
      expect(looksLikeViewerLine(line), line).toBe(true);
    }
    for (const line of [
      "  ...",
      "",
      "CLASS - Process Class: Win32_Processor  $$<Hardware Inventory Agent><Fri May 05 10:00:14.466 2000><thread=175 (0xAF)>",
      '<![LOG[Scan complete]LOG]!><time="14:23:45.123+300" date="08-14-2006" component="ScanWrapper" context="" type="1" thread="2236" file="scanwrapper.cpp:412">',
      "Started at 4/2/99 12:01:36 AM by thread 182 (0xB6) and then stopped",
      "Error (0x80070005)",
      "x4/2/99 12:01:36 AM 182 (0xB6)",
    ]) {
      expect(looksLikeViewerLine(line), line).toBe(false);
    }
  });

  it("reads a viewer record from every line it calls a viewer copy, and a plain one from the others", () => {
    const lines = [...REAL, MERGED, "  ...", "Error (0x80070005)", "x4/2/99 12:01:36 AM 182 (0xB6)"];
    for (const line of lines) {
      const { records } = viewerGrammar.parse(line, true);
      expect(records.map((r) => r.format)).toEqual([looksLikeViewerLine(line) ? "viewer" : "plain"]);
    }
  });

  it("reads 2-digit years 00-69 as 20xx and 70-99 as 19xx, and the 12-hour clock as 24 hours", () => {
    const line = (date: string, clock: string) => `m\tc\t${date} ${clock}\t1 (0x1)\t`;
    const read = (date: string, clock: string) => {
      const t = viewerGrammar.parse(line(date, clock), true).records[0].time;
      return [t?.year, t?.hour];
    };
    expect(read("1/1/69", "12:00:00 AM")).toEqual([2069, 0]);
    expect(read("1/1/70", "12:00:00 PM")).toEqual([1970, 12]);
    expect(read("1/1/00", "1:00:00 PM")).toEqual([2000, 13]);
    expect(read("1/1/1999", "11:59:59 pm")).toEqual([1999, 23]);
  });

  it("flags a thread beyond a safe integer", () => {
    const [r] = viewerGrammar.parse(
      "m\tc\t4/2/99 1:01:37 AM\t99999999999999999999 (0x56BC75E2D630FFFFF)\t",
      true,
    ).records;
    expect([r.thread, r.flags]).toEqual([null, ["thread-invalid"]]);
  });

  it("covers every line of any text once, in order, and never throws", () => {
    const piece = fc.constantFrom(
      "\t",
      " ",
      "  ",
      "\n",
      "\r\n",
      "\r",
      "x",
      "4/2/99",
      "12:01:35",
      "AM",
      "182",
      "(0xB6)",
      "1",
      "/",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        const result = viewerGrammar.parse(text, true);
        expect(result.consumed).toBe(text.length);
        const spans = [...result.records, ...result.issues].sort((a, b) => a.start - b.start);
        for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBeGreaterThan(spans[i - 1].end);
        const lineCount = text === "" ? 0 : text.split(/\r\n?|\n/).length - (/(\r\n?|\n)$/.test(text) ? 1 : 0);
        expect(spans).toHaveLength(lineCount);
      }),
      { numRuns: 500 },
    );
  });

  it("completes on pathological input without throwing", () => {
    for (const text of [
      "1/".repeat(100_000),
      `4/2/99${" ".repeat(1_000_000)}x`,
      "1".repeat(1_000_000),
      "\t".repeat(100_000),
    ]) {
      const started = performance.now();
      expect(viewerGrammar.parse(text, true).consumed).toBe(text.length);
      withinBound(performance.now() - started, 5_000, `${text.length} characters`);
      expect(looksLikeViewerLine(text)).toBe(false);
    }
  });
});
