import { Lexer } from "../chevrotain.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FrameResult } from "../../src/model/frame.js";
import { ccmGrammar } from "./index.js";
import { CcmParser } from "./parser.js";
import { ccmTokens, LEXER_CONFIG } from "./tokens.js";

const ATTRS =
  'time="14:23:45.123+300" date="08-14-2006" component="ScanWrapper" context="" type="1" thread="2236" file="scanwrapper.cpp:412"';
const record = (message: string): string => `<![LOG[${message}]LOG]!><${ATTRS}>`;

/** Every shape the grammar knows, one after another, with all three line terminators. */
const mixed = [
  record("First"),
  "\r\n",
  record("Multi\r\nline\r\n\r\ninstance of X\r\n{\r\n};\r\n"),
  "\r\n",
  "CLASS - Process Class: Win32_Processor  $$<Hardware Inventory Agent><Fri May 05 10:00:14.466 2000><thread=175 (0xAF)>\r\n",
  "\r\n",
  "<![LOG[Cut off\r\nstill cut\r\n",
  `-   *${record("Around")}*  \n`,
  record("Two on a line"),
  record("Revision: 4]"),
  "\r",
  '<![LOG[Attrs cut]LOG]!><time="14:23:45.123+300" date=\r\n',
  '<![LOG[Junk]LOG]!><time="14:23:45.123+300" ?? type="1">\r\n',
  record("Multi\r\nends here"),
  "<![LOG[cut on the same line\n",
  "plain text\n",
  `<![LOG[<![LOG[${record("Nested").slice(7)}\r\n`,
  record("Last"),
  "\r\n",
].join("");

function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
  if (starts[starts.length - 1] === text.length) starts.pop();
  return starts;
}

/** Concatenates piece results as the input layer would, with offsets in the whole text. */
function parseInPieces(text: string, cuts: number[]): FrameResult {
  const all: FrameResult = { records: [], issues: [], consumed: 0, foreign: [] };
  let base = 0;
  let carry = "";
  let from = 0;
  for (const [index, to] of [...cuts, text.length].entries()) {
    const piece = carry + text.slice(from, to);
    const result = ccmGrammar.parse(piece, index === cuts.length);
    all.records.push(...result.records.map((r) => ({ ...r, start: r.start + base, end: r.end + base })));
    all.issues.push(...result.issues.map((i) => ({ ...i, start: i.start + base, end: i.end + base })));
    for (const [start, end] of result.foreign ?? []) addRange(all.foreign!, start + base, end + base);
    carry = piece.slice(result.consumed);
    base += result.consumed;
    from = to;
  }
  all.consumed = base;
  return all;
}

function addRange(ranges: Array<[number, number]>, start: number, end: number): void {
  const last = ranges[ranges.length - 1];
  if (last !== undefined && last[1] === start) last[1] = end;
  else ranges.push([start, end]);
}

