import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { diagnosePaths } from "../src/api.js";
import { tempTree } from "./helpers/read.js";

/**
 * The real published excerpts whose header gives a diagnosis that patchflow's stages cover: each, read as the log
 * it comes from, must give a finding that matches the source's diagnosis. The excerpt files' `# ` header lines are
 * metadata about the excerpt (source, format, diagnosis), not log text, so they are left out.
 */
// Copies of the published excerpts (test/fixtures/real-excerpts, each with its source header).
const EXCERPTS = path.resolve(__dirname, "fixtures/real-excerpts");

async function diagnoseExcerpt(file: string, as: string) {
  const body = readFileSync(path.join(EXCERPTS, file), "utf8")
    .split(/\r?\n/)
    .filter((l) => !l.startsWith("# "))
    .join("\r\n");
  const root = tempTree({ [`MS/SMS/Logs/${as}`]: body });
  const { diagnosis } = await diagnosePaths([root]);
  return diagnosis.findings.map((f) => ({
    rule: f.ruleId,
    messageId: f.messageId,
    stage: f.stage,
    severity: f.severity,
    lines: f.evidence.map((e) => e.line),
    data: f.data,
  }));
}

describe("real excerpts get the diagnosis their source gives", () => {
  it("hinv32-Q225507: WMI never answers for Win32_NetworkClient; the agent gives up after an hour (Enumeration Timeout)", async () => {
    const f = await diagnoseExcerpt("hinv32-Q225507.txt", "Hinv32.log");
    expect(f).toContainEqual(
      expect.objectContaining({ rule: "inventory-enumeration-timeout", stage: "inventory", severity: "warning" }),
    );
    const t = f.find((x) => x.rule === "inventory-enumeration-timeout")!;
    expect(JSON.stringify(t.data)).toContain("Win32_NetworkClient");
  });

  it("hinv32-Q262242: long Win32_NTEventlogFile values cut, EventIdentifier of Win32_NTLogEvent skipped", async () => {
    const f = await diagnoseExcerpt("hinv32-Q262242.txt", "Hinv32.log");
    const t = f.filter((x) => x.rule === "inventory-properties-truncated");
    expect(t.map((x) => x.severity)).toEqual(["warning", "warning"]);
    expect(JSON.stringify(t.map((x) => x.data))).toMatch(
      /Win32_NTEventlogFile[\s\S]*Sources[\s\S]*Win32_NTLogEvent[\s\S]*EventIdentifier|Win32_NTLogEvent[\s\S]*EventIdentifier[\s\S]*Win32_NTEventlogFile[\s\S]*Sources/,
    );
  });

  it("hinv32-Q302354: an exception logged after the cycle completed is harmless", async () => {
    const f = await diagnoseExcerpt("hinv32-Q302354.txt", "Hinv32.log");
    expect(f).toContainEqual(expect.objectContaining({ rule: "inventory-exception-after-cycle", severity: "info" }));
    expect(f.some((x) => x.rule === "inventory-hinv32-errors" || x.rule === "inventory-cycle-failed")).toBe(false);
  });

  it("smsapm32-Q268500: connection limit 0x80070047, then APM unschedules the program instead of retrying", async () => {
    const f = await diagnoseExcerpt("smsapm32-Q268500.txt", "Smsapm32.log");
    const failed = f.find((x) => x.rule === "execution-program-failed")!;
    expect(failed).toBeDefined();
    expect(JSON.stringify(failed.data)).toContain("0x80070047");
    expect(f).toContainEqual(expect.objectContaining({ rule: "execution-program-unscheduled", severity: "error" }));
  });

  it("smsapm32-Q253197: the program ends with exit code 3, path not found", async () => {
    const f = await diagnoseExcerpt("smsapm32-Q253197.txt", "Smsapm32.log");
    const failed = f.find((x) => x.rule === "execution-program-failed");
    expect(failed).toBeDefined();
    expect(JSON.stringify(failed!.data)).toMatch(/path/i);
  });
});

/**
 * Published lines no rule had a diagnosis for: the signal layer (record type, ERROR/EXCEPTION/WARNING prefix,
 * failure codes and words) must still give each a warning or error finding on its stage. Shapes as published
 * (message only, wrapped at ~80 columns), and as on disk (one `$$<` entry per line) with an invented time and thread.
 */
