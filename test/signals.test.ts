import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { diagnosePaths } from "../src/api.js";
import { parseAssumedZone } from "../src/time/time.js";
import { messageSignal, recordSignal, inferKind } from "../src/events/signals.js";
import { extractCodes } from "../src/events/codes.js";
import { shapeEnd, shapeOf } from "../src/rules/lib/signals.js";
import { tempTree } from "./helpers/read.js";
import type { Diagnosis } from "../src/model/diagnosis.js";

/**
 * Evidence before phrasing: the failure samples with their failure lines reworded (same record type, same codes,
 * words nobody wrote a pattern for) must still be diagnosed, with a finding that cites a reworded line. The
 * rewordings are fixtures (test/fixtures/reworded/*.json); each `from` must occur in the sample, so a fixture cannot
 * quietly stop rewording anything.
 */
const SAMPLES = path.resolve(__dirname, "../samples");
const REWORDED = path.resolve(__dirname, "fixtures/reworded");

interface Reworded {
  sample: string;
  assumeTz?: string;
  stage: string;
  rewords: Array<{ file: string; from: string; to: string }>;
}

async function diagnoseReworded(fx: Reworded): Promise<{ d: Diagnosis; root: string }> {
  const root = mkdtempSync(path.join(tmpdir(), "patchflow-reworded-"));
  cpSync(path.join(SAMPLES, fx.sample), root, { recursive: true });
  for (const r of fx.rewords) {
    const file = path.join(root, r.file);
    const text = readFileSync(file, "latin1");
    expect(text.includes(r.from), `${fx.sample}/${r.file} has no "${r.from}"`).toBe(true);
    writeFileSync(file, text.split(r.from).join(r.to), "latin1");
  }
  const { diagnosis } = await diagnosePaths([root], {
    input: fx.assumeTz ? { assume: parseAssumedZone(fx.assumeTz) } : {},
  });
  return { d: diagnosis, root };
}

const fixtures = readdirSync(REWORDED)
  .filter((f) => f.endsWith(".json"))
  .sort();

describe.each(fixtures)("reworded failure sample %s", (name) => {
  const fx = JSON.parse(readFileSync(path.join(REWORDED, name), "utf8")) as Reworded;

  it("is still diagnosed: the stage is failed or warning, and a finding cites a reworded line", async () => {
    const { d } = await diagnoseReworded(fx);
    const stage = d.stages.find((s) => s.stage === fx.stage)!;
    expect(["failed", "warning"]).toContain(stage.verdict);
    const reworded = fx.rewords.map((r) => r.to);
    const citing = d.findings.filter(
      (f) => f.severity !== "info" && f.evidence.some((e) => reworded.some((t) => e.message.includes(t))),
    );
    expect(
      citing.map((f) => f.ruleId),
      JSON.stringify(d.findings.map((f) => [f.ruleId, f.severity, f.evidence.map((e) => e.message)])),
    ).not.toEqual([]);
  });
});

describe("the reworded sync failure of the sync-proxy-failure sample", () => {
  const fx = JSON.parse(readFileSync(path.join(REWORDED, "sync-proxy-failure.json"), "utf8")) as Reworded;

  it("is a failed sync with the download failure inferred, said to rest on inferred lines", async () => {
    const { d } = await diagnoseReworded(fx);
    expect(d.stages.find((s) => s.stage === "sync")!.verdict).toBe("failed");
    const dl = d.findings.filter((f) => f.ruleId === "sync-download-failed");
    expect(dl.map((f) => f.severity)).toEqual(["error", "error"]);
    expect(dl[0].message).toContain("0x80190197");
    expect(dl[0].inferred).toBe(true);
    expect(dl[0].message).toMatch(/keywords and codes/);
  });

  it("folds the program's failed exit into the sync finding (one root cause, one finding)", async () => {
    const { d } = await diagnoseReworded(fx);
    expect(d.findings.filter((f) => f.ruleId === "execution-program-failed")).toEqual([]);
    const dl = d.findings.find((f) => f.ruleId === "sync-download-failed")!;
    expect(dl.evidence.some((e) => e.file.endsWith("execmgr.log") && e.message.includes("return value 1"))).toBe(true);
    // The program-execution verdict agrees with the program's failures.
    expect(d.stages.find((s) => s.stage === "execution")!.verdict).toBe("failed");
  });
});