function checkInvariants(text: string, result: FrameResult): void {
  const inText = (n: number) => n >= 0 && n <= text.length;
  expect(result.consumed).toBe(text.length);
  const claims = [...result.records, ...result.issues].sort((a, b) => a.start - b.start);
  for (const [i, claim] of claims.entries()) {
    expect(inText(claim.start) && inText(claim.end) && claim.start < claim.end).toBe(true);
    if (i > 0) expect(claims[i - 1].end).toBeLessThanOrEqual(claim.start);
  }
  for (const [i, r] of result.records.entries()) if (i > 0) expect(result.records[i - 1].start).toBeLessThan(r.start);
  const starts = lineStarts(text);
  const foreign = result.foreign ?? [];
  for (const [start, end] of foreign) {
    expect(inText(start) && inText(end) && start < end).toBe(true);
    expect(starts).toContain(start);
    expect(end === text.length || starts.includes(end)).toBe(true);
    expect(claims.some((c) => c.start < end && start < c.end)).toBe(false);
  }
  // Claims and foreign ranges are sorted: walk them with the lines instead of searching per line.
  const spans = [...claims.map((c): [number, number] => [c.start, c.end]), ...foreign].sort((a, b) => a[0] - b[0]);
  const uncovered: string[] = [];
  let k = 0;
  for (const [i, start] of starts.entries()) {
    const next = starts[i + 1] ?? text.length;
    while (k < spans.length && spans[k][1] <= start) k++;
    const covered = k < spans.length && spans[k][0] < next;
    if (!covered) uncovered.push(text.slice(start, next));
  }
  expect(uncovered).toEqual([]);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ccm lexer", () => {
  it("builds with ensureOptimizations and prints no optimization warning", () => {
    const warn = vi.spyOn(console, "warn");
    const error = vi.spyOn(console, "error");
    expect(LEXER_CONFIG.ensureOptimizations).toBe(true);
    expect(() => new Lexer(ccmTokens().all, LEXER_CONFIG)).not.toThrow();
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});

describe("ccm parse of a mixed text", () => {
  const whole = ccmGrammar.parse(mixed, true);

  it("finds the records, issues and foreign lines", () => {
    expect(whole.records.map((r) => r.message)).toEqual([
      "First",
      "Multi\r\nline\r\n\r\ninstance of X\r\n{\r\n};\r\n",
      "Around",
      "Two on a line",
      "Revision: 4]",
      "Multi\r\nends here",
      "Nested",
      "Last",
    ]);
    expect(whole.issues.map((i) => [i.reason, mixed.slice(i.start, i.end)])).toEqual([
      ["truncated", "<![LOG[Cut off\r\nstill cut"],
      ["truncated", '<![LOG[Attrs cut]LOG]!><time="14:23:45.123+300" date='],
      ["malformed", '<![LOG[Junk]LOG]!><time="14:23:45.123+300" ?? type="1">'],
      ["truncated", "<![LOG[cut on the same line\nplain text"],
    ]);
    expect(whole.foreign!.map(([s, e]) => mixed.slice(s, e))).toEqual([
      "CLASS - Process Class: Win32_Processor  $$<Hardware Inventory Agent><Fri May 05 10:00:14.466 2000><thread=175 (0xAF)>\r\n\r\n",
    ]);
    expect(whole.records.find((r) => r.message === "Around")?.flags).toEqual(["surrounding-text"]);
    expect(whole.records.find((r) => r.message === "Nested")?.flags).toEqual(["surrounding-text"]);
    expect(whole.records.find((r) => r.message === "Two on a line")?.flags).toEqual([]);
  });

  it("keeps the invariants", () => {
    checkInvariants(mixed, whole);
  });

  it("gives the same result when cut into two pieces at any line start", () => {
    for (const cut of lineStarts(mixed)) {
      expect(parseInPieces(mixed, [cut]), `cut at ${cut}`).toEqual(whole);
    }
  });

  it("gives the same result when cut into many pieces", () => {
    const starts = lineStarts(mixed);
    for (let seed = 1; seed <= 50; seed++) {
      const cuts = starts.filter((_, i) => (i * 7 + seed) % (2 + (seed % 5)) === 0);
      expect(parseInPieces(mixed, cuts), `cuts ${cuts.join(",")}`).toEqual(whole);
    }
  });

  it("keeps the invariants for every sample", () => {
    for (const sample of ccmGrammar.samples) checkInvariants(sample.text, ccmGrammar.parse(sample.text, true));
  });
});

describe("ccm non-final pieces", () => {
  it("hands back a message that has not closed yet", () => {
    const text = `${record("Done")}\r\n<![LOG[Still being written\r\nmore\r\n`;
    const result = ccmGrammar.parse(text, false);
    expect(result.consumed).toBe(record("Done").length + 2);
    expect(result.records.map((r) => r.message)).toEqual(["Done"]);
    expect(result.issues).toEqual([]);
  });

  it("hands back an attribute list cut at the very end", () => {
    const line = '<![LOG[Half]LOG]!><time="14:23:45.123+300" da';
    const text = `${record("Done")}\n${line}`;
    expect(ccmGrammar.parse(text, false)).toMatchObject({ consumed: record("Done").length + 1, issues: [] });
    expect(ccmGrammar.parse(text, true).issues).toMatchObject([
      { start: record("Done").length + 1, end: text.length, reason: "truncated" },
    ]);
  });

  it("hands back the whole line when a record ends on the line where an unfinished one starts", () => {
    const text = `foreign\r\n<![LOG[Two\r\nlines]LOG]!><${ATTRS}><![LOG[unfinished`;
    const result = ccmGrammar.parse(text, false);
    expect(result).toMatchObject({ consumed: "foreign\r\n".length, records: [], issues: [] });
    expect(result.foreign!.map(([s, e]) => text.slice(s, e))).toEqual(["foreign\r\n"]);
  });

  it("consumes everything when the piece ends on a finished line", () => {
    const text = `${record("One")}\r\nplain\r\n`;
    expect(ccmGrammar.parse(text, false).consumed).toBe(text.length);
  });

  it("reports an unfinished message as truncated when final", () => {
    const text = "<![LOG[Never closed\r\n";
    expect(ccmGrammar.parse(text, true)).toMatchObject({
      consumed: text.length,
      issues: [{ start: 0, end: text.length - 2, reason: "truncated" }],
    });
  });
});

describe("ccm pathological input", () => {
  const inputs: Array<[string, string]> = [
    ["100k ']'", "]".repeat(100_000)],
    ["100k openers", "<![LOG[".repeat(100_000)],
    ["100k closers without attributes", "<![LOG[" + "]LOG]!><".repeat(100_000)],
    ["100k '<'", "<".repeat(100_000) + "\n"],
    ["1 MB message", record("x]<".repeat(350_000)) + "\r\n"],
    ["1 MB message never closed", "<![LOG[" + "x]<\r\n".repeat(200_000)],
    ["100k empty lines", "\r\n".repeat(100_000)],
  ];
  for (const [name, text] of inputs) {
    it(`${name}: parses without throwing, final or not`, () => {
      const final = ccmGrammar.parse(text, true);
      checkInvariants(text, final);
      const partial = ccmGrammar.parse(text, false);
      expect(partial.consumed).toBeGreaterThanOrEqual(0);
      expect(partial.consumed).toBeLessThanOrEqual(text.length);
    });
  }

  it("turns an internal failure into a malformed issue", () => {
    vi.spyOn(CcmParser.prototype, "parseTokens").mockImplementation(() => {
      throw new Error("boom");
    });
    // Text beside the record: the grammar reads it (the shortcut for plain record lines would not call the parser).
    const text = `${record("Any")} beside\r\n`;
    expect(ccmGrammar.parse(text, false)).toMatchObject({
      records: [],
      issues: [{ start: 0, end: text.length, reason: "malformed" }],
      consumed: text.length,
    });
  });
});
