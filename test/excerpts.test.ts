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
  const body = readFileSync(path.join(EXCERPTS, file), "utf8").split(/\r?\n/).filter((l) => !l.startsWith("# ")).join("\r\n");
  const root = tempTree({ [`MS/SMS/Logs/${as}`]: body });
  const { diagnosis } = await diagnosePaths([root]);
  return diagnosis.findings.map((f) => ({ rule: f.ruleId, messageId: f.messageId, stage: f.stage, severity: f.severity, lines: f.evidence.map((e) => e.line), data: f.data }));
}

describe("real excerpts get the diagnosis their source gives", () => {
  it("hinv32-Q225507: WMI never answers for Win32_NetworkClient; the agent gives up after an hour (Enumeration Timeout)", async () => {
    const f = await diagnoseExcerpt("hinv32-Q225507.txt", "Hinv32.log");
    expect(f).toContainEqual(expect.objectContaining({ rule: "inventory-enumeration-timeout", stage: "inventory", severity: "warning" }));
    const t = f.find((x) => x.rule === "inventory-enumeration-timeout")!;
    expect(JSON.stringify(t.data)).toContain("Win32_NetworkClient");
  });

  it("hinv32-Q262242: long Win32_NTEventlogFile values cut, EventIdentifier of Win32_NTLogEvent skipped", async () => {
    const f = await diagnoseExcerpt("hinv32-Q262242.txt", "Hinv32.log");
    const t = f.filter((x) => x.rule === "inventory-properties-truncated");
    expect(t.map((x) => x.severity)).toEqual(["warning", "warning"]);
    expect(JSON.stringify(t.map((x) => x.data))).toMatch(/Win32_NTEventlogFile[\s\S]*Sources[\s\S]*Win32_NTLogEvent[\s\S]*EventIdentifier|Win32_NTLogEvent[\s\S]*EventIdentifier[\s\S]*Win32_NTEventlogFile[\s\S]*Sources/);
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
