import { describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { CATALOGS } from "../../grammars/messages/index.js";
import {
  compilePattern,
  matchPattern,
  MAX_PLACEHOLDERS,
  MAX_TEMPLATE_CHARS,
  PatternError,
  referenceRegex,
} from "../../src/events/patterns.js";
import type { MessagePattern } from "../../src/model/catalog.js";
import { checkPatternSafety } from "../../src/events/safety.js";
import { matchTemplate, runTemplate } from "../../src/events/template.js";
import { MAX_PATTERN_FILE_BYTES, MAX_USER_PATTERNS } from "../../src/events/classify.js";
import { tempDirs } from "../helpers/temp.js";
import { runCli, SAMPLES, type Run } from "../helpers/cli.js";

// Message patterns under hostile templates, pattern files and lines: the matcher agrees with the regular expression
// a template stands for, its work (counted, not timed) is linear in the line, the safety check reads the template's
// structure only, and the CLI bounds pattern files with exit 2.

const temp = tempDirs("patchflow-patterns-");

function cli(args: string[]): Run {
  // The time limit only turns a hang into a failure; nothing is asserted about speed.
  const run = runCli(args, { timeout: 120_000 });
  expect(run.signal, `killed: patchflow ${args.join(" ").slice(0, 200)}`).toBeNull();
  expect(run.err).not.toMatch(/internal error/);
  return run;
}

const pattern = (match: string, id = "site.p"): MessagePattern => ({
  id,
  kind: "scan.failed",
  match,
  samples: [],
  evidence: "inferred",
});

function patternFile(list: Array<Partial<MessagePattern> & { match: string }>, dir = temp()): string {
  const f = path.join(dir, "patterns.json");
  writeFileSync(
    f,
    JSON.stringify({
      patterns: list.map((p, i) => ({ log: "ScanWrapper", id: `site.p${i}`, kind: "scan.failed", ...p })),
    }),
  );
  return f;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  "KB921883",
  "Q828750",
  "kb9211",
  "MS06-040",
  "ms05-051",
  "0x80070005",
  "0X5",
  "0x",
  "1603",
  "-1",
  "0",
  "12345678901",
  "ABC00012",
  "abc0001g",
  '"C:\\Program Files\\x.exe"',
  "'x y'",
  '"',
  "'",
  "C:\\x.exe",
  "http://h/x?a=1",
  "HTTPS://h",
  "07-16-2006",
  "2006/07/16 03:00:02",
  "2006.7.16T3:00",
  "{6E8B2C9A-1234-4ABC-9DEF-0123456789AB}",
  "6E8B2C9A-1234-4ABC-9DEF-0123456789AB}",
  "1 hour, 2 mins, 3 secs",
  "12 hours, 0 min, 1 sec",
  "(",
  ")",
  ":",
  ",",
  ";",
  "=",
  "-",
  "/",
  "\\",
  "user@x",
  "DOMAIN\\user",
  "é",
  "ſ",
  "K",
];
const BLANKS = [" ", " ", " ", "  ", "\t", "\u00a0", "\r\n", "\n"];

/** A message made of the template's own words (in any case), fragment-like tokens, blanks and punctuation. */
function message(p: MessagePattern, next: () => number): string {
  const words = p.match
    .replace(/\{[^}]*\}/g, " ")
    .split(/\s+/)
    .filter(Boolean);
  const pick = <T>(a: T[]): T => a[Math.floor(next() * a.length)];
  const parts: string[] = [];
  const n = 1 + Math.floor(next() * 14);
  for (let i = 0; i < n; i++) {
    const r = next();
    if (r < 0.4 && words.length) {
      const w = pick(words);
      parts.push(next() < 0.3 ? w.toUpperCase() : next() < 0.5 ? w.toLowerCase() : w);
    } else if (r < 0.8) parts.push(pick(TOKENS));
    else parts.push(pick(["x", "abc", "the file", "failed", "exit code", "catalog date", "/package", "/target"]));
    if (next() < 0.75) parts.push(pick(BLANKS));
  }
  return parts.join("");
}

function viaRegex(p: MessagePattern, text: string): string[] | null {
  const { regex, groups } = referenceRegex(p);
  const m = regex.exec(text);
  return m ? groups.map((_, i) => m.groups![`g${i}`]) : null;
}

/** What the matcher gives; the plain search on a budget and the linear matcher must agree. */
function viaMatcher(p: MessagePattern, text: string): string[] | null {
  const c = compilePattern(p);
  const show = (r: { match?: { spans: Array<[number, number]> } }) =>
    r.match ? r.match.spans.map(([a, b]) => text.slice(a, b)) : null;
  const both = show(runTemplate(c.elements, c.groups.length, text, text.toLowerCase()));
  const linear = show(matchTemplate(c.elements, c.groups.length, text, text.toLowerCase()));
  expect(linear, `linear matcher on ${JSON.stringify(text)}`).toEqual(both);
  return both;
}