describe("the sync-proxy-failure sample in words no tier knows (only the record type and the codes are left)", () => {
  const fx = JSON.parse(readFileSync(path.join(REWORDED, "sync-proxy-failure-opaque.json"), "utf8")) as Reworded;

  it("is a failed sync: one unexplained error for the run nothing explains, the program's exit folded into it", async () => {
    const { d } = await diagnoseReworded(fx);
    expect(d.stages.find((s) => s.stage === "sync")!.verdict).toBe("failed");
    const un = d.findings.filter((f) => f.ruleId === "flow-unexplained-errors");
    expect(un.map((f) => [f.stage, f.severity, f.data.count])).toEqual([["sync", "error", 2]]);
    expect(un[0].message).toContain("0x80072EFD: A connection with the server could not be established");
    expect(un[0].evidence.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        "Giving up: 0x80072EFD",
        "Bye",
        "Program Security Update Sync terminated, return value 1",
      ]),
    );
    expect(
      d.findings.filter((f) => f.ruleId === "execution-program-failed" || f.ruleId === "flow-run-did-not-end"),
    ).toEqual([]);
  });
});

describe("the sample diagnoses", () => {
  it("a clean sample gets no error and no warning (healthy-advanced-client)", async () => {
    const { diagnosis } = await diagnosePaths([path.join(SAMPLES, "healthy-advanced-client")]);
    expect(diagnosis.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(diagnosis.stages.map((s) => s.verdict)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
  });

  it("counts incidents, not echoes: fleet/WKS002's two failing patches are two errors, PatchInstall's exits folded in", async () => {
    const { diagnosis } = await diagnosePaths([path.join(SAMPLES, "fleet/WKS002")]);
    const errors = diagnosis.findings.filter((f) => f.severity === "error");
    expect(errors.map((f) => f.ruleId)).toEqual(["install-patch-failed", "install-patch-failed"]);
    expect(errors.flatMap((f) => f.evidence.filter((e) => e.file.endsWith("execmgr.log")).map((e) => e.line))).toEqual(
      expect.arrayContaining([17, 29]),
    );
  });

  it("a program failure its stage explains is evidence of the stage finding, not a second error (sync-proxy-failure)", async () => {
    const { diagnosis } = await diagnosePaths([path.join(SAMPLES, "sync-proxy-failure")]);
    expect(diagnosis.findings.some((f) => f.ruleId === "execution-program-failed")).toBe(false);
    const dl = diagnosis.findings.filter((f) => f.ruleId === "sync-download-failed");
    expect(dl.flatMap((f) => f.evidence.filter((e) => e.file.endsWith("execmgr.log")).map((e) => e.line))).toEqual(
      expect.arrayContaining([114, 132]),
    );
    expect(diagnosis.stages.find((s) => s.stage === "execution")!.verdict).toBe("failed");
  });
});

describe("signal layer", () => {
  const sig = (message: string, type: number | null = null, matched = false) =>
    recordSignal(messageSignal(message, extractCodes(message)), type, matched);

  it("reads the record type, the SMS prefixes, failure codes and words", () => {
    expect(sig("anything at all", 3)).toEqual({ level: "failure", basis: ["type"] });
    expect(sig("anything at all", 2)).toEqual({ level: "warning", basis: ["type"] });
    expect(sig("<<CLIEXCEPT>> A fatal exception occurred in THIS THREAD.")?.level).toBe("failure");
    expect(sig("<<<<<<<<<<<<< EXCEPTION EXCEPTION EXCEPTION >>>>>>>>>>>>>")?.basis).toContain("prefix");
    expect(sig("*** ERROR something")?.basis).toContain("prefix");
    // The format's WARNING outweighs the failure words ("unable to").
    expect(sig("WARNING - Unable to return all values of property IPAddress")).toEqual({
      level: "warning",
      basis: ["prefix", "words"],
    });
    expect(sig("INSTANCE WARNING - Enumeration Timeout")?.basis).toEqual(["prefix", "words"]);
    expect(sig("Could not retrieve the catalog, hr=0x80190197")).toEqual({
      level: "failure",
      basis: ["code", "words"],
    });
    expect(sig("Program terminated, return value 1")).toEqual({ level: "failure", basis: ["code"] });
    expect(sig("SCHED DATA : Failed to get package object.~")?.level).toBe("failure");
  });

  it("does not read success codes, negated words or plain lines as signals", () => {
    expect(sig("Program exit code 0")).toBeUndefined();
    expect(sig("MS06-045 (KB921398) exit code 3010")).toBeUndefined();
    expect(sig("Scan complete, 0 errors")).toBeUndefined();
    expect(sig("Completed without errors")).toBeUndefined();
    expect(sig("Executing program ScanWrapper.exe /s /cache /kick in Admin context", 1)).toBeUndefined();
  });

  it("a matched pattern's words add nothing, its record type and codes still count", () => {
    expect(sig("Collection: Timeout = 600 secs.", 1, true)).toBeUndefined();
    expect(sig("Collection: Timeout = 600 secs.", 1, false)?.level).toBe("warning");
    expect(sig("Download failed: 0x80190197", 1, true)).toEqual({ level: "failure", basis: ["code"] });
  });
});

describe("tolerant classification tier", () => {
  const infer = (message: string, log: Parameters<typeof inferKind>[1]) => {
    const codes = extractCodes(message);
    const exit = codes.find((c) => c.system === "exit" || c.system === "msi");
    const failing = recordSignal(messageSignal(message, codes), null, false)?.level === "failure";
    return inferKind(message, log, { codes, ...(exit ? { exitCode: exit.value } : {}) }, failing)?.kind;
  };

  it("infers the kinds the rules build on from the stage's nouns and verbs", () => {
    expect(infer("Could not retrieve the catalog, hr=0x80190197", "SecuritySyncXML")).toBe("catalog.download.failed");
    expect(infer("Exiting with return code 1", "SecuritySyncXML")).toBe("sync.failed");
    expect(infer("Exiting with return code 0", "OfficeSyncXML")).toBe("sync.completed");
    expect(infer("Win32_PatchState could not be stored, hr=0x80041003", "ScanWrapper")).toBe("scan.wmi.failed");
    expect(infer("Scanning aborted, hr=0x80070002", "ScanWrapper")).toBe("scan.failed");
    expect(infer("Setup of KB918899 (MS06-042) returned 1603", "PatchInstall")).toBe("install.patch.exit");
    expect(infer("Program Security Update Sync terminated, return value 1", "execmgr")).toBe("execution.program.exit");
  });

  it("leaves lines without a failure or a code generic", () => {
    expect(infer("Retrieving the catalog", "SecuritySyncXML")).toBeUndefined();
    expect(infer("Storing 12 instances", "ScanWrapper")).toBeUndefined();
    expect(infer("KB918899 is next", "PatchInstall")).toBeUndefined();
  });

  it("marks events recognizedBy pattern or inferred, in the timeline JSON", async () => {
    const root = tempTree({
      "CCM/Logs/SecuritySyncXML.log":
        '<![LOG[Download failed: 0x80190197]LOG]!><time="02:00:05.711+420" date="08-13-2006" component="SyncXML" context="" type="3" thread="3460" file="download.cpp:196">\r\n' +
        '<![LOG[Could not retrieve the catalog, hr=0x80190197]LOG]!><time="02:00:05.712+420" date="08-13-2006" component="SyncXML" context="" type="3" thread="3460" file="download.cpp:196">\r\n' +
        '<![LOG[Connecting to SMS Provider on SEASMS01]LOG]!><time="02:00:05.713+420" date="08-13-2006" component="SyncXML" context="" type="1" thread="3460" file="syncxml.cpp:164">\r\n',
    });
    const { timeline } = await diagnosePaths([root]);
    expect(timeline.events.map((e) => [e.kind, e.recognizedBy, e.signal?.level])).toEqual([
      ["catalog.download.failed", "pattern", "failure"],
      ["catalog.download.failed", "inferred", "failure"],
      ["sync.message", undefined, undefined],
    ]);
  });
});

describe("verdicts follow evidence", () => {
  const line = (msg: string, t: string, d: string, type = 1) =>
    `<![LOG[${msg}]LOG]!><time="${t}+420" date="${d}" component="SyncXML" context="" type="${type}" thread="3460" file="syncxml.cpp:1">`;
  const START =
    "SyncXML started: /s /site SEASMS01 /code SEA /target \\\\SEA-ADM-WS02\\SMSPKG\\SecurityPatch\\PkgSource /package SEA00008";
  const cutOff = [
    line(START, "02:00:03.273", "08-13-2006"),
    line("SyncXML completed successfully", "02:00:21.067", "08-13-2006"),
    line(START, "02:00:03.273", "08-20-2006"),
    line(
      "Downloading http://go.microsoft.com/fwlink/?LinkId=18922 to C:\\WINDOWS\\TEMP\\mssecure.cab",
      "02:00:04.637",
      "08-20-2006",
    ),
  ];

  it("a newest run that did not end gets a finding and is never ok", async () => {
    const root = tempTree({ "CCM/Logs/SecuritySyncXML.log": cutOff.join("\r\n") + "\r\n" });
    const { diagnosis } = await diagnosePaths([root]);
    const f = diagnosis.findings.find((x) => x.ruleId === "flow-run-did-not-end")!;
    expect(f).toMatchObject({ stage: "sync", severity: "warning", messageId: "log-ends" });
    expect(f.evidence.map((e) => e.line)).toEqual([3, 4]);
    expect(diagnosis.stages.find((s) => s.stage === "sync")!.verdict).toBe("warning");
  });

  it("the healthy sample with its last sync cut off: sync is a warning, the run did not end, nothing later succeeded", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "patchflow-cut-"));
    cpSync(path.join(SAMPLES, "healthy-advanced-client"), root, { recursive: true });
    const file = path.join(root, "CCM/Logs/SecuritySyncXML.log");
    const lines = readFileSync(file, "latin1").split("\r\n");
    writeFileSync(file, lines.slice(0, lines.length - 4).join("\r\n") + "\r\n", "latin1");
    const { diagnosis } = await diagnosePaths([root]);
    expect(diagnosis.stages.find((s) => s.stage === "sync")!.verdict).toBe("warning");
    const f = diagnosis.findings.filter((x) => x.ruleId === "flow-run-did-not-end");
    // execmgr's lone "completed with exit code 0" line of that same run is not a later success.
    expect(f.map((x) => [x.stage, x.severity, x.messageId])).toEqual([["sync", "warning", "log-ends"]]);
    expect(f[0].message).toContain("It is the newest SyncXML run in the logs.");
  });

  it("a long incident's lines beyond the evidence shown are still explained by its finding", async () => {
    const days = ["07-02", "07-09", "07-16", "07-23", "07-30", "08-06", "08-13", "08-20"];
    const log = days.flatMap((d) => [
      line(START, "02:00:03.273", `${d}-2006`),
      line("Download failed: 0x80072EFD", "02:00:26.271", `${d}-2006`, 3),
      line("SyncXML failed with exit code 1", "02:00:26.370", `${d}-2006`, 3),
    ]);
    const root = tempTree({ "CCM/Logs/SecuritySyncXML.log": log.join("\r\n") + "\r\n" });
    const { diagnosis } = await diagnosePaths([root]);
    expect(diagnosis.findings.filter((f) => f.ruleId === "sync-download-failed").map((f) => f.severity)).toEqual([
      "error",
    ]);
    expect(diagnosis.findings.filter((f) => f.ruleId === "flow-unexplained-errors")).toEqual([]);
  });

  it("holds with the late rules turned off: the runs alone keep the stage from ok", async () => {
    const levels = { "flow-run-did-not-end": "off", "flow-unexplained-errors": "off" } as const;
    const cut = tempTree({ "CCM/Logs/SecuritySyncXML.log": cutOff.join("\r\n") + "\r\n" });
    expect(
      (await diagnosePaths([cut], { diagnose: { levels } })).diagnosis.stages.find((s) => s.stage === "sync")!.verdict,
    ).toBe("warning");
    const failedExit = tempTree({
      "CCM/Logs/SecuritySyncXML.log":
        [line(START, "02:00:03.273", "08-20-2006"), line("Finished, return code 1", "02:00:21.067", "08-20-2006")].join(
          "\r\n",
        ) + "\r\n",
    });
    expect(
      (await diagnosePaths([failedExit], { diagnose: { levels } })).diagnosis.stages.find((s) => s.stage === "sync")!
        .verdict,
    ).toBe("failed");
  });

  it("an unexplained failure line in the latest run is an error, a warning once a later run succeeded", async () => {
    const odd = (d: string) => [
      line(START, "02:00:03.273", d),
      line("Provider handshake rejected: 0x80041013", "02:00:04.000", d, 3),
      line("SyncXML completed successfully", "02:00:21.067", d),
    ];
    const latest = tempTree({ "CCM/Logs/SecuritySyncXML.log": odd("08-20-2006").join("\r\n") + "\r\n" });
    const a = (await diagnosePaths([latest])).diagnosis;
    expect(a.findings.filter((f) => f.ruleId === "flow-unexplained-errors").map((f) => [f.stage, f.severity])).toEqual([
      ["sync", "error"],
    ]);
    expect(a.stages.find((s) => s.stage === "sync")!.verdict).toBe("failed");
    const recovered = tempTree({
      "CCM/Logs/SecuritySyncXML.log":
        [
          ...odd("08-13-2006"),
          line(START, "02:00:03.273", "08-20-2006"),
          line("SyncXML completed successfully", "02:00:21.067", "08-20-2006"),
        ].join("\r\n") + "\r\n",
    });
    const b = (await diagnosePaths([recovered])).diagnosis;
    const f = b.findings.filter((x) => x.ruleId === "flow-unexplained-errors");
    expect(f.map((x) => [x.stage, x.severity])).toEqual([["sync", "warning"]]);
    expect(f[0].message).toContain("0x80041013: WMI: provider load failure");
    expect(f[0].evidence[0].line).toBe(2);
  });
});

