import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { checkLossless, countLines, readAll, readBytes, tempTree } from "./helpers/read.js";
import { diagnosePaths } from "../src/api.js";
import type { LogRecord, ParsedItem } from "../src/model/record.js";

const EXCERPTS = path.resolve(__dirname, "fixtures/real-excerpts");
const records = (items: ParsedItem[]) => items.filter((i): i is LogRecord => i.kind === "record");
const brief = (r: LogRecord) => [r.firstLine, r.lastLine, r.format, r.component, r.time.local, r.thread, r.message];

/** An excerpt's published lines, without its `# ` header. */
function body(file: string): string {
  return readFileSync(path.join(EXCERPTS, file), "utf8")
    .split(/\r?\n/)
    .filter((l) => !l.startsWith("# "))
    .join("\r\n");
}

// Pasted shapes the reference lists (log-formats.md, "Pasted shapes seen in published KB text"), written for this
// test: component names, times and threads are made up.
const PASTE = [
  "  WARNING - Could not open the cache folder, Win32 = 3",
  "  $$<SMS_EXAMPLE_COMPONENT>",
  "  <Mon Oct 04 08:12:30.115 1999 Eastern Daylight Time>",
  "  <thread=212 (0xD4)>",
  "",
  "  CLASS - Process Class: Win32_Processor  $$<Hardware Inventory Agent>",
  "  <Fri May 05 10:00:14.466 2000><thread=175 (0xAF)>  CLASS - Process Class: Win32_BIOS  $$<Hardware Inventory",
  "  Agent><Fri May 05 10:00:15.002 2000><thread=175 (0xAF)>",
  "",
  "Msg one  $$<Example.dll><Tue Jan 11 10:01:02.003 2000><thread=88 (0x58)><BR/>",
  "SCHEDULER : Program completed.~  $$<APM><Wed May 10 09:15:12.360 2000 ><thread=1512 (0x5E8)><BR/>",
  "Job started  $$<APM><Tue May 16 13:17:10.804 2000>",
  "<thread=1512 (0x5E8)>",
  "",
  "  WARNING - Unable to return all values of property IPAddress of",
  "  Win32_NetworkAdapterConfiguration, max length reached !!",
  "",
  "Calling Boot32wn.exe <$$C:\\WINDOWS\\MS\\SMS\\CORE\\BIN\\EXAMPLE.EXE>",
  "",
].join("\r\n");

const EXPECTED = [
  [
    1,
    4,
    "trace",
    "SMS_EXAMPLE_COMPONENT",
    "1999-10-04T08:12:30.115",
    212,
    "  WARNING - Could not open the cache folder, Win32 = 3",
  ],
  [
    6,
    7,
    "trace",
    "Hardware Inventory Agent",
    "2000-05-05T10:00:14.466",
    175,
    "  CLASS - Process Class: Win32_Processor",
  ],
  [7, 8, "trace", "Hardware Inventory Agent", "2000-05-05T10:00:15.002", 175, "  CLASS - Process Class: Win32_BIOS"],
  [10, 10, "trace", "Example.dll", "2000-01-11T10:01:02.003", 88, "Msg one"],
  [11, 11, "trace", "APM", "2000-05-10T09:15:12.360", 1512, "SCHEDULER : Program completed.\n"],
  [12, 13, "trace", "APM", "2000-05-16T13:17:10.804", 1512, "Job started"],
  [
    15,
    16,
    "plain",
    null,
    null,
    null,
    "  WARNING - Unable to return all values of property IPAddress of Win32_NetworkAdapterConfiguration, max length reached !!",
  ],
  [18, 18, "trace", "C:\\WINDOWS\\MS\\SMS\\CORE\\BIN\\EXAMPLE.EXE", null, null, "Calling Boot32wn.exe"],
];