describe("published lines get a finding on their stage", () => {
  async function findingsOf(as: string, lines: string[]) {
    const root = tempTree({ [`MS/SMS/Logs/${as}`]: lines.join("\r\n") + "\r\n" });
    const { diagnosis } = await diagnosePaths([root]);
    return diagnosis;
  }
  const onStage = (d: Awaited<ReturnType<typeof findingsOf>>, stage: string) =>
    d.findings.filter((f) => f.stage === stage && f.severity !== "info" && f.ruleId !== "flow-no-evidence");
  const suffix = (t: string) => `  $$<Hardware Inventory Agent><Fri May 05 10:00:${t} 2000><thread=175 (0xAF)>`;

  it("Hinv32 IPAddress 'max length reached' (KB Q298686), wrapped as published", async () => {
    const d = await findingsOf("Hinv32.log", [
      "  WARNING - Unable to return all values of property IPAddress of",
      "  Win32_NetworkAdapterConfiguration, max length reached !!",
    ]);
    const f = onStage(d, "inventory");
    expect(f.map((x) => x.severity)).toEqual(["warning"]);
    expect(f[0].evidence[0].message).toContain("IPAddress");
    expect(d.stages.find((s) => s.stage === "inventory")!.verdict).toBe("warning");
  });

  it("Hinv32 IPAddress 'max length reached', one entry per line", async () => {
    const d = await findingsOf("Hinv32.log", [
      `WARNING - Unable to return all values of property IPAddress of Win32_NetworkAdapterConfiguration, max length reached !!${suffix("20.775")}`,
    ]);
    expect(onStage(d, "inventory")).toContainEqual(
      expect.objectContaining({ ruleId: "inventory-properties-truncated", severity: "warning" }),
    );
  });

  it("Hinv32 EXCEPTION block with no cycle lines around it (KB Q302354 without its cycle lines), as published", async () => {
    const body = readFileSync(path.join(EXCERPTS, "hinv32-Q302354.txt"), "utf8")
      .split(/\r?\n/)
      .filter((l) => !l.startsWith("# "));
    const block = body.filter((l) => !/completed in|Logging initialized|cycle started/.test(l));
    expect(block.some((l) => l.includes("EXCEPTION EXCEPTION EXCEPTION"))).toBe(true);
    const d = await findingsOf("Hinv32.log", block);
    const f = onStage(d, "inventory");
    expect(f.map((x) => [x.ruleId, x.severity])).toContainEqual(["flow-unexplained-errors", "error"]);
    expect(f.flatMap((x) => x.evidence.map((e) => e.message)).join("\n")).toMatch(
      /EXCEPTION EXCEPTION EXCEPTION|<<CLIEXCEPT>>/,
    );
    expect(d.stages.find((s) => s.stage === "inventory")!.verdict).toBe("failed");
  });

  it("Hinv32 EXCEPTION block with no cycle lines, one entry per line", async () => {
    const d = await findingsOf("Hinv32.log", [
      `<<<<<<<<<<<<< EXCEPTION EXCEPTION EXCEPTION >>>>>>>>>>>>>${suffix("20.775")}`,
      `<<CLIEXCEPT>> (Logged to all threads) An exception was raised in the application '<unknown>', thread 0x500 (<unknown>)~${suffix("20.776")}`,
      `<<CLIEXCEPT>> A fatal exception occurred in THIS THREAD. Information follows:~${suffix("20.777")}`,
    ]);
    expect(onStage(d, "inventory").map((x) => x.severity)).toContain("error");
  });

  it("Smsapm32 'requires the user to be logged off' / 'not logged off' (KB Q314342)", async () => {
    for (const lines of [
      [
        "  SCHEDULER : This job requires the user to be logged off the system.",
        "  SCHEDULER : The user is not logged off the system.",
      ],
      [
        "SCHEDULER : This job requires the user to be logged off the system.~  $$<APM><Tue May 16 13:17:10.804 2000><thread=1512 (0x5E8)>",
        "SCHEDULER : The user is not logged off the system.~  $$<APM><Tue May 16 13:17:10.834 2000><thread=1512 (0x5E8)>",
      ],
    ]) {
      const d = await findingsOf("Smsapm32.log", lines);
      expect(onStage(d, "execution")).toContainEqual(
        expect.objectContaining({ ruleId: "execution-waits-for-logon", messageId: "logoff", severity: "warning" }),
      );
      expect(d.stages.find((s) => s.stage === "execution")!.verdict).not.toBe("ok");
    }
  });

  it("Smsapm32 'SCHED DATA : Failed to get package object.~'", async () => {
    for (const line of [
      "  SCHED DATA : Failed to get package object.~",
      "SCHED DATA : Failed to get package object.~  $$<APM><Tue May 16 13:17:11.834 2000><thread=1512 (0x5E8)>",
    ]) {
      const d = await findingsOf("Smsapm32.log", [line]);
      const f = onStage(d, "execution");
      expect(f.map((x) => [x.ruleId, x.severity])).toEqual([["flow-unexplained-errors", "error"]]);
      expect(f[0].evidence[0].message).toContain("Failed to get package object");
      expect(d.stages.find((s) => s.stage === "execution")!.verdict).toBe("failed");
    }
  });
});
