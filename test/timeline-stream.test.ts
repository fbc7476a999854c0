import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
// Worker threads load the built modules, so the streamed timeline is tested through the build (npm test builds first).
import { runTimeline } from "../src/commands/timeline.js";
import { buildTimeline } from "../src/pipeline/timeline.js";
import { Classifier } from "../src/events/classify.js";
import { makeFilter, type EventFilter } from "../src/timeline/filter.js";
import { timelineCsvHeader, timelineCsvRow } from "../src/timeline/csv.js";
import { eventJsonRest } from "../src/timeline/lines.js";
import { Spool } from "../src/timeline/spool.js";
import { readRange } from "../src/pipeline/range-worker.js";
import { DEFAULT_INPUT } from "../src/model/input.js";
import type { LogRecord } from "../src/model/record.js";

const SAMPLES = path.resolve(__dirname, "../samples");
const samples = readdirSync(SAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const FILTERS: Array<[string, EventFilter]> = [
  ["no filter", {}],
  ["--stage scan", { stages: ["scan"] }],
  ["--severity warning", { minSeverity: "warning" }],
  ["--grep fail", { grep: "fail" }],
];

async function streamed(
  paths: string[],
  format: "ndjson" | "csv",
  filter: EventFilter,
  more: Record<string, unknown> = {},
) {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "patchflow-stream-")), `out.${format}`);
  const r = await runTimeline({ paths, format, output: out, input: DEFAULT_INPUT, filter, quiet: true, ...more });
  return { text: readFileSync(out, "utf8"), report: r.report, recognition: r.recognition };
}

/** What the timeline that keeps every event gives, serialized the way the formats define it. */
async function kept(paths: string[], format: "ndjson" | "csv", filter: EventFilter): Promise<string> {
  const tl = await buildTimeline(paths, DEFAULT_INPUT, new Classifier());
  const events = tl.events.filter(makeFilter(filter));
  return format === "csv"
    ? timelineCsvHeader() + events.map(timelineCsvRow).join("")
    : events.map((e) => JSON.stringify(e) + "\n").join("");
}

describe("streamed timeline (NDJSON, CSV)", () => {
  it.each(samples.flatMap((s) => FILTERS.map(([name, f]) => [s, name, f] as const)))(
    "%s, %s: the same bytes as the timeline that keeps every event",
    async (sample, _name, filter) => {
      const dir = path.join(SAMPLES, sample);
      for (const format of ["ndjson", "csv"] as const) {
        const got = await streamed([dir], format, filter);
        expect(got.text).toBe(await kept([dir], format, filter));
      }
    },
  );

  it("writes each event as JSON.stringify would, field for field", async () => {
    const tl = await buildTimeline(
      [path.join(SAMPLES, "install-failures"), path.join(SAMPLES, "sms20-layout")],
      DEFAULT_INPUT,
      new Classifier(),
    );
    expect(tl.events.length).toBeGreaterThan(100);
    for (const e of tl.events) {
      const seq = e.seq;
      e.seq = -1;
      expect(`{"v":1,"seq":-1,${eventJsonRest(e)}`).toBe(JSON.stringify(e) + "\n");
      e.seq = seq;
    }
  });

  it("an input error leaves the output empty (no CSV header before it)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "patchflow-stream-empty-"));
    const out = path.join(dir, "out.csv");
    await expect(
      runTimeline({ paths: [dir], format: "csv", output: out, input: DEFAULT_INPUT, filter: {}, quiet: true }),
    ).rejects.toThrow(/no log files/);
    expect(readFileSync(out, "utf8")).toBe("");
  });
});

/** A CCM log whose name does not say which log it is; the third record's component does. The bias changes mid-file. */
function unnamedLog(n: number, eol: string): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const bias = i < n / 2 ? 300 : 240;
    const t = `${String(10 + (Math.floor(i / 3600) % 10)).padStart(2, "0")}:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}.${String(i % 1000).padStart(3, "0")}`;
    const component = i < 2 ? "Helper" : i % 5 === 0 ? "execmgr" : "ScanWrapper";
    const msg =
      i % 41 === 7
        ? `Raising event:${eol}instance of X${eol}{${eol}  a = "]]";${eol}};`
        : i % 7 === 3
          ? `Patch MS06-040 (KB921883) Applicable é ${i}`
          : i % 11 === 4
            ? `Scan failed with error 0x80070005 (${i})`
            : `Wrote ${i % 50} instances to Win32_PatchState`;
    if (i % 97 === 3) out.push("this line is no record");
    out.push(
      `<![LOG[${msg}]LOG]!><time="${t}+${bias}" date="08-14-2006" component="${component}" context="" type="${(i % 3) + 1}" thread="${i}" file="x.cpp:2">`,
    );
  }
  return out.join(eol) + eol;
}

