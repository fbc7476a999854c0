import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:net";
import * as path from "node:path";
import { Readable } from "node:stream";
import { checkLossless, lines, readAll, readBytes, tempTree } from "./helpers/read.js";
import { expectedLines } from "./fuzz/arbitraries.js";
import { groupRollovers, readGroup } from "../src/input/read.js";
import { type FileStats, DEFAULT_INPUT, type LogFile } from "../src/model/input.js";
import type { LogRecord, ParsedItem, UnparsedSpan } from "../src/model/record.js";
import { withinBound } from "./helpers/timing.js";
import { ndjson, RAW_CONTROL as RAW, runCli, SAMPLES, type Run, type RunOptions } from "./helpers/cli.js";
import { tempDirs } from "./helpers/temp.js";

// Hostile and broken input, end to end: the built CLI (npm test builds first) on generated files. For every
// case: no crash (exit 0, 1 or 2 as the README says, never an internal error), no hang (each run has a time
// limit), a message on standard error naming the file and what happened, and the lossless accounting exact
// (records and unparsed spans of the NDJSON output cover every line). Large and binary inputs are generated
// here into temporary folders, which are removed at the end.

const temp = tempDirs("patchflow-adv-", { mode: 0o755 }); // readable by the unprivileged user of the permission cases

/**
 * Runs the CLI. The damaged and odd files here have made-up names that no stage uses, which a folder would only
 * list: the reading commands get --all-logs so that every file is read.
 */
function cli(args: string[], opts: RunOptions = {}): Run {
  const all = ["parse", "timeline", "diagnose"].includes(args[0]) ? ["--all-logs"] : [];
  const run = runCli([...args, ...all], { timeout: 60_000, ...opts });
  // No case may end in an internal error or a signal (a hang killed by the time limit).
  expect(run.signal, `killed (${run.signal}) after ${run.ms.toFixed(0)} ms: patchflow ${args.join(" ")}`).toBeNull();
  expect(run.err).not.toMatch(/internal error/);
  return run;
}

const byFile = (items: ParsedItem[], file: string) => items.filter((i) => i.file === file);
const records = (items: ParsedItem[]) => items.filter((i): i is LogRecord => i.kind === "record");
const spans = (items: ParsedItem[]) => items.filter((i): i is UnparsedSpan => i.kind === "unparsed");
const CCM = (msg: string, time = "14:23:45.123+300", date = "08-14-2006", extra = "") =>
  `<![LOG[${msg}]LOG]!><time="${time}" date="${date}" component="ScanWrapper" context="" type="1" thread="2236" file="scanwrapper.cpp:412"${extra}>`;
const TRACE = (msg: string) => `${msg}~  $$<Hardware Inventory Agent><Fri May 05 10:00:14.466 2000><thread=175 (0xAF)>`;

/** Deterministic bytes (a linear congruential generator), so that failures reproduce. */
function randomBytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    b[i] = s >>> 16;
  }
  return b;
}

/** Whether this process can run a child as an unprivileged user (root only; chmod 000 does not stop root). */
const CAN_DROP = typeof process.getuid === "function" && process.getuid() === 0;
const NOBODY = { uid: 65534, gid: 65534 };

// --- 1. Damaged records, in one folder, read by one `parse` run. ---

interface DamageCase {
  file: string;
  bytes: Buffer;
  /** Messages of the records, in order. */
  records: string[];
  /** Unparsed spans as [firstLine, lastLine, reason]. */
  spans: Array<[number, number, UnparsedSpan["reason"]]>;
  /** Extra checks on the items of this file. */
  check?: (items: ParsedItem[]) => void;
}

const HIGH_SURROGATE = Buffer.from([0x3d, 0xd8]); // U+D83D alone, UTF-16LE

