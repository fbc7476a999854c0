import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Lexer } from "../chevrotain.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FrameRecord, FrameResult } from "../../src/model/frame.js";
import { traceGrammar } from "./index.js";
import { traceLexerConfig, traceTokens } from "./tokens.js";
import { withinBound } from "../../test/helpers/timing.js";

// Copies of the published excerpts, each with its source header.
const EXCERPTS = fileURLToPath(new URL("../../test/fixtures/real-excerpts", import.meta.url));
/** A whole `$$<component><time><thread=...>` on one line, as on disk. */
const COMPLETE_LINE = /\$\$<[^<>]*><[^<>]*><thread=[^<>]*>\s*$/;

/** Physical lines of a text with their offsets (terminator excluded from `end`). */
function physicalLines(text: string): Array<{ start: number; end: number; text: string }> {
  const lines: Array<{ start: number; end: number; text: string }> = [];
  const re = /[^\r\n]*(\r\n?|\n|$)/g;
  for (let m = re.exec(text); m !== null && m.index < text.length; m = re.exec(text)) {
    const end = m.index + m[0].length - m[1].length;
    lines.push({ start: m.index, end, text: text.slice(m.index, end) });
  }
  return lines;
}

function shift(records: FrameRecord[], by: number): FrameRecord[] {
  return records.map((r) => ({ ...r, start: r.start + by, end: r.end + by }));
}

/**
 * Every line lies in exactly one record or issue, except that a record may end inside a line and the next record
 * start right there (pasted text that wrapped before a suffix's time goes on with the next entry); spans are
 * sorted, disjoint and otherwise line-aligned.
 */
function expectCovered(text: string, result: FrameResult): void {
  const spans = [...result.records, ...result.issues].sort((a, b) => a.start - b.start);
  const lines = physicalLines(text);
  const starts = new Set(lines.map((l) => l.start));
  const ends = new Set(lines.map((l) => l.end));
  const shared = (i: number) =>
    i > 0 && i < spans.length && spans[i].start === spans[i - 1].end && !starts.has(spans[i].start);
  for (let i = 0; i < spans.length; i++) {
    expect(starts.has(spans[i].start) || shared(i)).toBe(true);
    expect(ends.has(spans[i].end) || shared(i + 1)).toBe(true);
    if (i > 0 && !shared(i)) expect(spans[i].start).toBeGreaterThan(spans[i - 1].end);
  }
  for (const line of lines) {
    const holding = spans.filter((s) => s.start <= line.start && line.start <= s.end);
    expect(
      holding.length === 1 ||
        (holding.length === 2 && holding[1].start === line.start && holding[0].end === line.start),
    ).toBe(true);
    const inside = spans.filter((s) => s.start < line.end && line.start < s.end);
    if (inside.length > 1) expect(inside.every((s, j) => j === 0 || s.start === inside[j - 1].end)).toBe(true);
    expect(spans.some((s) => s.start <= line.end && line.end <= s.end)).toBe(true);
  }
  expect(result.records.map((r) => r.start)).toEqual([...result.records.map((r) => r.start)].sort((a, b) => a - b));
}

const realSamples = traceGrammar.samples.filter((s) => s.name.startsWith("real "));
const excerptOf = (name: string) => name.slice("real ".length, name.indexOf(":"));

/** [component, local time as written, zone name, thread] of every complete line, in excerpt order. */
const APM = (clock: string, thread: number): [string, string, undefined, number] => [
  "APM",
  `2000-05-16 ${clock}`,
  undefined,
  thread,
];
const CLISVCL = String.raw`C:\WINNT\MS\SMS\CORE\BIN\CLISVCL.EXE`;
const SINV = "SMS_SOFTWARE_INVENTORY_PROCESSOR";
const PINNED: Record<string, Array<[string, string, string | undefined, number]>> = {
  "clisvc-Q246331a": [
    [CLISVCL, "1999-11-15 16:54:10.112", undefined, 52],
    [CLISVCL, "1999-11-15 16:54:10.190", undefined, 52],
    [CLISVCL, "1999-11-15 16:54:10.190", undefined, 52],
    [CLISVCL, "1999-11-15 16:54:10.253", undefined, 52],
    [CLISVCL, "1999-11-15 16:54:10.253", undefined, 52],
    [CLISVCL, "1999-11-15 16:54:10.253", undefined, 52],
  ],
  "sinvproc-Q248969": [
    [SINV, "1999-12-10 01:12:40.304", "Pacific Standard Time", 322],
    [SINV, "1999-12-10 01:12:40.304", "Pacific Standard Time", 322],
    [SINV, "1999-12-10 01:12:40.320", "Pacific Standard Time", 322],
    [SINV, "1999-12-10 01:12:40.320", "Pacific Standard Time", 322],
  ],
  "smsapm32-Q268500": [
    APM("13:17:10.804", 1512),
    APM("13:17:10.834", 532),
    APM("13:17:10.834", 532),
    APM("13:17:10.834", 532),
    APM("13:17:10.834", 532),
    APM("13:17:10.844", 1512),
    APM("13:17:10.844", 1512),
    APM("13:17:10.844", 1512),
    APM("13:17:10.844", 1512),
    APM("13:17:10.854", 1512),
    APM("13:17:10.854", 1512),
    APM("13:17:10.854", 1512),
    APM("13:17:10.854", 1512),
    APM("13:17:10.854", 1512),
    APM("13:17:10.854", 1512),
    APM("13:17:10.854", 1512),
    APM("13:17:10.854", 1512),
    APM("13:17:10.864", 1512),
    APM("13:17:10.864", 1512),
    APM("13:17:10.884", 1512),
    APM("13:17:10.894", 1512),
    APM("13:17:10.894", 1512),
    APM("13:17:10.894", 1512),
  ],
  "datalodr-Q175763": [["SMS_INVENTORY_DATA_LOADER", "1997-11-04 13:07:27", undefined, 160]],
};

