import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
// Worker threads load the built modules, so the parallel path is tested through the build (npm test builds first).
import { runParse } from "../src/commands/parse.js";
import { planRanges } from "../src/input/ranges.js";
import { DEFAULT_INPUT } from "../src/model/input.js";
import { countLines } from "./helpers/read.js";

function mixed(eol: string, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = `${String(i % 24).padStart(2, "0")}:00:${String(i % 60).padStart(2, "0")}.${String(i % 1000).padStart(3, "0")}`;
    if (i % 50 === 7)
      out.push(
        `<![LOG[Raising event:${eol}instance of X${eol}{${eol}  a = "]]";${eol}};]LOG]!><time="${t}+300" date="08-14-2006" component="execmgr" context="" type="1" thread="${i}" file="x.cpp:1">`,
      );
    else if (i % 13 === 5)
      out.push(
        `Hardware Inventory Agent cycle started ..... !~  $$<Hardware Inventory Agent><Fri May 05 10:00:14.466 2000><thread=175 (0xAF)>`,
      );
    else if (i % 97 === 3) out.push("");
    else
      out.push(
        `<![LOG[Patch MS06-040 (KB921883) Applicable é ${i}]LOG]!><time="${t}+300" date="08-14-2006" component="ScanWrapper" context="" type="${(i % 3) + 1}" thread="${i}" file="x.cpp:2">`,
      );
  }
  return out.join(eol) + eol;
}

async function ndjson(file: string, workers: number): Promise<string> {
  const out = path.join(path.dirname(file), `out-${workers}.ndjson`);
  await runParse({
    paths: [file],
    format: "ndjson",
    output: out,
    input: DEFAULT_INPUT,
    quiet: true,
    workers,
    parallelMinBytes: 1,
    rangeBytes: 64 * 1024,
  });
  return readFileSync(out, "utf8");
}

describe("parse in parallel ranges", () => {
  it.each([
    ["CRLF", "\r\n"],
    ["LF", "\n"],
  ])("%s: the same NDJSON as one thread, byte for byte", async (_n, eol) => {
    const dir = mkdtempSync(path.join(tmpdir(), "patchflow-par-"));
    const file = path.join(dir, "execmgr.log");
    const text = mixed(eol, 6000);
    writeFileSync(file, text);
    const ranges = await planRanges(file, Buffer.byteLength(text), 64 * 1024);
    expect(ranges.length).toBeGreaterThan(4);
    // Each range starts where a record starts, and its first line number is the count of lines before it.
    const bytes = Buffer.from(text);
    for (const r of ranges.slice(1)) {
      expect(bytes.subarray(r.start, r.start + 7).toString()).toMatch(/^(<!\[LOG\[|Hardwar|Patch M)/);
      expect(r.firstLine).toBe(countLines(bytes.subarray(0, r.start).toString()) + 1);
    }
    const seq = await ndjson(file, 1);
    const par = await ndjson(file, 2);
    expect(par).toBe(seq);
    expect(seq.trim().split("\n").length).toBeGreaterThan(5000);
  });
});

describe("parse in parallel ranges: pasted $$< text", () => {
  it("a suffix wrapped before its time or thread is never cut from it: the same NDJSON as one thread", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "patchflow-par-"));
    const file = path.join(dir, "Hinv32.log");
    const out: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const t = `Fri May 05 10:${String(i % 60).padStart(2, "0")}:14.466 2000`;
      if (i % 3 === 0)
        out.push(
          `  CLASS - Process Class: Win32_Class${i}  $$<Hardware Inventory Agent>`,
          `  <${t}><thread=175 (0xAF)>`,
        );
      else if (i % 3 === 1)
        out.push(`  WARNING - Entry ${i}`, "  $$<Hardware Inventory Agent>", `  <${t}>`, "  <thread=175 (0xAF)>");
      else out.push(`  CLASS - Process Class: Win32_Class${i}  $$<Hardware Inventory Agent><${t}><thread=175 (0xAF)>`);
    }
    const text = out.join("\r\n") + "\r\n";
    writeFileSync(file, text);
    const ranges = await planRanges(file, Buffer.byteLength(text), 16 * 1024);
    expect(ranges.length).toBeGreaterThan(4);
    const bytes = Buffer.from(text);
    for (const r of ranges.slice(1)) expect(bytes.subarray(r.start, r.start + 3).toString()).not.toMatch(/^ *</);
    const seq = await ndjson(file, 1);
    expect(await ndjson(file, 2)).toBe(seq);
    const recs = seq
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((r) => r.kind === "record");
    expect(recs).toHaveLength(4000);
    expect(recs.every((r) => r.time.local !== null && r.thread === 175)).toBe(true);
  });
});