describe("one incident, one finding: the same unexplained failure in runs in a row", () => {
  const line = (msg: string, t: string, d: string, type = 1) =>
    `<![LOG[${msg}]LOG]!><time="${t}+420" date="${d}" component="SyncXML" context="" type="${type}" thread="3460" file="syncxml.cpp:1">`;
  const START =
    "SyncXML started: /s /site SEASMS01 /code SEA /target \\\\SEA-ADM-WS02\\SMSPKG\\SecurityPatch\\PkgSource /package SEA00008";
  const DONE = "SyncXML completed successfully";
  /** A sync run on day `d` that logs `failures` (type 3) and then completes. */
  const run = (d: string, failures: string[]) => [
    line(START, "02:00:03.273", `${d}-2006`),
    ...failures.map((f, i) => line(f, `02:00:0${4 + i}.000`, `${d}-2006`, 3)),
    line(DONE, "02:00:21.067", `${d}-2006`),
  ];
  const unexplained = async (runs: string[][]) => {
    const root = tempTree({ "CCM/Logs/SecuritySyncXML.log": runs.flat().join("\r\n") + "\r\n" });
    const { diagnosis } = await diagnosePaths([root]);
    return diagnosis.findings.filter((f) => f.ruleId === "flow-unexplained-errors");
  };

  it("three runs in a row: one finding, its lines counted over all three, citing the first run and the last", async () => {
    const f = await unexplained([
      run("08-06", ["Provider handshake rejected: 0x80041013"]),
      run("08-13", ["Provider handshake rejected: 0x80041013", "Provider handshake rejected: 0x80041013"]),
      run("08-20", ["Provider handshake rejected: 0x80041013"]),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ stage: "sync", severity: "error", data: { count: 4 } });
    expect(f[0].message).toContain("in 3 sync runs in a row, the first started 2006-08-06 02:00");
    expect(f[0].message).toContain("the last 2006-08-20 02:00");
    expect(f[0].message).toContain("The last of these runs ended as a success");
    // The first run's failure and start, the last run's failure and start.
    expect(f[0].evidence.map((e) => e.line)).toEqual([2, 1, 9, 8]);
  });

  it("a clean run between them ends the incident: two findings, the one a later run got past a warning", async () => {
    const f = await unexplained([
      run("08-06", ["Provider handshake rejected: 0x80041013"]),
      run("08-13", []),
      run("08-20", ["Provider handshake rejected: 0x80041013"]),
    ]);
    const byLine = f.map((x) => [x.evidence[0].line, x.severity, x.data.count]).sort((a, b) => +a[0] - +b[0]);
    expect(byLine).toEqual([
      [2, "warning", 1],
      [7, "error", 1],
    ]);
    expect(f.find((x) => x.severity === "warning")!.message).toContain("in the sync run started 2006-08-06 02:00");
  });

  it("holds worded differently, with another code in each run: the shape takes the codes out, and each is explained", async () => {
    const f = await unexplained([
      run("08-06", ["Handshake with the catalog provider refused, hr=0x80041013"]),
      run("08-13", ["Handshake with the catalog provider refused, hr=0x80070005"]),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0].data.count).toBe(2);
    expect(f[0].message).toContain("0x80041013: WMI: provider load failure");
    expect(f[0].message).toMatch(/0x80070005: [^;]*[Aa]ccess/);
  });

  it("different failures in the same runs stay apart: one finding for each", async () => {
    const f = await unexplained([
      run("08-06", ["Provider handshake rejected: 0x80041013", "Index file could not be locked: 0x80070020"]),
      run("08-13", ["Provider handshake rejected: 0x80041013", "Index file could not be locked: 0x80070020"]),
    ]);
    expect(f.map((x) => [x.data.count, x.data.sample]).sort()).toEqual([
      [2, "Index file could not be locked: 0x80070020"],
      [2, "Provider handshake rejected: 0x80041013"],
    ]);
  });

  it("holds for a program's runs: the same failure in execmgr in each of ScanWrapper's three runs is one finding", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "patchflow-exec-"));
    cpSync(path.join(SAMPLES, "healthy-advanced-client"), root, { recursive: true });
    const file = path.join(root, "CCM/Logs/execmgr.log");
    const EXEC =
      /^<!\[LOG\[Executing program ScanWrapper\.exe.*?\]LOG\]!>(<time="[^"]*" date="[^"]*") component="execmgr" context="" type="1" thread="(\d+)"/;
    const lines = readFileSync(file, "latin1")
      .split("\r\n")
      .flatMap((l) => {
        const m = EXEC.exec(l);
        const odd = `<![LOG[Program helper handshake rejected: 0x80041013]LOG]!>${m?.[1]} component="execmgr" context="" type="3" thread="${m?.[2]}" file="scriptexecution.cpp:700">`;
        return m ? [l, odd] : [l];
      });
    expect(lines.filter((l) => l.includes("handshake"))).toHaveLength(3);
    writeFileSync(file, lines.join("\r\n"), "latin1");
    const { diagnosis } = await diagnosePaths([root]);
    const f = diagnosis.findings.filter((x) => x.ruleId === "flow-unexplained-errors");
    expect(f.map((x) => [x.stage, x.data.count])).toEqual([["execution", 3]]);
    expect(f[0].message).toContain("in 3 runs of ScanWrapper.exe in a row");
  });

  it("a message explains at most eight codes, and counts the rest", async () => {
    const codes = Array.from({ length: 12 }, (_, i) => `0x8004${(0x1000 + i).toString(16).toUpperCase()}`);
    const f = await unexplained([
      run(
        "08-20",
        codes.map((c) => `Provider handshake rejected: ${c}`),
      ),
    ]);
    expect(f).toHaveLength(1);
    for (const c of codes.slice(0, 8)) expect(f[0].message).toContain(c);
    for (const c of codes.slice(8)) expect(f[0].message).not.toContain(c);
    expect(f[0].message).toContain("and 4 other codes");
  });
});