const DAMAGE: DamageCase[] = [
  {
    file: "ccm-cut-in-message.log",
    bytes: Buffer.from(lines(CCM("one"), "<![LOG[cut inside the messa", CCM("two"))),
    records: ["one", "two"],
    spans: [[2, 2, "truncated"]],
  },
  {
    file: "ccm-cut-in-attributes.log",
    bytes: Buffer.from(lines(CCM("one"), `<![LOG[x]LOG]!><time="14:23:45.123+300" date="08-14`, CCM("two"))),
    records: ["one", "two"],
    spans: [[2, 2, "truncated"]],
  },
  {
    file: "ccm-attributes-malformed.log",
    bytes: Buffer.from(lines(CCM("one"), `<![LOG[x]LOG]!><time="1:00:00.000+0" ??? date="1-1-2006">`, CCM("two"))),
    records: ["one", "two"],
    spans: [[2, 2, "malformed"]],
  },
  {
    // A cut `$$<` suffix keeps what it has: the record stays, flagged, with its component and no time.
    file: "trace-suffix-cut.log",
    bytes: Buffer.from(lines(TRACE("one"), "msg  $$<Hardware Inventory Agent><Fri May 05 10:0", TRACE("two"))),
    records: ["one\n", "msg", "two\n"],
    spans: [],
    check: (items) => {
      const cut = records(items)[1];
      expect(cut).toMatchObject({
        format: "trace",
        component: "Hardware Inventory Agent",
        time: { local: null, utc: null },
      });
      expect(cut.flags).toContain("suffix-truncated");
    },
  },
  {
    file: "ccm-unterminated-multiline.log",
    bytes: Buffer.from(`${CCM("one")}\r\n<![LOG[multi\r\nline\r\nnever closes`),
    records: ["one"],
    spans: [[2, 4, "truncated"]],
  },
  {
    file: "ccm-nested-openers.log",
    bytes: Buffer.from(lines(`<![LOG[${CCM("nested")}`, `<![LOG[a${CCM("b")}`, "<![LOG[<![LOG[<![LOG[", CCM("after"))),
    records: ["nested", "b", "after"],
    spans: [[3, 3, "truncated"]],
    check: (items) => {
      for (const r of records(items).slice(0, 2)) expect(r.flags).toContain("surrounding-text");
    },
  },
  {
    // Bug fixed: the cut-off record's span started on the record's line, which was then in two items.
    file: "ccm-record-then-cut.log",
    bytes: Buffer.from(lines(`${CCM("one")} <![LOG[cut`, "continues", CCM("two"))),
    records: ["one", "two"],
    spans: [[2, 2, "truncated"]],
    check: (items) => expect(records(items)[0].flags).toContain("surrounding-text"),
  },
  {
    file: "nul.log",
    bytes: Buffer.concat([
      Buffer.from(`${CCM("good")}\r\n`),
      Buffer.from("abc\0def\r\n"),
      Buffer.from(`${TRACE("also good")}\r\n`),
    ]),
    records: ["good", "also good\n"],
    spans: [[2, 2, "binary"]],
  },
  {
    // Random bytes between good records: the records stay, the bytes are binary spans (no mojibake records).
    file: "binary-in-the-middle.log",
    bytes: Buffer.concat([
      Buffer.from(`${CCM("before")}\r\n`),
      randomBytes(8192, 7).map((b) => (b === 0x0a || b === 0x0d ? 0x01 : b)),
      Buffer.from(`\r\n${CCM("after")}\r\n`),
    ]),
    records: ["before", "after"],
    spans: [[2, 2, "binary"]],
  },
  {
    file: "mixed-encodings.log",
    bytes: Buffer.concat([
      Buffer.from(`${CCM("café ✓")}\r\n`, "utf8"),
      Buffer.from(`${CCM("Fehler: Zugriff verweigert \xe4\xf6\xfc \x80")}\r\n`, "latin1"),
      Buffer.from(`${CCM("again UTF-8 ✓")}\r\n`, "utf8"),
    ]),
    records: ["café ✓", "Fehler: Zugriff verweigert äöü €", "again UTF-8 ✓"],
    spans: [],
    check: (items) =>
      expect(records(items).map((r) => r.flags.includes("decoded-windows-1252"))).toEqual([false, true, false]),
  },
  {
    // Bug fixed: a lone high surrogate before the dangling byte was decoded together with it, and the line lost.
    file: "utf16-odd-byte-count.log",
    bytes: Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(lines(CCM("one"), CCM("two")), "utf16le"),
      HIGH_SURROGATE,
      Buffer.from([0x41]),
    ]),
    records: ["one", "two", "\ufffd"],
    spans: [[4, 4, "truncated"]],
  },
  {
    // Bug fixed: the decoder dropped a U+FEFF right after the byte-order mark, shifting every byte offset by 2.
    file: "utf16-second-bom.log",
    bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`\ufeff${lines(CCM("one"), CCM("two"))}`, "utf16le")]),
    records: ["one", "two"],
    spans: [],
    check: (items) => {
      expect(records(items)[0].raw.startsWith("\ufeff")).toBe(true);
      expect(records(items)[1].byteOffset).toBe(2 + 2 * (1 + CCM("one").length + 2));
    },
  },
  {
    // A byte-order mark in the middle (files concatenated): UTF-8's is text before the record, UTF-16's two bytes
    // are not UTF-8 and read as Windows-1252.
    file: "bom-in-the-middle.log",
    bytes: Buffer.concat([
      Buffer.from(`${CCM("one")}\r\n`),
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${CCM("two")}\r\n`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from("x\r\n"),
    ]),
    records: ["one", "two", "ÿþx"],
    spans: [],
    check: (items) => expect(records(items)[2].flags).toContain("decoded-windows-1252"),
  },
];

describe("damaged records: good records kept, the damage reported with its reason", () => {
  let run: Run;
  let items: ParsedItem[];
  let dir: string;
  beforeAll(() => {
    dir = temp();
    for (const c of DAMAGE) writeFileSync(path.join(dir, c.file), c.bytes);
    run = cli(["parse", dir, "--verbose"]);
    items = ndjson(run.out);
  });

  it("exits 0: something was read", () => {
    expect(run.code).toBe(0);
  });

  it.each(DAMAGE.map((c) => [c.file, c] as const))("%s", (file, c) => {
    const mine = byFile(items, `${dir}/${file}`);
    expect(checkLossless(mine, expectedLines(c.bytes))).toBeUndefined();
    expect(records(mine).map((r) => r.message)).toEqual(c.records);
    expect(spans(mine).map((s) => [s.firstLine, s.lastLine, s.reason])).toEqual(c.spans);
    // Standard error names the file and, per reason, what could not be read.
    const line = run.err.split("\n").find((l) => l.startsWith(`${dir}/${file}`));
    expect(line, `summary line for ${file}`).toBeDefined();
    for (const [, , reason] of c.spans) expect(line).toContain(reason);
    c.check?.(mine);
  });

  it("the table shows each unparsed span with file:line and what happened", () => {
    const t = cli(["parse", "--format", "table", path.join(dir, "ccm-cut-in-message.log")]);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/ccm-cut-in-message\.log:2 .*truncated.*CCM record is cut off/);
  });
});

describe("binary files", () => {
  it("a .lo_ that is binary: binary spans, no crash; the current log beside it is read whole, nothing taken as a duplicate", () => {
    const dir = temp();
    const lo = randomBytes(64 * 1024, 2006);
    writeFileSync(path.join(dir, "ScanWrapper.lo_"), lo);
    const current = lines(CCM("a"), CCM("b"), CCM("c"));
    writeFileSync(path.join(dir, "ScanWrapper.log"), current);
    const r = cli(["parse", dir]);
    expect(r.code).toBe(0);
    const items = ndjson(r.out);
    const old = byFile(items, `${dir}/ScanWrapper.lo_`);
    expect(checkLossless(old, expectedLines(lo))).toBeUndefined();
    const binaryLines = spans(old)
      .filter((s) => s.reason === "binary")
      .reduce((n, s) => n + s.lastLine - s.firstLine + 1, 0);
    // Random bytes: nearly every line is binary; short fragments may look like text.
    expect(binaryLines).toBeGreaterThan(0.8 * expectedLines(lo));
    expect(records(byFile(items, `${dir}/ScanWrapper.log`)).map((x) => x.message)).toEqual(["a", "b", "c"]);
    expect(r.err).toMatch(/ScanWrapper\.lo_ \[ScanWrapper\]: .*binary/);
  });

  it("random binary in a .log: every line accounted for, mostly binary", () => {
    const dir = temp();
    const bytes = randomBytes(256 * 1024, 42);
    writeFileSync(path.join(dir, "random.log"), bytes);
    const r = cli(["parse", dir]);
    expect(r.code).toBe(0);
    const items = ndjson(r.out);
    expect(checkLossless(items, expectedLines(bytes))).toBeUndefined();
    // A short fragment of random bytes without two control bytes cannot be told from text: about one line in ten.
    expect(records(items).length).toBeLessThan(0.2 * expectedLines(bytes));
    expect(r.err).toMatch(/random\.log: .*unparsed: binary/);
  });
});

// --- 2. Large input: bounded memory, reported as too long. ---

describe("large input", () => {
  it("a 10 MB single line is a too-long span between intact records", () => {
    const dir = temp();
    const body = Buffer.concat([
      Buffer.from(`${CCM("before")}\r\n`),
      Buffer.alloc(10 * 1024 * 1024, 0x41),
      Buffer.from(`\r\n${CCM("after")}\r\n`),
    ]);
    writeFileSync(path.join(dir, "big.log"), body);
    const r = cli(["parse", path.join(dir, "big.log")]);
    expect(r.code).toBe(0);
    const items = ndjson(r.out);
    expect(items.map((i) => (i.kind === "record" ? i.message : i.reason))).toEqual(["before", "too-long", "after"]);
    expect(items[1]).toMatchObject({ firstLine: 2, lastLine: 2, byteLength: 10 * 1024 * 1024 + 2 });
    expect(r.err).toMatch(/big\.log: 3 lines, .*too-long 1 \(1 line\)/);
  });

  it("an unterminated multi-line CCM message of 10 MB is given up as too-long; the lines after the limit are still read", () => {
    const dir = temp();
    const line = "x".repeat(100);
    const body = `${CCM("before")}\r\n<![LOG[${`${line}\r\n`.repeat(100_000)}`;
    writeFileSync(path.join(dir, "open.log"), body);
    const r = cli(["parse", path.join(dir, "open.log")]);
    expect(r.code).toBe(0);
    const items = ndjson(r.out);
    expect(checkLossless(items, 100_001)).toBeUndefined();
    expect(items[1]).toMatchObject({ kind: "unparsed", reason: "too-long", firstLine: 2 });
    expect(r.err).toMatch(/open\.log: 100001 lines, .*too-long/);
  });

  // Memory: 100 MB of one line streamed in (UTF-8 and UTF-16), never in a file. The heap and the buffers may
  // grow by a few pieces of 64 KB, not by the line.
  it.each([
    ["UTF-8", "utf8"],
    ["UTF-16LE", "utf16le"],
  ] as const)("%s: a 100 MB line read from a stream keeps memory bounded", async (_n, enc) => {
    const chunk = Buffer.from("A".repeat(enc === "utf16le" ? 32 * 1024 : 64 * 1024), enc);
    const head = Buffer.from(`${enc === "utf16le" ? "\ufeff" : ""}${CCM("before")}\r\n`, enc);
    const tail = Buffer.from(`\r\n${CCM("after")}\r\n`, enc);
    const total = 100 * 1024 * 1024;
    global.gc?.();
    const base = process.memoryUsage();
    let peak = 0;
    async function* source() {
      yield head;
      for (let n = 0; n < total; n += chunk.length) {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers);
        yield chunk;
      }
      yield tail;
    }
    const { items } = await readAll(["-"], { stdin: Readable.from(source()) });
    expect(items.map((i) => (i.kind === "record" ? i.message : i.reason))).toEqual(["before", "too-long", "after"]);
    expect(items[1]).toMatchObject({
      firstLine: 2,
      lastLine: 2,
      byteLength: total + tail.length - Buffer.byteLength(`${CCM("after")}\r\n`, enc),
    });
    expect(peak).toBeLessThan(64 * 1024 * 1024);
  });
});

// Slowdowns the fuzz run found (each was quadratic; the bounds are several times what the fixed code needs, and
// under what the old code took).
describe("no quadratic slowdowns", () => {
  const CHAINED = `<![LOG[a\r\nb]LOG]!><time="14:59:12.000-330" component="rt" context="" type="2" thread="44218" file="x.cpp:1"`;
  const timed = async (bytes: Buffer, chunk: number) => {
    const t0 = performance.now();
    const { items } = await readBytes(bytes, { chunk });
    return { items, ms: performance.now() - t0 };
  };

  it("cut-off CCM records chained on shared lines, 3 MB (quadratic before: 4.9 s for 2 MB, 40 s for 4 MB): framed again only when the text doubled", async () => {
    const bytes = Buffer.from(CHAINED.repeat(Math.ceil((3 * 1024 * 1024) / CHAINED.length)));
    const { items, ms } = await timed(bytes, 65536);
    expect(checkLossless(items, expectedLines(bytes))).toBeUndefined();
    withinBound(ms, 8000, "3 MB of chained cut-off records");
  });

  it("the same with a Windows-1252 character on every line, 270 KB (was 16 s): small pieces framed together", async () => {
    const bytes = Buffer.from(CHAINED.replace("a", "\xe4").repeat(1500), "latin1");
    const { items, ms } = await timed(bytes, 40_000);
    expect(checkLossless(items, expectedLines(bytes))).toBeUndefined();
    withinBound(ms, 3000, "270 KB of Windows-1252 chained records");
  });

  it.each([
    ["UTF-8", "utf8"],
    ["UTF-16", "utf16le"],
  ] as const)("%s: a 1 MB line arriving in 3-byte chunks (was 9 s for 267 KB of UTF-16)", async (_n, enc) => {
    const bytes = Buffer.concat([
      Buffer.from(enc === "utf16le" ? [0xff, 0xfe] : []),
      Buffer.from(`${"x".repeat(enc === "utf16le" ? 500_000 : 1_000_000)}\r\nok\r\n`, enc),
    ]);
    const { items, ms } = await timed(bytes, 3);
    expect(items.map((i) => (i.kind === "record" ? i.message.length : i.reason))).toEqual([
      enc === "utf16le" ? 500_000 : 1_000_000,
      2,
    ]);
    withinBound(ms, 5000, `a 1 MB ${enc} line in 3-byte chunks`);
  });
});

// --- 3. Impossible values: records kept, times flagged, UTC null where it cannot be computed. ---

describe("impossible values", () => {
  const L = (msg: string, time: string, date: string, thread = "1", extra = "", component = "ScanWrapper") =>
    `<![LOG[${msg}]LOG]!><time="${time}" date="${date}" component="${component}" context="" type="1" thread="${thread}" file="x.cpp:1"${extra}>`;
  const ccmCases: Array<[string, string, string[], Partial<LogRecord["time"]>, Partial<LogRecord>?]> = [
    [
      "month 13",
      L("m13", "14:23:45.123+300", "13-14-2006"),
      ["time-invalid"],
      { utc: null, local: "2006-13-14T14:23:45.123" },
    ],
    ["February 30", L("feb30", "14:23:45.123+300", "02-30-2006"), ["time-invalid"], { utc: null }],
    ["hour 25", L("h25", "25:23:45.123+300", "08-14-2006"), ["time-invalid"], { utc: null }],
    ["minute 60", L("min60", "14:60:45.123+300", "08-14-2006"), ["time-invalid"], { utc: null }],
    [
      "bias +9999",
      L("b9999", "14:23:45.123+9999", "08-14-2006"),
      ["bias-out-of-range"],
      { utc: null, local: "2006-08-14T14:23:45.123" },
    ],
    ["bias +-420", L("bpm", "14:23:45.123+-420", "08-14-2006"), ["bias-malformed"], { utc: null }],
    ["bias with a space for the sign", L("bsp", "14:23:45.123 420", "08-14-2006"), ["bias-malformed"], { utc: null }],
    ["no bias", L("nob", "14:23:45.123", "08-14-2006"), ["bias-missing"], { utc: null, provenance: "none" }],
    [
      "7-digit fraction",
      L("f7", "14:23:45.1234567+300", "08-14-2006"),
      [],
      { local: "2006-08-14T14:23:45.1234567", utc: "2006-08-14T19:23:45.123Z" },
    ],
    [
      "8-digit fraction",
      L("f8", "14:23:45.12345678+300", "08-14-2006"),
      ["time-malformed"],
      { local: null, utc: null },
    ],
    [
      "thread beyond 32 bits",
      L("t33", "14:23:45.123+300", "08-14-2006", "4294967296"),
      ["thread-invalid"],
      {},
      { thread: null },
    ],
    [
      "thread of 25 digits",
      L("t25", "14:23:45.123+300", "08-14-2006", "9999999999999999999999999"),
      ["thread-invalid"],
      {},
      { thread: null },
    ],
    ["largest 32-bit thread", L("t32", "14:23:45.123+300", "08-14-2006", "4294967295"), [], {}, { thread: 4294967295 }],
    [
      "empty component",
      L("ec", "14:23:45.123+300", "08-14-2006", "1", "", ""),
      [],
      { utc: "2006-08-14T19:23:45.123Z" },
      { component: null },
    ],
    [
      "duplicated attributes (the first wins)",
      L("dup", "14:23:45.123+300", "08-14-2006", "1", ' time="01:00:00.000+0" component="Other"'),
      ["attribute-duplicated"],
      { utc: "2006-08-14T19:23:45.123Z" },
      { component: "ScanWrapper" },
    ],
    ["year 0000", L("y0", "14:23:45.123+300", "08-14-0000"), ["time-invalid"], { utc: null }],
  ];
  const traceCases: Array<[string, string, string[], Partial<LogRecord["time"]>, Partial<LogRecord>?]> = [
    [
      "$$< February 30",
      "msg  $$<C><Fri Feb 30 10:00:14.466 2000><thread=175 (0xAF)>",
      ["time-invalid"],
      { utc: null, local: "2000-02-30T10:00:14.466" },
    ],
    [
      "$$< month 13, hour 25, +-420",
      "msg  $$<C><13-14-2006 25:00:14.466+-420><thread=1 (0x1)>",
      ["bias-malformed", "time-invalid"],
      { utc: null },
    ],
    [
      "$$< thread beyond 32 bits",
      "msg  $$<C><Fri May 05 10:00:14.466 2000><thread=4294967296 (0x100000000)>",
      ["thread-invalid"],
      {},
      { thread: null },
    ],
    [
      "$$< SMS 1.x hex thread beyond 32 bits",
      "msg  $$<C><Fri May 05 10:00:14.466 2000><thread=1FFFFFFFF>",
      ["thread-invalid"],
      {},
      { thread: null },
    ],
    [
      "viewer February 30, 13 AM, thread beyond 32 bits",
      "bad\tComp\t2/30/99 13:01:35 AM\t4294967296 (0x100000000)\t",
      ["thread-invalid", "time-invalid"],
      { utc: null, lowConfidence: true },
      { thread: null },
    ],
    [
      "$$< long run of fraction digits (was quadratic)",
      `msg  $$<C><05-16-2000 13:17:10.804${"1".repeat(200_000)}><thread=1 (0x1)>`,
      ["bias-missing"],
      { local: `2000-05-16T13:17:10.804${"1".repeat(200_000)}` },
    ],
  ];
  let items: ParsedItem[];
  let run: Run;
  let dir: string;
  beforeAll(() => {
    dir = temp();
    writeFileSync(path.join(dir, "ScanWrapper.log"), lines(...ccmCases.map((c) => c[1])));
    writeFileSync(path.join(dir, "Hinv32.log"), lines(...traceCases.map((c) => c[1])));
    run = cli(["parse", dir]);
    items = ndjson(run.out);
  });

  it("parse exits 0 and keeps every record", () => {
    expect(run.code).toBe(0);
    expect(records(byFile(items, `${dir}/ScanWrapper.log`))).toHaveLength(ccmCases.length);
    expect(records(byFile(items, `${dir}/Hinv32.log`))).toHaveLength(traceCases.length);
    expect(checkLossless(byFile(items, `${dir}/ScanWrapper.log`), ccmCases.length)).toBeUndefined();
    withinBound(run.ms, 30_000, "parse of the impossible values");
  });

  it.each([
    ...ccmCases.map((c, i) => [c[0], "ScanWrapper.log", i, c] as const),
    ...traceCases.map((c, i) => [c[0], "Hinv32.log", i, c] as const),
  ])("%s", (_name, file, i, c) => {
    const rec = records(byFile(items, `${dir}/${file}`))[i];
    const [, , flags, time, more] = c;
    for (const f of flags) expect(rec.flags).toContain(f);
    for (const f of [
      "time-invalid",
      "bias-out-of-range",
      "bias-malformed",
      "bias-missing",
      "thread-invalid",
      "attribute-duplicated",
      "time-malformed",
    ]) {
      if (!flags.includes(f)) expect(rec.flags).not.toContain(f);
    }
    expect(rec.time).toMatchObject(time);
    if (more) expect(rec).toMatchObject(more);
  });

  it("diagnose and timeline on them: 0 or 1, never an input or internal error", () => {
    const d = cli(["diagnose", "--format", "json", dir]);
    expect([0, 1]).toContain(d.code);
    JSON.parse(d.out);
    const t = cli(["timeline", "--format", "json", dir]);
    expect(t.code).toBe(0);
    JSON.parse(t.out);
  });
});

// --- 4. Files and paths. ---

describe("files and paths", () => {
  const good = lines(CCM("good"));

  it("an empty file is read (0 lines): parse 0, diagnose 0 or 1, and the summary says 0 lines", () => {
    const dir = temp();
    writeFileSync(path.join(dir, "ScanWrapper.log"), "");
    const p = cli(["parse", dir, "--verbose"]);
    expect(p.code).toBe(0);
    expect(p.out).toBe("");
    expect(p.err).toContain(`${dir}/ScanWrapper.log [ScanWrapper]: 0 lines, 0 bytes`);
    expect([0, 1]).toContain(cli(["diagnose", "--format", "json", dir]).code);
  });

  it("an empty folder: 2, nothing to read", () => {
    const dir = temp();
    for (const cmd of ["parse", "diagnose", "timeline"]) {
      const r = cli([cmd, dir]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`no log files (*.log, *.lo_) found under ${dir}`);
    }
  });

  it("a path that does not exist: 2, named", () => {
    const r = cli(["diagnose", "/nonexistent/CCM/Logs"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("/nonexistent/CCM/Logs: no such file or folder");
  });

  it("a path whose parent is a file (ENOTDIR): 2, named", () => {
    const dir = temp();
    writeFileSync(path.join(dir, "afile"), "x");
    const r = cli(["parse", path.join(dir, "afile/ScanWrapper.log")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${dir}/afile/ScanWrapper.log: a part of the path is not a folder`);
  });

  it("a path longer than PATH_MAX: 2, path too long", () => {
    const p = `/tmp/${"d".repeat(250)}/`.repeat(20) + "x.log";
    const r = cli(["parse", p]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("path too long");
  });

  it("a path near PATH_MAX is read", () => {
    const dir = temp();
    let d = dir;
    while (d.length + 251 + 260 < 4090) d = path.join(d, "d".repeat(250));
    mkdirSync(d, { recursive: true });
    const f = path.join(d, `${"S".repeat(Math.min(240, 4090 - d.length - 6))}.log`);
    writeFileSync(f, good);
    expect(f.length).toBeGreaterThan(3800);
    const r = cli(["parse", dir]);
    expect(r.code).toBe(0);
    expect(records(ndjson(r.out)).map((x) => x.message)).toEqual(["good"]);
    const direct = cli(["parse", f]);
    expect(direct.code).toBe(0);
  });

  // Unreadable files and folders. Root reads through chmod 000, so the CLI runs as `nobody` (uid 65534) for
  // these: the real EACCES paths, not a simulation. Skipped when the tests do not run as root.
  describe.runIf(CAN_DROP)("unreadable files and folders (the CLI run as nobody)", () => {
    let dir: string;
    beforeAll(() => {
      dir = temp();
      writeFileSync(path.join(dir, "ok.log"), good);
      writeFileSync(path.join(dir, "locked.log"), good);
      mkdirSync(path.join(dir, "sub"));
      writeFileSync(path.join(dir, "sub/in.log"), good);
      chmodSync(path.join(dir, "locked.log"), 0o000);
      chmodSync(path.join(dir, "sub"), 0o000);
    });

    it("an unreadable file among readable ones: 0, the others read, the file named on stderr", () => {
      const r = cli(["parse", dir], NOBODY);
      expect(r.code).toBe(0);
      expect(records(ndjson(r.out)).map((x) => x.file)).toEqual([`${dir}/ok.log`]);
      expect(r.err).toContain(`error: ${dir}/locked.log: permission denied`);
      expect(r.err).toMatch(/warning: .*\/sub: folder skipped \(permission denied\)/);
    });

    it.each(["parse", "timeline", "diagnose"])(
      "%s of only an unreadable file: 2 (nothing could be read), named",
      (cmd) => {
        // Bug fixed: parse, timeline and diagnose exited 0 when every file failed to open.
        const r = cli([cmd, path.join(dir, "locked.log")], NOBODY);
        expect(r.code).toBe(2);
        expect(r.err).toContain(`nothing could be read:\n  ${dir}/locked.log: permission denied`);
      },
    );

    it("an unreadable folder alone: 2, named", () => {
      const r = cli(["parse", path.join(dir, "sub")], NOBODY);
      expect(r.code).toBe(2);
      expect(r.err).toContain("folder skipped (permission denied)");
    });
  });

  it.runIf(existsSync("/proc/self/mem"))(
    "a file that fails while being read (EIO from /proc/self/mem): 2, named with the error",
    () => {
      const r = cli(["parse", "/proc/self/mem"]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/\/proc\/self\/mem: EIO/);
    },
  );

  it("a read error in the middle of a file (injected): the records before it are kept, the error is reported", async () => {
    // An fs error injected through the LogFile's open(): two lines, then EIO.
    const file: LogFile = {
      path: "/injected/ScanWrapper.log",
      display: "injected/ScanWrapper.log",
      log: "ScanWrapper",
      stage: "scan",
      group: "injected/scanwrapper",
      generation: "current",
      open: async () =>
        Readable.from(
          (async function* () {
            yield Buffer.from(lines(CCM("one"), CCM("two")));
            throw Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" });
          })(),
        ),
    };
    const stats: FileStats[] = [];
    const items: ParsedItem[] = [];
    for await (const b of readGroup([file], DEFAULT_INPUT, stats)) items.push(...b.items);
    expect(records(items).map((r) => r.message)).toEqual(["one", "two"]);
    expect(stats[0]).toMatchObject({ lines: 2, records: 2, error: "EIO: i/o error, read" });
    expect(checkLossless(items, 2)).toBeUndefined();
  });

  describe("a FIFO and a socket named X.log", () => {
    let dir: string;
    let server: Server;
    beforeAll(async () => {
      dir = temp();
      writeFileSync(path.join(dir, "ok.log"), good);
      spawnSync("mkfifo", [path.join(dir, "Pipe.log")]);
      server = createServer();
      await new Promise<void>((resolve) => server.listen(path.join(dir, "Socket.log"), resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("in a folder: skipped with a warning, no hang, the other files read", () => {
      const r = cli(["parse", dir], { timeout: 20_000 });
      expect(r.code).toBe(0);
      expect(records(ndjson(r.out)).map((x) => x.message)).toEqual(["good"]);
      expect(r.err).toContain(`${dir}/Pipe.log: skipped: not a regular file`);
      expect(r.err).toContain(`${dir}/Socket.log: skipped: not a regular file`);
    });

    it.each(["Pipe.log", "Socket.log"])("%s given directly: 2, not a file or folder, no hang", (name) => {
      const r = cli(["diagnose", path.join(dir, name)], { timeout: 20_000 });
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${name}: not a file or folder`);
    });
  });

  it("a folder named X.log is searched as a folder, not read as a file", () => {
    const dir = temp();
    mkdirSync(path.join(dir, "ScanWrapper.log"));
    writeFileSync(path.join(dir, "ScanWrapper.log/inner.log"), good);
    const r = cli(["parse", dir]);
    expect(r.code).toBe(0);
    expect(records(ndjson(r.out)).map((x) => x.file)).toEqual([`${dir}/ScanWrapper.log/inner.log`]);
    const empty = temp();
    mkdirSync(path.join(empty, "X.log"));
    const direct = cli(["parse", path.join(empty, "X.log")]);
    expect(direct.code).toBe(2);
    expect(direct.err).toContain("no log files");
  });

  it("a symbolic link loop: warned, skipped, no hang", () => {
    const dir = temp();
    writeFileSync(path.join(dir, "ok.log"), good);
    symlinkSync("loop2.log", path.join(dir, "loop1.log"));
    symlinkSync("loop1.log", path.join(dir, "loop2.log"));
    symlinkSync(".", path.join(dir, "self"));
    symlinkSync("..", path.join(dir, "up"));
    const r = cli(["parse", dir], { timeout: 20_000 });
    expect(r.code).toBe(0);
    expect(records(ndjson(r.out)).map((x) => x.file)).toEqual([`${dir}/ok.log`]);
    expect(r.err).toContain(`${dir}/loop1.log: link skipped (too many levels of symbolic links)`);
    const direct = cli(["parse", path.join(dir, "loop1.log")]);
    expect(direct.code).toBe(2);
    expect(direct.err).toContain("too many levels of symbolic links");
  });

  it("a link pointing outside the folder given is not followed, and said so", () => {
    const outside = temp();
    writeFileSync(path.join(outside, "secret.log"), lines(CCM("secret")));
    const dir = temp();
    writeFileSync(path.join(dir, "ok.log"), good);
    symlinkSync(path.join(outside, "secret.log"), path.join(dir, "linked.log"));
    const r = cli(["parse", dir]);
    expect(r.code).toBe(0);
    expect(records(ndjson(r.out)).map((x) => x.message)).toEqual(["good"]);
    expect(r.err).toContain(`${dir}/linked.log: link to ${outside}/secret.log skipped: it points outside ${dir}`);
  });

  it("10,000 files: completes, every file read", () => {
    const dir = temp();
    for (let i = 0; i < 10_000; i++) {
      const d = path.join(dir, `client${i % 100}`, "CCM", "Logs");
      if (i < 100) mkdirSync(d, { recursive: true });
      writeFileSync(path.join(d, `f${i}.log`), good);
    }
    const r = cli(["parse", "--quiet", dir], { timeout: 120_000 });
    expect(r.code).toBe(0);
    expect(r.out.split("\n").filter(Boolean)).toHaveLength(10_000);
    const d = cli(["diagnose", "--quiet", "--format", "json", dir], { timeout: 120_000 });
    expect([0, 1]).toContain(d.code);
  });

  it("names that differ only in case are two logs, not rollover generations of one", () => {
    // Bug fixed: both were put in one rollover group and the second one's records dropped as duplicates.
    const dir = temp();
    const text = lines(CCM("a", "10:00:00.000+300"), CCM("b", "10:00:01.000+300"));
    writeFileSync(path.join(dir, "ScanWrapper.log"), text);
    writeFileSync(path.join(dir, "scanwrapper.LOG"), text);
    const r = cli(["parse", dir, "--verbose"]);
    expect(r.code).toBe(0);
    const items = ndjson(r.out);
    expect(spans(items).filter((s) => s.reason === "duplicate")).toEqual([]);
    expect(records(byFile(items, `${dir}/ScanWrapper.log`)).map((x) => x.message)).toEqual(["a", "b"]);
    expect(records(byFile(items, `${dir}/scanwrapper.LOG`)).map((x) => x.message)).toEqual(["a", "b"]);
    expect(r.err).toContain(`${dir}/ScanWrapper.log [ScanWrapper]`);
    expect(r.err).toContain(`${dir}/scanwrapper.LOG [ScanWrapper]`);
  });

  it("rollover across case still pairs X.lo_ with X.LOG when there is no case twin", async () => {
    const dir = tempTree(
      {
        "ScanWrapper.LOG": lines(CCM("b", "10:00:01.000+300"), CCM("c", "10:00:02.000+300")),
        "scanwrapper.lo_": lines(CCM("a", "10:00:00.000+300"), CCM("b", "10:00:01.000+300")),
      },
      temp(),
    );
    const { items } = await readAll([dir]);
    expect(records(items).map((x) => x.message)).toEqual(["a", "b", "c"]);
    expect(
      groupRollovers([
        {
          path: "a",
          display: "x/ScanWrapper.log",
          group: "x/scanwrapper",
          generation: "current",
          log: "ScanWrapper",
          stage: "scan",
        },
        {
          path: "b",
          display: "x/scanwrapper.LOG",
          group: "x/scanwrapper",
          generation: "current",
          log: "ScanWrapper",
          stage: "scan",
        },
        {
          path: "c",
          display: "x/ScanWrapper.lo_",
          group: "x/scanwrapper",
          generation: "rolled",
          log: "ScanWrapper",
          stage: "scan",
        },
      ]).map((g) => g.map((f) => f.display)),
    ).toEqual([["x/ScanWrapper.lo_", "x/ScanWrapper.log"], ["x/scanwrapper.LOG"]]);
  });
});

// --- 5. Safety: the terminal, JSON, and the files patchflow must not touch. ---

describe("safety guarantees", () => {
  const HOSTILE = ["\x1b[31m", "\x1b]0;title\x07", "\x9b2J", "\u202e", "\x08", "\x7f"];
  let bundle: string;
  beforeAll(() => {
    bundle = temp();
    cpSync(path.join(SAMPLES, "install-failures"), bundle, { recursive: true });
    // Every message, component and a plain line get escape sequences, carriage returns and bidi controls.
    for (const f of readdirSync(path.join(bundle, "CCM/Logs"))) {
      const p = path.join(bundle, "CCM/Logs", f);
      const t = readFileSync(p, "utf8")
        .replaceAll("<![LOG[", `<![LOG[${HOSTILE.join("")} a\rb `)
        .replaceAll('component="', 'component="\x1b[5m');
      writeFileSync(p, `${t}plain line ${HOSTILE.join(" ")}\r\n`);
    }
  });

  it.each([
    ["parse", "table"],
    ["timeline", "table"],
    ["diagnose", "table"],
    ["diagnose", "markdown"],
  ])(
    "%s --format %s: control characters and escape sequences from the logs never reach the terminal raw",
    (cmd, format) => {
      const r = cli([cmd, "--format", format, bundle], { env: { FORCE_COLOR: "0" } });
      expect([0, 1]).toContain(r.code);
      const found = RAW.exec(r.out);
      expect(
        found,
        found
          ? `raw ${JSON.stringify(found[0])} at ${JSON.stringify(r.out.slice(Math.max(0, found.index - 40), found.index + 10))}`
          : "",
      ).toBeNull();
      expect(RAW.exec(r.err)).toBeNull();
      expect(r.out).toMatch(/\\x1b/);
    },
  );

  it("a file name with escape sequences is escaped in every table", () => {
    const dir = temp();
    writeFileSync(path.join(dir, "Scan\x1b]0;pwned\x07.log"), lines(CCM("x")));
    for (const cmd of ["parse", "timeline", "diagnose"]) {
      const r = cli([cmd, "--format", "table", dir], { env: { FORCE_COLOR: "0" } });
      expect(RAW.exec(r.out), cmd).toBeNull();
      expect(RAW.exec(r.err), cmd).toBeNull();
    }
  });

  it("JSON and NDJSON stay valid for any input: lone surrogates from UTF-16, control characters, NUL", () => {
    const dir = temp();
    const text = lines(
      CCM("lone \ud800 high, lone \udc00 low, pair \ud83d\ude00"),
      CCM("controls \x00\x01\x1b[31m\x7f\x9b end"),
      "plain \ud800\x1b",
    );
    writeFileSync(
      path.join(dir, "ScanWrapper.log"),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
    );
    writeFileSync(
      path.join(dir, "execmgr.log"),
      Buffer.concat([Buffer.from(lines(CCM("bytes \x00\x01\xff\xfe end")), "latin1"), randomBytes(2048, 3)]),
    );
    const fatal = new TextDecoder("utf-8", { fatal: true });
    const runs = [
      cli(["parse", "--format", "ndjson", dir]),
      cli(["parse", "--format", "json", dir]),
      cli(["timeline", "--format", "ndjson", dir]),
      cli(["timeline", "--format", "json", dir]),
      cli(["diagnose", "--format", "json", dir]),
    ];
    for (const r of runs) {
      expect([0, 1]).toContain(r.code);
      fatal.decode(Buffer.from(r.out, "utf8"));
    }
    const items = ndjson(runs[0].out);
    expect(JSON.parse(runs[1].out)).toEqual(items);
    const u16 = byFile(items, `${dir}/ScanWrapper.log`);
    expect(checkLossless(u16, 3)).toBeUndefined();
    expect(records(u16)[0].message).toBe("lone \ufffd high, lone \ufffd low, pair \ud83d\ude00");
    for (const l of runs[2].out.split("\n").filter(Boolean)) JSON.parse(l);
    JSON.parse(runs[3].out);
    JSON.parse(runs[4].out);
  });

  it("reading a bundle never writes to it, and patchflow writes nowhere but stdout, stderr and --output", () => {
    const snapshot = (dir: string) => {
      const out: Record<string, string> = {};
      const walk = (d: string) => {
        for (const n of readdirSync(d)) {
          const p = path.join(d, n);
          const st = statSync(p);
          if (st.isDirectory()) {
            out[`${p}/`] = String(st.mtimeMs);
            walk(p);
          } else out[p] = `${createHash("sha256").update(readFileSync(p)).digest("hex")} ${st.mtimeMs} ${st.size}`;
        }
      };
      walk(dir);
      return out;
    };
    const cwd = temp();
    const tmp = temp();
    const home = temp();
    const outDir = temp();
    const before = { bundle: snapshot(bundle), cwd: snapshot(cwd), tmp: snapshot(tmp), home: snapshot(home) };
    const env = { TMPDIR: tmp, TEMP: tmp, TMP: tmp, HOME: home };
    const d = cli(["diagnose", "--format", "json", "--output", path.join(outDir, "result.json"), bundle], { cwd, env });
    expect(d.code).toBe(1);
    cli(["timeline", "--format", "json", bundle], { cwd, env });
    cli(["parse", bundle], { cwd, env });
    cli(["diagnose", "--format", "html", "--output", path.join(outDir, "report.html"), bundle], { cwd, env });
    expect(snapshot(bundle)).toEqual(before.bundle);
    expect(snapshot(cwd)).toEqual(before.cwd);
    expect(snapshot(tmp)).toEqual(before.tmp);
    expect(snapshot(home)).toEqual(before.home);
    expect(readdirSync(outDir).sort()).toEqual(["report.html", "result.json"]);
    JSON.parse(readFileSync(path.join(outDir, "result.json"), "utf8"));
  });
});

// --- 6. User patterns that could hang are refused. ---

describe("--patterns: open-ended placeholders side by side are refused", () => {
  const patterns = (match: string) => {
    const dir = temp();
    const f = path.join(dir, "patterns.json");
    writeFileSync(
      f,
      JSON.stringify({
        patterns: [{ log: "ScanWrapper", id: "site.evil", kind: "scan.failed", severity: "error", match }],
      }),
    );
    return f;
  };

  it.each(["diagnose", "timeline"])(
    "%s: two adjacent open-ended placeholders: exit 2, the pattern named, why, and what to do",
    (cmd) => {
      const r = cli([cmd, "--patterns", patterns("{user}{user} end"), path.join(SAMPLES, "default")], {
        timeout: 60_000,
      });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(
        /--patterns .*patterns\.json: pattern 1 \(site\.evil\): .*\{user\} and \{user\} meet with nothing between them.*Use fewer open-ended placeholders/,
      );
      expect(r.out).toBe("");
    },
  );

  // The check reads the template's structure, so the answer does not depend on the machine's load.
  it("{text} {text} {text} end: exit 2", () => {
    const r = runCli(["diagnose", "--patterns", patterns("{text} {text} {text} end"), path.join(SAMPLES, "default")], {
      timeout: 30_000,
    });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\{text\} and \{text\} meet with only blanks between them/);
  });
});
