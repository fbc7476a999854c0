import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { diagnosePaths } from "../src/api.js";
import { tempTree } from "./helpers/read.js";
import { olderGenerationFirst } from "../src/model/logs.js";
import { groupRollovers } from "../src/input/read.js";

const HEALTHY = path.resolve(__dirname, "../samples/healthy-advanced-client/CCM/Logs");

/** The healthy sample's logs, with ScanWrapper.log cut in two at `cut` lines: the first part rolled over to `.lo_`. */
function rolledOver(cut: number, overlap = 0): string {
  const files: Record<string, string> = {};
  for (const f of readdirSync(HEALTHY)) files[`CCM/Logs/${f}`] = readFileSync(path.join(HEALTHY, f), "utf8");
  const lines = files["CCM/Logs/ScanWrapper.log"].split(/(?<=\r?\n)/);
  files["CCM/Logs/ScanWrapper.lo_"] = lines.slice(0, cut).join("");
  files["CCM/Logs/ScanWrapper.log"] = lines.slice(cut - overlap).join("");
  return tempTree(files);
}

describe("runs across log rollover", () => {
  it("a scan that starts in ScanWrapper.lo_ and ends in ScanWrapper.log is one successful run", async () => {
    // Scan 2 starts at line 36 and completes at line 68: the rollover falls at line 50, inside it.
    const root = rolledOver(50);
    const { timeline, diagnosis } = await diagnosePaths([root]);
    const scans = timeline.runs.filter((r) => r.type === "scan");
    expect(
      scans.map((r) => [
        path.basename(r.file),
        r.firstLine,
        r.endFile && path.basename(r.endFile),
        r.lastLine,
        r.result,
      ]),
    ).toEqual([
      ["ScanWrapper.lo_", 1, undefined, 33, "success"],
      ["ScanWrapper.lo_", 36, "ScanWrapper.log", 18, "success"],
      ["ScanWrapper.log", 21, undefined, 53, "success"],
    ]);
    // The same findings as the sample read whole: no did-not-end scan, no headless one.
    const whole = await diagnosePaths([HEALTHY]);
    expect(diagnosis.findings.map((f) => f.ruleId)).toEqual(whole.diagnosis.findings.map((f) => f.ruleId));
    expect(diagnosis.stages.find((s) => s.stage === "scan")?.verdict).toBe(
      whole.diagnosis.stages.find((s) => s.stage === "scan")?.verdict,
    );
  });

  it("records the new generation repeats from the old one do not split or double the run", async () => {
    const root = rolledOver(50, 3);
    const { timeline } = await diagnosePaths([root]);
    const scans = timeline.runs.filter((r) => r.type === "scan");
    expect(scans.map((r) => r.result)).toEqual(["success", "success", "success"]);
    expect(scans[1].events.length).toBe(33);
  });

  it("a run still open at the end of the newer generation did not end; one whose start is lost before the older one began is headless", async () => {
    // Only lines 40-105 survive: the older generation starts inside scan 2, and the newer one is cut inside scan 3.
    const files: Record<string, string> = {};
    const lines = readFileSync(path.join(HEALTHY, "ScanWrapper.log"), "utf8").split(/(?<=\r?\n)/);
    files["CCM/Logs/ScanWrapper.lo_"] = lines.slice(39, 60).join("");
    files["CCM/Logs/ScanWrapper.log"] = lines.slice(60, 90).join("");
    const { timeline } = await diagnosePaths([tempTree(files)]);
    const scans = timeline.runs.filter((r) => r.type === "scan");
    expect(scans.map((r) => [path.basename(r.file), r.start === undefined, r.result])).toEqual([
      ["ScanWrapper.log", true, "success"],
      ["ScanWrapper.log", false, "did-not-end"],
    ]);
  });
});

describe("rollover generations are read oldest first", () => {
  it("dated copies by date, numbered copies from the highest number, then X.lo_, then X.log", () => {
    const names = [
      "L/ScanWrapper.log",
      "L/ScanWrapper.lo_",
      "L/ScanWrapper-20060820.log",
      "L/ScanWrapper-20060813.log",
      "L/ScanWrapper.log.1",
      "L/ScanWrapper.log.2",
    ];
    expect([...names].sort(olderGenerationFirst)).toEqual([
      "L/ScanWrapper-20060813.log",
      "L/ScanWrapper-20060820.log",
      "L/ScanWrapper.log.2",
      "L/ScanWrapper.log.1",
      "L/ScanWrapper.lo_",
      "L/ScanWrapper.log",
    ]);
    const files = names.map((display) => ({
      path: display,
      display,
      group: "l/scanwrapper",
      generation: /\.lo_/.test(display) ? ("rolled" as const) : ("current" as const),
      log: "ScanWrapper" as const,
      stage: "scan" as const,
    }));
    expect(groupRollovers(files).map((g) => g.map((f) => f.display))).toEqual([[...names].sort(olderGenerationFirst)]);
  });

  it("a scan cut by a dated rollover copy is one run too", async () => {
    const files: Record<string, string> = {};
    const lines = readFileSync(path.join(HEALTHY, "ScanWrapper.log"), "utf8").split(/(?<=\r?\n)/);
    files["CCM/Logs/ScanWrapper-20060827.log"] = lines.slice(35, 50).join("");
    files["CCM/Logs/ScanWrapper-20060820.log"] = lines.slice(0, 35).join("");
    files["CCM/Logs/ScanWrapper.log"] = lines.slice(50).join("");
    const { timeline } = await diagnosePaths([tempTree(files)]);
    expect(
      timeline.runs
        .filter((r) => r.type === "scan")
        .map((r) => [path.basename(r.file), r.endFile && path.basename(r.endFile), r.result]),
    ).toEqual([
      ["ScanWrapper-20060820.log", undefined, "success"],
      ["ScanWrapper-20060827.log", "ScanWrapper.log", "success"],
      ["ScanWrapper.log", undefined, "success"],
    ]);
  });
});