describe("what the review of the signal layer found", () => {
  const line = (msg: string, t: string, d: string, type = 1) =>
    `<![LOG[${msg}]LOG]!><time="${t}+420" date="${d}" component="SyncXML" context="" type="${type}" thread="3460" file="syncxml.cpp:1">`;

  it("words on a record typed informational are at most a warning; counted-out words are no signal at all", () => {
    const sig = (msg: string, type: number | null) =>
      recordSignal(messageSignal(msg, extractCodes(msg)), type, false)?.level;
    for (const benign of [
      "Error count 0",
      "Error level 0",
      "Result: success (error 0)",
      "Failures: none",
      "No errors found",
      "Errors: 0, Warnings: 0",
    ]) {
      expect(sig(benign, 1), benign).toBeUndefined();
    }
    expect(sig("Exception handler installed", 1)).toBe("warning");
    expect(sig("Failures: 3 of 5 patches", 1)).toBe("warning");
    // Without a record type (SMS 2.0 logs), words still make a failure; a type 3 record always is one.
    expect(sig("Failures: 3 of 5 patches", null)).toBe("failure");
    expect(sig("Exception handler installed", 3)).toBe("failure");
  });

  it("benign informational lines in the healthy sample leave no stage failed", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "patchflow-benign-"));
    cpSync(path.join(SAMPLES, "healthy-advanced-client"), root, { recursive: true });
    const file = path.join(root, "CCM/Logs/SecuritySyncXML.log");
    const text = readFileSync(file, "latin1").trimEnd().split("\r\n");
    const last = text[text.length - 1];
    const benign = ["Error count 0", "Exception handler installed", "Error reporting disabled by policy"].map((m) =>
      last.replace(/<!\[LOG\[.*?\]LOG\]!>/, `<![LOG[${m}]LOG]!>`),
    );
    writeFileSync(file, [...text.slice(0, -1), ...benign, last].join("\r\n") + "\r\n", "latin1");
    const { diagnosis } = await diagnosePaths([root]);
    expect(diagnosis.stages.map((s) => s.verdict)).not.toContain("failed");
    expect(diagnosis.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("a second, unplaced failure line in a run a finding explains is cited by that finding, not dropped", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "patchflow-second-"));
    cpSync(path.join(SAMPLES, "sync-proxy-failure"), root, { recursive: true });
    const file = path.join(root, "CCM/Logs/SecuritySyncXML.log");
    const text = readFileSync(file, "latin1").split("\r\n");
    const at = text.findIndex((l) => l.includes("Download failed, HTTP status 407"));
    const inserted = line(
      "Could not write to \\\\SEA-ADM-WS02\\SMSPKG\\SecurityPatch: share is read-only",
      "02:00:05.710",
      "08-13-2006",
      3,
    );
    writeFileSync(file, [...text.slice(0, at + 1), inserted, ...text.slice(at + 1)].join("\r\n"), "latin1");
    const { diagnosis } = await diagnosePaths([root]);
    const citing = diagnosis.findings.filter((f) =>
      f.evidence.some((e) => e.file.endsWith("SecuritySyncXML.log") && e.line === at + 2),
    );
    expect(citing.length).toBe(1);
    // Writing to the package source is not the catalog's download, whatever file it names.
    expect(
      inferKind(
        "Could not write mssecure.cab to \\\\SEA-ADM-WS02\\SMSPKG: share is read-only",
        "SecuritySyncXML",
        {},
        true,
      ),
    ).toBeUndefined();
    expect(inferKind("Could not retrieve the catalog, hr=0x80190197", "SecuritySyncXML", {}, true)?.kind).toBe(
      "catalog.download.failed",
    );
    expect(inferKind("WinHttpSendRequest gave up behind the proxy", "SecuritySyncXML", {}, true)?.kind).toBe(
      "catalog.download.failed",
    );
  });
});