function written(r: FrameRecord): string {
  const t = r.time;
  if (t === null) return "no time";
  const pad = (n: number) => String(n).padStart(2, "0");
  const clock = `${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${t.fraction ? `.${t.fraction}` : ""}`;
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${clock}`;
}

describe("trace grammar", () => {
  it("builds its lexer with first-char optimizations ensured", () => {
    expect(traceLexerConfig.ensureOptimizations).toBe(true);
    expect(traceLexerConfig.positionTracking).toBe("onlyOffset");
    // With ensureOptimizations, chevrotain throws if any token defeats the optimization.
    expect(() => new Lexer(traceTokens, traceLexerConfig)).not.toThrow();
  });

  it("reads every complete $$< line of the real excerpts as a timed record", () => {
    for (const [excerpt, pinned] of Object.entries(PINNED)) {
      const lines = realSamples
        .filter((s) => excerptOf(s.name) === excerpt)
        .flatMap((s) => physicalLines(s.text).map((l) => l.text))
        .filter((l) => COMPLETE_LINE.test(l));
      const got = lines.map((line) => {
        const { records, issues } = traceGrammar.parse(line, true);
        expect(issues).toEqual([]);
        expect(records).toHaveLength(1);
        const [r] = records;
        expect(r.format).toBe("trace");
        return [r.component, written(r), r.time?.zoneName, r.thread];
      });
      expect(got, excerpt).toEqual(pinned);
    }
  });

  it.skipIf(!existsSync(EXCERPTS))("has every complete line of the excerpt files among its real samples", () => {
    const sampled = new Set(realSamples.flatMap((s) => physicalLines(s.text).map((l) => l.text)));
    for (const file of readdirSync(EXCERPTS).filter((f) => f.endsWith(".txt"))) {
      const lines = readFileSync(`${EXCERPTS}/${file}`, "utf8")
        .split(/\r?\n/)
        .filter((l) => !l.startsWith("# "));
      for (const line of lines.filter((l) => COMPLETE_LINE.test(l)))
        expect(sampled.has(line), `${file}: ${line}`).toBe(true);
    }
    for (const sample of realSamples) {
      const file = readFileSync(`${EXCERPTS}/${excerptOf(sample.name)}.txt`, "utf8");
      for (const line of physicalLines(sample.text)) expect(file.includes(line.text), line.text).toBe(true);
    }
  });

  const texts = [
    ...traceGrammar.samples.map((s) => s.text),
    traceGrammar.samples.map((s) => s.text).join("\n"),
    traceGrammar.samples.map((s) => s.text).join("\r\n"),
  ];

  it("covers every line exactly once, in order", () => {
    for (const text of texts) expectCovered(text, traceGrammar.parse(text, true));
  });

  /** Cuts the text at every line start, parses the head as a non-final piece and re-feeds the rest. */
  function expectCutsAgree(text: string): void {
    const whole = traceGrammar.parse(text, true);
    for (const line of physicalLines(text)) {
      const first = traceGrammar.parse(text.slice(0, line.start), false);
      expect(first.consumed).toBeLessThanOrEqual(line.start);
      expect(first.consumed === 0 || /[\r\n]/.test(text[first.consumed - 1])).toBe(true);
      const rest = traceGrammar.parse(text.slice(first.consumed), true);
      expect([...first.records, ...shift(rest.records, first.consumed)]).toEqual(whole.records);
    }
  }

  it("gives the same records when the text is cut at any line and the rest re-fed from `consumed`", () => {
    for (const text of texts) expectCutsAgree(text);
  });

  it("gives the same records when fed one line at a time", () => {
    for (const text of texts) {
      const whole = traceGrammar.parse(text, true);
      const records: FrameRecord[] = [];
      const lines = physicalLines(text);
      let from = 0;
      lines.forEach((line, i) => {
        const last = i === lines.length - 1;
        const upTo = last ? text.length : lines[i + 1].start;
        const result = traceGrammar.parse(text.slice(from, upTo), last);
        records.push(...shift(result.records, from));
        from += result.consumed;
      });
      expect(from).toBe(text.length);
      expect(records).toEqual(whole.records);
    }
  });

  it("hands back an open suffix at the end of a non-final piece, with the message lines it could take", () => {
    const text =
      "done  $$<APM><Tue May 16 13:17:10.804 2000><thread=1 (0x1)>\nfirst half\nsecond half $$<Hardware Inventory\n";
    const result = traceGrammar.parse(text, false);
    expect(result.records).toHaveLength(1);
    expect(result.consumed).toBe(text.indexOf("first half"));
    // Cut short on its own line is no wrap damage: the line above stays apart.
    expect(traceGrammar.parse(text, true).records.map((r) => [r.format, r.flags])).toEqual([
      ["trace", []],
      ["plain", []],
      ["trace", ["suffix-truncated"]],
    ]);
    const continued = `${text}  Agent><Fri May 05 10:00:14.466 2000><thread=175 (0xAF)>`;
    expect(traceGrammar.parse(continued, true).records.map((r) => [r.message, r.flags])).toEqual([
      ["done", []],
      ["first half second half", ["suffix-rejoined", "message-rejoined"]],
    ]);
  });

  it("re-joins a suffix over three lines at most", () => {
    const four = "msg $$<Hardware\nInventory\nAgent><Fri May 05 10:00:14.466\n2000><thread=175 (0xAF)>";
    const result = traceGrammar.parse(four, true);
    expectCovered(four, result);
    expect(result.records.map((r) => [r.format, r.flags])).toEqual([
      ["trace", ["suffix-truncated"]],
      ["plain", []],
      ["plain", []],
      ["plain", []],
    ]);
    const three = "msg $$<Hardware\nInventory Agent><Fri May 05 10:00:14.466\n2000><thread=175 (0xAF)>";
    expect(traceGrammar.parse(three, true).records.map((r) => [r.component, r.thread])).toEqual([
      ["Hardware Inventory Agent", 175],
    ]);
  });

  it("never continues a suffix with a line that holds its own $$<", () => {
    const text = "a $$<APM><Tue\nb  $$<APM><Tue May 16 13:17:10.804 2000><thread=1 (0x1)>";
    expect(traceGrammar.parse(text, true).records.map((r) => [r.message, r.flags])).toEqual([
      ["a", ["suffix-truncated"]],
      ["b", []],
    ]);
  });

  it("takes at most two message lines above a wrapped entry, and none above an intact one", () => {
    const suffix = "$$<APM><Tue May 16 13:17:10.804 2000><thread=1 (0x1)>";
    const wrapped = `one\ntwo\nthree\n  ${suffix}`;
    expect(traceGrammar.parse(wrapped, true).records.map((r) => [r.format, r.message])).toEqual([
      ["plain", "one"],
      ["trace", "two three"],
    ]);
    const intact = `one\ntwo\nthree  ${suffix}`;
    expect(traceGrammar.parse(intact, true).records.map((r) => r.format)).toEqual(["plain", "plain", "trace"]);
  });

  it("completes on pathological input without throwing", () => {
    const inputs = [
      "$".repeat(100_000),
      "<".repeat(100_000),
      "x".repeat(1_000_000),
      "$$<".repeat(100_000),
      "><".repeat(100_000),
      `a $$<${"b".repeat(1_000_000)}\n${"c".repeat(1_000_000)}\nd`,
      `m $$<A><Mon Jan 01 00:00:00 2000 ${"Z".repeat(1_000_000)}`,
      `m $$<A><Mon Jan 01 00:00:00 2000><thread=${"9".repeat(100_000)}>`,
      "\r".repeat(100_000),
    ];
    for (const text of inputs) {
      const started = performance.now();
      const result = traceGrammar.parse(text, true);
      withinBound(performance.now() - started, 5_000, `${text.length} characters`);
      expect(result.consumed).toBe(text.length);
      expect(result.issues.filter((i) => i.reason === "unrecognized")).toEqual([]);
    }
  });

  it("covers any text made of the format's delimiters, cut anywhere", () => {
    const piece = fc.constantFrom(
      "$$<",
      "$$&<",
      "$",
      "<",
      ">",
      "><",
      "&",
      "&>",
      "~",
      " ",
      "  ",
      "\n",
      "\r\n",
      "\r",
      "x",
      "APM",
      "Tue May 16 13:17:10.804 2000",
      "05-16-2000 13:17:10.804+420",
      "thread=1 (0x1)",
      "thread=A0",
      "Pacific Standard Time",
      "<BR/>",
      "<$$",
      "\n  <Tue May 16 13:17:10.804 2000>",
      "\n<thread=1 (0x1)>",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        const result = traceGrammar.parse(text, true);
        expect(result.issues.filter((i) => i.reason !== "blank")).toEqual([]);
        expectCovered(text, result);
        expectCutsAgree(text);
      }),
      { numRuns: 500 },
    );
  });
});
