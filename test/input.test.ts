import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, symlinkSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import { checkLossless, countLines, readAll, readBytes, tempTree } from "./helpers/read.js";
import { isLogFileName } from "../src/input/discover.js";
import type { LogRecord, ParsedItem } from "../src/model/record.js";

// Copies of the published excerpts (test/fixtures/real-excerpts, each with its source header).
const EXCERPTS = path.resolve(__dirname, "fixtures/real-excerpts");
const CCM = (msg: string, time = "14:23:45.123+300", extra = "") =>
  `<![LOG[${msg}]LOG]!><time="${time}" date="08-14-2006" component="ScanWrapper" context="" type="1" thread="2236" file="scanwrapper.cpp:412"${extra}>`;
const records = (items: ParsedItem[]) => items.filter((i): i is LogRecord => i.kind === "record");

describe("decoding", () => {
  const text = `${CCM("Scan complete: café ✓")}\r\n${CCM("second")}\r\n`;
  const cases: Array<[string, Buffer]> = [
    ["UTF-8", Buffer.from(text, "utf8")],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])],
    ["UTF-16LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
    ["UTF-16LE without BOM", Buffer.from(text, "utf16le")],
    ["UTF-16BE with BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()])],
  ];
  it.each(cases)("%s gives the same records", async (_name, bytes) => {
    const { items } = await readBytes(bytes, { chunk: 7 });
    const recs = records(items);
    expect(recs.map((r) => r.message)).toEqual(["Scan complete: café ✓", "second"]);
    expect(recs[1].firstLine).toBe(2);
    expect(checkLossless(items, 2)).toBeUndefined();
  });

  it("reads Windows-1252 bytes that are not UTF-8, line by line, and flags them", async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${CCM("plain ascii")}\r\n`),
      Buffer.from(`${CCM("Fehler: Zugriff verweigert \xe4\xf6\xfc")}\r\n`, "latin1"),
      Buffer.from(`${CCM("utf8 ✓")}\r\n`),
    ]);
    const { items } = await readBytes(bytes);
    const recs = records(items);
    expect(recs.map((r) => r.message)).toEqual(["plain ascii", "Fehler: Zugriff verweigert äöü", "utf8 ✓"]);
    expect(recs[1].flags).toContain("decoded-windows-1252");
    expect(recs[0].flags).not.toContain("decoded-windows-1252");
    // Byte offsets point into the original bytes.
    for (const r of recs) expect(bytes.subarray(r.byteOffset, r.byteOffset + 7).toString("latin1")).toBe("<![LOG[");
  });

  it("--encoding overrides the sniffing", async () => {
    const bytes = Buffer.from(`${CCM("caf\xe9")}\n`, "latin1");
    const { items } = await readBytes(bytes, { encoding: "windows-1252" });
    expect(records(items)[0].message).toBe("café");
  });

  it("reports a dangling byte of UTF-16 text", async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`${CCM("x")}\r\n`, "utf16le"),
      Buffer.from([0x41]),
    ]);
    const { items } = await readBytes(bytes);
    expect(records(items)).toHaveLength(1);
    expect(items.at(-1)).toMatchObject({ kind: "unparsed", reason: "truncated", byteLength: 1 });
  });
});

describe("lines and offsets", () => {
  it.each([
    ["CRLF", "\r\n"],
    ["LF", "\n"],
    ["lone CR", "\r"],
  ])("%s line endings keep line numbers and byte offsets", async (_n, eol) => {
    const body =
      [CCM("one"), "", CCM(`multi${eol}line${eol}message`), "Fri May 05 plain text", CCM("last")].join(eol) + eol;
    const bytes = Buffer.from(body);
    for (const chunk of [3, 50, 65536]) {
      const { items } = await readBytes(bytes, { chunk });
      expect(checkLossless(items, countLines(body))).toBeUndefined();
      const recs = records(items);
      expect(recs.map((r) => [r.message.split(/\r\n|\r|\n/).join("|"), r.firstLine, r.lastLine])).toEqual([
        ["one", 1, 1],
        ["multi|line|message", 3, 5],
        ["Fri May 05 plain text", 6, 6],
        ["last", 7, 7],
      ]);
      for (const r of recs)
        expect(bytes.subarray(r.byteOffset, r.byteOffset + Buffer.byteLength(r.raw)).toString()).toBe(r.raw);
      expect(items[1]).toMatchObject({ kind: "unparsed", reason: "blank", firstLine: 2 });
    }
  });

  it("skips a line over the limit without keeping it, and says so", async () => {
    const long = "x".repeat(300_000);
    const body = `${CCM("before")}\n${long}\n${CCM("after")}\n`;
    const { items } = await readBytes(Buffer.from(body), { maxLineBytes: 100_000, chunk: 8192 });
    expect(items.map((i) => (i.kind === "record" ? i.message : i.reason))).toEqual(["before", "too-long", "after"]);
    expect(items[1]).toMatchObject({ firstLine: 2, byteOffset: body.indexOf("\n") + 1, byteLength: 300_001 });
    expect(records(items)[1].firstLine).toBe(3);
  });

  it("keeps good records around binary junk", async () => {
    const body = Buffer.concat([
      Buffer.from(`${CCM("good")}\n`),
      Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 10]),
      Buffer.from(`${CCM("also good")}\n`),
    ]);
    const { items } = await readBytes(body);
    expect(items.map((i) => (i.kind === "record" ? i.message : i.reason))).toEqual(["good", "binary", "also good"]);
  });
});

describe("real excerpts", () => {
  const files = readdirSync(EXCERPTS).filter((f) => f.endsWith(".txt"));
  it.each(files)("%s: every line accounted for", async (f) => {
    const p = path.join(EXCERPTS, f);
    const text = readFileSync(p, "utf8");
    const { items } = await readAll([p]);
    expect(checkLossless(items, countLines(text))).toBeUndefined();
  });

  it.each(files)("%s: read in small chunks gives the same items as read whole", async (f) => {
    const bytes = readFileSync(path.join(EXCERPTS, f));
    const whole = (await readBytes(bytes)).items;
    for (const chunk of [1, 5, 64]) expect((await readBytes(bytes, { chunk })).items).toEqual(whole);
  });

  it("complete $$< lines become timed records with component, local time, zone and thread", async () => {
    const { items } = await readAll([path.join(EXCERPTS, "sinvproc-Q248969.txt")]);
    const recs = records(items).filter((r) => r.format === "trace");
    expect(recs).toHaveLength(4);
    expect(recs[1]).toMatchObject({
      component: "SMS_SOFTWARE_INVENTORY_PROCESSOR",
      thread: 322,
      time: {
        local: "1999-12-10T01:12:40.304",
        provenance: "zone-name",
        zone: "Pacific Standard Time",
        bias: 480,
        utc: "1999-12-10T09:12:40.304Z",
        dstAmbiguous: true,
        altBias: 420,
      },
    });
  });

  it("the CCM line with a known zone gives the documented UTC (bias +420 in Redmond in June)", async () => {
    const { items } = await readAll([path.join(EXCERPTS, "smsts-msdocs-peercache.txt")]);
    // The excerpt's header describes the format with a CCM-shaped line of its own; the published line is the last.
    const rec = records(items).find((r) => r.format === "ccm" && r.message.startsWith("Downloaded file"))!;
    expect(rec).toMatchObject({
      component: "ApplyOperatingSystem",
      thread: 1256,
      type: 1,
      time: { local: "2015-06-26T14:24:33.329", utc: "2015-06-26T21:24:33.329Z", provenance: "bias", bias: 420 },
    });
  });

  it("client $$< lines without a zone have no UTC unless a zone is assumed", async () => {
    const p = path.join(EXCERPTS, "smsapm32-Q268500.txt");
    const plain = records((await readAll([p])).items).filter((r) => r.format === "trace");
    expect(plain[0].time).toMatchObject({ local: "2000-05-16T13:17:10.804", utc: null, provenance: "none" });
    const { parseAssumedZone } = await import("../src/time/time.js");
    const assumed = records((await readAll([p], { assume: parseAssumedZone("America/Los_Angeles") })).items).filter(
      (r) => r.format === "trace",
    );
    expect(assumed[0].time).toMatchObject({
      utc: "2000-05-16T20:17:10.804Z",
      provenance: "assumed",
      bias: 420,
      zone: "America/Los_Angeles",
    });
  });
});

describe("discovery and rollover", () => {
  it("finds logs case-insensitively in collected layouts and reads X.lo_ before X.log, dropping repeated boundary records", async () => {
    const old =
      [CCM("a", "10:00:00.000+300"), CCM("b", "10:00:01.000+300"), CCM("c", "10:00:02.000+300")].join("\r\n") + "\r\n";
    const cur =
      [CCM("b", "10:00:01.000+300"), CCM("c", "10:00:02.000+300"), CCM("d", "10:00:03.000+300")].join("\r\n") + "\r\n";
    const root = tempTree({
      "PC1/WINDOWS/system32/CCM/Logs/ScanWrapper.LOG": cur,
      "PC1/WINDOWS/system32/CCM/Logs/scanwrapper.lo_": old,
      "PC1/WINDOWS/MS/SMS/Logs/Hinv32.log":
        "Hardware Inventory Agent cycle started ..... !  $$<Hardware Inventory Agent><Fri May 05 10:00:14.466 2000><thread=175 (0xAF)>\r\n",
      "PC1/notes.txt": "not a log",
    });
    mkdirSync(path.join(root, "PC1/odd.log"));
    const { items, report } = await readAll([root]);
    expect(report.stats.map((s) => [path.basename(s.file), s.log])).toEqual([
      ["Hinv32.log", "Hinv32"],
      ["scanwrapper.lo_", "ScanWrapper"],
      ["ScanWrapper.LOG", "ScanWrapper"],
    ]);
    const scan = records(items).filter((r) => r.file.toLowerCase().includes("scanwrapper"));
    expect(scan.map((r) => r.message)).toEqual(["a", "b", "c", "d"]);
    const dups = items.filter((i) => i.kind === "unparsed" && i.reason === "duplicate");
    expect(dups.map((d) => [path.basename(d.file), d.firstLine])).toEqual([
      ["ScanWrapper.LOG", 1],
      ["ScanWrapper.LOG", 2],
    ]);
  });

  it("does not follow links out of the given folder, and says so", async () => {
    const outside = tempTree({ "secret.log": `${CCM("outside")}\n` });
    const root = tempTree({ "CCM/Logs/execmgr.log": `${CCM("inside")}\n` });
    symlinkSync(path.join(outside, "secret.log"), path.join(root, "CCM/Logs/linked.log"));
    symlinkSync(outside, path.join(root, "CCM/Logs/linkdir"));
    symlinkSync(root, path.join(root, "CCM/loop"));
    const { items, report } = await readAll([root]);
    expect(records(items).map((r) => r.message)).toEqual(["inside"]);
    expect(report.discovery.warnings.join("\n")).toMatch(/linked\.log: link to .* skipped: it points outside/);
  });

  it("a missing path is an input error that names it", async () => {
    await expect(readAll(["/nonexistent/patchflow"])).rejects.toThrow(
      /\/nonexistent\/patchflow: no such file or folder/,
    );
  });
});

describe("log file names", () => {
  it("one test for folders, archives and fleets: logs and their numbered copies, nothing after the number", () => {
    for (const n of [
      "ScanWrapper.log",
      "ScanWrapper.LO_",
      "execmgr.log1",
      "execmgr.log.1",
      "execmgr.lo_2",
      "execmgr.lo_.2",
      "PatchInstall-20060812.log",
    ])
      expect(isLogFileName(n), n).toBe(true);
    for (const n of ["execmgr.log.1.gz", "execmgr.lo_1.txt", "README.md", "logs.zip", "catalog.xml"])
      expect(isLogFileName(n), n).toBe(false);
  });
});