describe("message shapes", () => {
  // The wording a message's shape is defined by, pass by pass; shapeOf skips passes and finds GUIDs by their dashes.
  const byPatterns = (message: string): string =>
    message
      .toLowerCase()
      .replace(/\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?/g, "#")
      .replace(/"[^"]{0,400}"|'[^']{0,400}'/g, "'…'")
      .replace(/(?:[a-z]:|\\\\)[^\s'"]{0,400}/g, "…")
      .replace(/\b0x[0-9a-f]+\b/g, "#")
      .replace(/\d+/g, "#")
      .replace(/[~\s]+/g, " ")
      .trim()
      .slice(0, 120);

  it("takes GUIDs, quoted names, paths, codes and numbers out", () => {
    expect(
      shapeOf('Install of {3F2504E0-4F89-11D3-9A0C-0305E82C3301} failed with 0x80070005 at C:\\Temp\\x.msi "KB1"'),
    ).toBe("install of # failed with # at … '…'");
    expect(shapeOf("id 3f2504e0-4f89-11d3-9a0c-0305e82c3301} and {3f2504e0-4f89-11d3-9a0c-0305e82c3301")).toBe(
      "id # and #",
    );
  });

  it("is what the patterns give, on GUIDs that touch, nest in hex, lack a brace or fall short", () => {
    const guid = "3f2504e0-4F89-11d3-9a0c-0305e82c3301";
    const bits = ["{", "}", "-", "0", "a", "G", " ", "~", '"', "'", ":", "\\\\", "0x1f", "c:", "x"];
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      let m = "";
      for (let k = 0; k < 6; k++)
        m += next(3) === 0 ? guid.slice(next(3), guid.length - next(2)) : bits[next(bits.length)].repeat(next(4));
      expect(shapeOf(m), JSON.stringify(m)).toBe(byPatterns(m));
    }
  });

  it("ends in one pass as the last patterns would: codes, numbers, ~ and every kind of white space, past 120 characters", () => {
    const byLastPatterns = (s: string): string =>
      s
        .replace(/\b0x[0-9a-f]+\b/g, "#")
        .replace(/\d+/g, "#")
        .replace(/[~\s]+/g, " ")
        .trim()
        .slice(0, 120);
    const piece = fc.oneof(
      fc.constantFrom("0x", "0x1f", "0x80070005", "x", "_", "a", "g", "Z", "é", "😀", ".", "-", "#", "…", "'", "~"),
      fc.constantFrom(
        " ",
        "\t",
        "\n",
        "\r",
        "\v",
        "\f",
        "\u00a0",
        "\u1680",
        "\u2003",
        "\u2028",
        "\u202f",
        "\u3000",
        "\ufeff",
        "\u200b",
      ),
      fc.stringMatching(/^[0-9]{1,4}$/),
      fc.constantFrom("download failed", "catalog", "patchinstall.exe"),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 160, size: "max" }), (pieces) => {
        const s = pieces.join("");
        expect(shapeEnd(s), JSON.stringify(s)).toBe(byLastPatterns(s));
      }),
      { numRuns: 5000 },
    );
  });
});