describe("the template matcher agrees with the regular expression a template stands for", () => {
  const all = CATALOGS.flatMap((c) => c.patterns);

  it("on every catalog pattern's samples, and on 200 generated messages per pattern", () => {
    const next = rng(13);
    const differ: string[] = [];
    let matched = 0;
    for (const p of all) {
      const texts = [...p.samples.map((s) => s.message), ...Array.from({ length: 200 }, () => message(p, next))];
      for (const text of texts) {
        const want = viaRegex(p, text);
        const got = viaMatcher(p, text);
        if (want) matched++;
        if (JSON.stringify(got) !== JSON.stringify(want))
          differ.push(
            `${p.id} on ${JSON.stringify(text)}: regex ${JSON.stringify(want)}, matcher ${JSON.stringify(got)}`,
          );
      }
    }
    expect(differ.slice(0, 10)).toEqual([]);
    // The generated messages reach matches too, not only misses.
    expect(matched).toBeGreaterThan(all.length * 5);
  });

  it("on templates with open-ended placeholders side by side (several split points, the regex's choice kept)", () => {
    const next = rng(7);
    const templates = [
      "Copying {a:rest} from {b:rest} to {c:rest} failed",
      "from {a:text}{b:kb}{c:text} to",
      "x {a:path}{b:text}y",
      "{a:word} {b:text} z",
      "a{a:int}{b:code}b",
      "date {a:date}{b:rest}",
    ];
    const differ: string[] = [];
    for (const t of templates) {
      const p = pattern(t);
      for (let i = 0; i < 400; i++) {
        const text = message(p, next);
        const want = viaRegex(p, text);
        const got = viaMatcher(p, text);
        if (JSON.stringify(got) !== JSON.stringify(want))
          differ.push(`${t} on ${JSON.stringify(text)}: regex ${JSON.stringify(want)}, matcher ${JSON.stringify(got)}`);
      }
    }
    expect(differ.slice(0, 10)).toEqual([]);
  });
});

describe("the matcher's work is linear in the line, whatever the template (counted steps)", () => {
  const copying = compilePattern(pattern("Copying {a:rest} from {b:rest} to {c:rest} failed"));
  const line = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length));
  const steps = (text: string) => runTemplate(copying.elements, copying.groups.length, text, text.toLowerCase());

  it.each([
    ["Copying from to ", false],
    ["Copying a from b to c ", false],
    ["copying from from to to failed? ", true],
    ["Copying Copying from from to to fail ", false],
  ])("'Copying {rest} from {rest} to {rest} failed' on repeated %j", (unit, matches) => {
    const small = steps(line(unit, 50_000));
    const large = steps(line(unit, 200_000));
    expect(Boolean(large.match)).toBe(matches);
    // Four times the line, at most four times the work (and a bounded number of visits per character).
    expect(large.steps).toBeLessThanOrEqual(4.2 * small.steps);
    expect(large.steps).toBeLessThanOrEqual(copying.elements.length * 2 * 200_000);
  });

  it("finds the match at the end of a 900 KB hostile line, as the regular expression would", () => {
    const text = `${line("Copying from to ", 900_000)}Copying a.txt from C:\\x to D:\\y failed`;
    const r = steps(text);
    expect(r.match).toBeDefined();
    // The only "failed" ends the line; each {rest} takes at most 400 characters, so the match starts in the last
    // 1,300 or so, and its last capture ends just before " failed".
    const [a, , c] = r.match!.spans;
    expect(a[0]).toBeGreaterThan(text.length - 1300);
    expect(c[1]).toBe(text.length - " failed".length);
    expect(text.slice(c[0], c[1])).toMatch(/D:\\y$/);
    expect(r.steps).toBeLessThanOrEqual(copying.elements.length * 2 * text.length);
  });

  it("every catalog pattern on runs of its own words: steps grow at most linearly", () => {
    const slow: string[] = [];
    for (const p of CATALOGS.flatMap((c) => c.patterns)) {
      const c = compilePattern(p);
      const unit = `${p.match.replace(/\{[^}]*\}/g, " ")} `;
      const at = (n: number) => {
        const text = line(unit, n);
        return runTemplate(c.elements, c.groups.length, text, text.toLowerCase()).steps;
      };
      const [a, b] = [at(20_000), at(80_000)];
      if (b > 4.2 * a + 1000) slow.push(`${p.id}: ${a} → ${b}`);
    }
    expect(slow).toEqual([]);
  });
});