describe("timeline of a large file read in ranges by threads", () => {
  // One case per line ending, format and filter, so that each stays short on a loaded machine.
  const CASES = (["CRLF", "LF"] as const).flatMap((n) =>
    (["ndjson", "csv"] as const).flatMap((format) =>
      FILTERS.map(([name, filter]) => [n, format, name, filter] as const),
    ),
  );
  const files = new Map<string, string>();
  const fileFor = (n: "CRLF" | "LF"): string => {
    let file = files.get(n);
    if (!file) {
      file = path.join(mkdtempSync(path.join(tmpdir(), "patchflow-tl-par-")), "collected.log");
      writeFileSync(file, unnamedLog(8000, n === "CRLF" ? "\r\n" : "\n"));
      files.set(n, file);
    }
    return file;
  };

  it.each(CASES)(
    "%s, %s, %s: the same bytes, counts and recognition as one thread",
    async (n, format, _name, filter) => {
      const file = fileFor(n);
      const one = await streamed([file], format, filter, { workers: 1 });
      const two = await streamed([file], format, filter, { workers: 2, parallelMinBytes: 1, rangeBytes: 64 * 1024 });
      const three = await streamed([file], format, filter, { workers: 3, parallelMinBytes: 1, rangeBytes: 100 * 1024 });
      expect(two.text).toBe(one.text);
      expect(three.text).toBe(one.text);
      expect(two.report.stats).toEqual(one.report.stats);
      expect(two.recognition).toEqual(one.recognition);
      expect(one.text).toBe(await kept([file], format, filter));
    },
  );

  it.each(["CRLF", "LF"] as const)(
    "%s: a file's log told by its third record: later ranges start with it",
    async (n) => {
      // The file's log was told by its third record: later ranges start with it, the first two records stay "other".
      const events = (
        await streamed([fileFor(n)], "ndjson", {}, { workers: 2, parallelMinBytes: 1, rangeBytes: 64 * 1024 })
      ).text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(events.filter((e) => e.log === "other").map((e) => e.line)).toEqual([1, 2]);
      expect(events.filter((e) => e.log === "ScanWrapper").length).toBeGreaterThan(7000);
    },
  );

  it("--encoding utf8: the summary says how the encoding was decided, on one thread or several", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "patchflow-tl-par-"));
    const file = path.join(dir, "ScanWrapper.log");
    writeFileSync(file, unnamedLog(3000, "\r\n"));
    const input = { ...DEFAULT_INPUT, encoding: "utf8" as const };
    const one = await streamed([file], "ndjson", {}, { workers: 1, input });
    const two = await streamed([file], "ndjson", {}, { workers: 2, parallelMinBytes: 1, rangeBytes: 64 * 1024, input });
    expect(one.report.stats[0].encoding).toBe("utf8 (--encoding)");
    expect(two.report.stats).toEqual(one.report.stats);
    expect(two.text).toBe(one.text);
  });

  it("a range that cannot be read keeps what it read and reports the error, as reading in one go does", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "patchflow-tl-range-"));
    const r = await readRange({
      path: dir,
      display: "x/ScanWrapper.log",
      log: "ScanWrapper",
      range: { start: 0, end: 1000, firstLine: 1 },
      encoding: "utf8",
      maxLineBytes: 1 << 20,
      filter: {},
      lines: "ndjson",
    });
    expect(r.readError).toBe("is a folder, not a file");
    expect(r.columns!.length).toBe(0);
  });

  it("a file whose first range does not tell its log is read in one go, with the same result", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "patchflow-tl-par-"));
    const file = path.join(dir, "collected.log");
    const head =
      Array.from(
        { length: 3000 },
        (_, i) =>
          `<![LOG[Helper line ${i}]LOG]!><time="10:00:${String(i % 60).padStart(2, "0")}.000+300" date="08-14-2006" component="Helper" context="" type="1" thread="1" file="x.cpp:1">`,
      ).join("\n") + "\n";
    writeFileSync(file, head + unnamedLog(3000, "\n"));
    const one = await streamed([file], "ndjson", {}, { workers: 1 });
    const two = await streamed([file], "ndjson", {}, { workers: 2, parallelMinBytes: 1, rangeBytes: 64 * 1024 });
    expect(two.text).toBe(one.text);
    expect(one.text).toBe(await kept([file], "ndjson", {}));
  });
});