describe("pasted KB text through the reader", () => {
  it("each shape is one record with its component, time and thread; every line is accounted for", async () => {
    const root = tempTree({ "Hinv32.log": PASTE });
    const { items } = await readAll([path.join(root, "Hinv32.log")]);
    expect(checkLossless(items, countLines(PASTE))).toBeUndefined();
    const recs = records(items);
    expect(recs.map(brief)).toEqual(EXPECTED);
    // The entry that starts on the line the one above ends on says so.
    expect(recs[2].flags).toEqual(["suffix-rejoined", "shares-line"]);
    expect(recs[3].flags).toEqual(["html-break"]);
    expect(items.filter((i) => i.kind === "unparsed").map((i) => i.kind === "unparsed" && i.reason)).toEqual([
      "blank",
      "blank",
      "blank",
      "blank",
    ]);
  });

  it("read in chunks of any size, the records are the same", async () => {
    const bytes = Buffer.from(PASTE, "utf8");
    const whole = (await readBytes(bytes)).items;
    expect(records(whole).map(brief)).toEqual(EXPECTED);
    for (const chunk of [1, 3, 17, 64]) expect((await readBytes(bytes, { chunk })).items).toEqual(whole);
  });

  it("the real excerpts' message-only quotes are read one entry per wrapped message", async () => {
    const cases: Array<[string, string, number[][]]> = [
      [
        "hinv32-Q302354.txt",
        "Hinv32.log",
        [
          [1, 1],
          [2, 2],
          [3, 4],
          [5, 6],
          [7, 8],
          [9, 9],
          [10, 10],
        ],
      ],
      [
        "smsapm32-Q253197.txt",
        "Smsapm32.log",
        [
          [1, 2],
          [3, 4],
          [6, 8],
        ],
      ],
      [
        "smsapm32-Q240921.txt",
        "Smsapm32.log",
        [
          [1, 1],
          [2, 2],
          [4, 4],
        ],
      ],
      ["cas-mlucero2007.txt", "CAS.log", Array.from({ length: 25 }, (_, i) => [i + 1, i + 1])],
    ];
    for (const [file, as, lines] of cases) {
      const text = body(file);
      const root = tempTree({ [as]: text });
      const { items } = await readAll([path.join(root, as)]);
      expect(checkLossless(items, countLines(text)), file).toBeUndefined();
      expect(
        records(items).map((r) => [r.firstLine, r.lastLine]),
        file,
      ).toEqual(lines);
    }
  });

  it("the published three-line suffixes keep their component, time and thread", async () => {
    const text = body("datalodr-Q175763.txt");
    const root = tempTree({ "Datalodr.log": text });
    const recs = records((await readAll([path.join(root, "Datalodr.log")])).items);
    expect(recs.slice(0, 7).map((r) => [r.component, r.time.local, r.thread])).toEqual([
      ["SMS_INVENTORY_DATA_LOADER", "1997-11-04T13:07:27", 160],
      ["SMS_INVENTORY_DATA_LOADER", "1997-11-04T13:07:27", 160],
      ["SMS_INVENTORY_DATA_LOADER", "1997-11-04T13:07:27", 160],
      ["SMS_INVENTORY_DATA_LOADER", "1997-11-04T13:07:28", 160],
      ["SMS_INVENTORY_DATA_LOADER", "1997-11-04T13:07:29", 160],
      ["SMS_INVENTORY_DATA_LOADER", "1997-11-04T13:07:30", 160],
      ["SMS_INVENTORY_DATA_LOADER", "1997-11-04T13:07:31", 160],
    ]);
    // The last entry is cut short where the article's quote ends: its component is kept, no time is made up.
    expect(recs[7]).toMatchObject({
      firstLine: 15,
      lastLine: 16,
      component: "SMS_INVENTORY_DATA_LOADER",
      time: { local: null },
    });
    expect(recs[7].flags).toContain("suffix-truncated");
  });

  it("a wrapped Hinv32 warning quoted without its suffix is diagnosed on the inventory stage, citing its first line", async () => {
    const root = tempTree({ "MS/SMS/Logs/Hinv32.log": PASTE.split("\r\n").slice(14, 16).join("\r\n") + "\r\n" });
    const { diagnosis } = await diagnosePaths([root]);
    const f = diagnosis.findings.find((x) => x.ruleId === "inventory-properties-truncated");
    expect(f).toMatchObject({ stage: "inventory", severity: "warning" });
    expect(f!.evidence.map((e) => e.line)).toEqual([1]);
    expect(JSON.stringify(f!.data)).toContain("Win32_NetworkAdapterConfiguration");
    expect(JSON.stringify(f!.data)).toContain("IPAddress");
  });
});