describe("the safety check reads the template's structure (no clock)", () => {
  it.each([
    "{user}{user} end",
    "{text} {text} {text} end",
    "end {text}{rest}",
    "end {word}{path}",
    "end {rest}  {name}",
    "x {path}{url}",
  ])("refuses %j", (t) => {
    expect(() => checkPatternSafety(pattern(t))).toThrow(PatternError);
    expect(() => checkPatternSafety(pattern(t))).toThrow(/Use fewer open-ended placeholders next to each other/);
  });

  it.each([
    "Copying {rest} from {rest} to {rest} failed",
    "Program {program:path} {arguments:text} CWD {path:path}",
    "x {path}{text}y",
    "{text}{kb:kb}{text}exit code",
    "{word} {text} z",
  ])("accepts %j", (t) => {
    expect(() => checkPatternSafety(pattern(t))).not.toThrow();
  });

  it("accepts every catalog pattern", () => {
    for (const p of CATALOGS.flatMap((c) => c.patterns)) expect(() => checkPatternSafety(p), p.id).not.toThrow();
  });

  it("bounds a template's length and its placeholders", () => {
    expect(() => compilePattern(pattern(`x${"a".repeat(MAX_TEMPLATE_CHARS)}`))).toThrow(/at most 1000 are allowed/);
    expect(() => compilePattern(pattern(`x${" {int}".repeat(MAX_PLACEHOLDERS + 1)}`))).toThrow(
      /at most 16 are allowed/,
    );
  });
});

describe("--patterns through the CLI", () => {
  it(`a file over ${MAX_PATTERN_FILE_BYTES / 1024 / 1024} MiB (a 10 MB template): exit 2, the limit named`, () => {
    const f = patternFile([{ match: `x ${"a".repeat(10 * 1024 * 1024)}` }]);
    for (const cmd of ["diagnose", "timeline"]) {
      const r = cli([cmd, "--patterns", f, path.join(SAMPLES, "default")]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--patterns .*patterns\.json: larger than 4 MiB/);
      expect(r.out).toBe("");
    }
  });

  it("a template over 1,000 characters and one with 17 placeholders: exit 2, the pattern named", () => {
    let r = cli([
      "diagnose",
      "--patterns",
      patternFile([{ match: `x ${"a".repeat(1200)}` }]),
      path.join(SAMPLES, "default"),
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pattern 1 \(site\.p0\): .*1202 characters; at most 1000 are allowed/);
    r = cli([
      "diagnose",
      "--patterns",
      patternFile([{ match: `x${" {int}".repeat(17)}` }]),
      path.join(SAMPLES, "default"),
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pattern 1 \(site\.p0\): .*17 placeholders; at most 16 are allowed/);
  });

  it(`${(MAX_USER_PATTERNS + 1).toLocaleString("en")} patterns: exit 2; ${MAX_USER_PATTERNS.toLocaleString("en")} are read and change nothing they do not match`, () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ match: `word${i} failed {hresult:hresult}` }));
    let r = cli(["diagnose", "--patterns", patternFile(many(MAX_USER_PATTERNS + 1)), path.join(SAMPLES, "default")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/10,001 patterns; at most 10,000 are allowed/);
    const args = ["timeline", "--format", "ndjson", path.join(SAMPLES, "default")];
    r = cli([...args.slice(0, 1), "--patterns", patternFile(many(MAX_USER_PATTERNS)), ...args.slice(1)]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(cli(args).out);
  });

  it("a folder given as the pattern file: exit 2", () => {
    const r = cli(["diagnose", "--patterns", temp(), path.join(SAMPLES, "default")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--patterns .*: is a folder/);
  });

  it("'Copying {rest} from {rest} to {rest} failed' on a 900 KB hostile line: exit 0, every line an event, the good line recognized", () => {
    const dir = temp();
    mkdirSync(path.join(dir, "logs"));
    const hostile = "Copying from to ".repeat(56_250);
    writeFileSync(
      path.join(dir, "logs", "ScanWrapper.log"),
      `ScanWrapper started\n${hostile}\nCopying a.txt from C:\\x to D:\\y failed\n`,
    );
    const f = patternFile([{ match: "Copying {file:rest} from {from:rest} to {to:rest} failed" }], dir);
    const r = cli([
      "timeline",
      "--format",
      "ndjson",
      "--max-line-bytes",
      "2000000",
      "--patterns",
      f,
      path.join(dir, "logs"),
    ]);
    expect(r.code).toBe(0);
    const events = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.line)).toEqual([1, 2, 3]);
    expect(events[1].pattern).toBeUndefined();
    expect(events[1].message).toHaveLength(hostile.length);
    expect(events[2].pattern).toBe("site.p0");
    expect(events[2].fields).toMatchObject({ file: "a.txt", from: "C:\\x", to: "D:\\y" });
  });
});

describe("per-message caches of the matcher", () => {
  it("carry nothing from one message to the next", () => {
    const c = compilePattern(pattern("Copying {a:rest} from {b:rest} to {c:rest} failed"));
    const one = "Copying a from b to c failed";
    const two = "copying x from y to z failed now";
    expect(matchPattern(c, one, one.toLowerCase())).toEqual({ a: "a", b: "b", c: "c" });
    expect(matchPattern(c, two, two.toLowerCase())).toEqual({ a: "x", b: "y", c: "z" });
    expect(matchPattern(c, one, one.toLowerCase())).toEqual({ a: "a", b: "b", c: "c" });
  });
});