describe("spool", () => {
  const texts = (n: number): string[] =>
    Array.from({ length: n }, (_, i) =>
      i % 9 === 4 ? "" : `{"i":${i},"m":"${"x".repeat(i % 300)}${i % 5 === 0 ? "é日本😀" : ""}"}\n`,
    );
  /** Adds each text to the spool, an empty one as a skipped entry. */
  const fill = (spool: Spool, all: string[]): void => {
    for (const t of all) {
      if (t) spool.add(t);
      else spool.skip();
    }
  };

  it("gives every entry back, in any order, after overflowing to its temporary file", () => {
    const spool = new Spool(4096, 2048);
    // About 6 MB: more blocks than the spool caches, read in order and then scattered.
    const all = texts(40_000);
    fill(spool, all);
    expect(spool.spilled).toBe(true);
    expect(spool.length).toBe(all.length);
    for (let i = 0; i < all.length; i++)
      if (spool.entry(i).toString("utf8") !== all[i]) expect.fail(`entry ${i} in order`);
    const order = all.map((_, i) => i).sort((a, b) => ((a * 7919) % 40_000) - ((b * 7919) % 40_000));
    for (const i of order) if (spool.entry(i).toString("utf8") !== all[i]) expect.fail(`entry ${i} scattered`);
    spool.close();
  });

  it("takes a spool filled elsewhere as a block of entries", () => {
    const a = new Spool(Number.POSITIVE_INFINITY);
    const b = new Spool(2048, 1024);
    const first = texts(300);
    const second = texts(700).reverse();
    fill(b, first);
    fill(a, second);
    const { bytes, starts } = a.export();
    b.appendSpool(bytes, starts);
    b.add("last\n");
    expect(b.spilled).toBe(true);
    const all = [...first, ...second, "last\n"];
    expect(b.length).toBe(all.length);
    for (let i = all.length - 1; i >= 0; i--) expect(b.entry(i).toString("utf8")).toBe(all[i]);
    b.close();
  });
});

describe("classifier: repeated messages", () => {
  const rec = (message: string, type: number): LogRecord => ({
    kind: "record",
    format: "ccm",
    file: "f.log",
    firstLine: 1,
    lastLine: 1,
    byteOffset: 0,
    raw: message,
    message,
    component: "ScanWrapper",
    thread: 1,
    type,
    context: "SYSTEM",
    time: { local: null, utc: null, provenance: "none" },
    flags: [],
  });

  it("gives each event its own fields, and the record type still counts", () => {
    const c = new Classifier();
    const msg = "Scan failed with error 0x80070005";
    const a = c.classify(rec(msg, 1), "ScanWrapper");
    const b = c.classify(rec(msg, 2), "ScanWrapper");
    const fresh = new Classifier().classify(rec(msg, 2), "ScanWrapper");
    expect(b).toEqual(fresh);
    expect(a.fields).toEqual(b.fields);
    expect(a.fields).not.toBe(b.fields);
    expect(a.fields.codes).not.toBe(b.fields.codes);
    (a.fields.codes as Array<{ meaning?: string }>)[0].meaning = "changed";
    a.fields.extra = 1;
    expect(c.classify(rec(msg, 1), "ScanWrapper").fields).toEqual(
      new Classifier().classify(rec(msg, 1), "ScanWrapper").fields,
    );
    expect((c.recognized.get("ScanWrapper") ?? 0) + (c.unrecognized.get("ScanWrapper") ?? 0)).toBe(3);
  });
});
