import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { diagnosePaths } from "../src/api.js";
import type { Diagnosis } from "../src/model/diagnosis.js";

/**
 * Each sample's diagnosis: stage verdicts and findings (rule, message id, severity, stage, evidence lines), pinned in
 * test/golden/<sample>.diagnosis.txt, and the conclusions its README states checked explicitly below. Regenerate
 * the golden files after a deliberate change with `UPDATE_GOLDEN=1 npx vitest run test/diagnosis.test.ts`.
 */
const SAMPLES = path.resolve(__dirname, "../samples");
const GOLDEN = path.resolve(__dirname, "golden");
const ASSUME: Record<string, string> = { "legacy-hinv32-errors": "Europe/Berlin", "sms20-layout": "America/New_York" };

function bundles(): string[] {
  const out: string[] = [];
  for (const name of readdirSync(SAMPLES).sort()) {
    if (!statSync(path.join(SAMPLES, name)).isDirectory()) continue;
    if (name === "fleet")
      for (const c of readdirSync(path.join(SAMPLES, name)).sort()) {
        if (statSync(path.join(SAMPLES, name, c)).isDirectory()) out.push(`fleet/${c}`);
      }
    else out.push(name);
  }
  return out;
}

const cache = new Map<string, Diagnosis>();
async function diagnosisOf(name: string): Promise<Diagnosis> {
  let d = cache.get(name);
  if (!d) {
    d = (
      await diagnosePaths([path.join(SAMPLES, name)], {
        input: {
          assume: undefined,
          ...(ASSUME[name] ? { assume: (await import("../src/time/time.js")).parseAssumedZone(ASSUME[name]) } : {}),
        },
      })
    ).diagnosis;
    cache.set(name, d);
  }
  return d;
}

function text(d: Diagnosis, root: string): string {
  const lines = d.stages.map((s) => `stage ${s.stage}: ${s.verdict}`);
  for (const f of d.findings)
    lines.push(
      `${f.severity} ${f.ruleId}/${f.messageId} [${f.stage}] ${f.evidence.map((e) => `${path.relative(root, e.file)}:${e.line}`).join(" ")}`,
    );
  return lines.join("\n") + "\n";
}

const verdicts = (d: Diagnosis) => Object.fromEntries(d.stages.map((s) => [s.stage, s.verdict]));
const has = (d: Diagnosis, rule: string, where?: string) =>
  d.findings.some(
    (f) => f.ruleId === rule && (!where || f.evidence.some((e) => `${e.file}:${e.line}`.endsWith(where))),
  );

describe.each(bundles())("sample %s", (name) => {
  it("gives the pinned diagnosis", async () => {
    const t = text(await diagnosisOf(name), path.join(SAMPLES, name));
    const file = path.join(GOLDEN, `${name.replace("/", "__")}.diagnosis.txt`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, t);
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(t).toBe(readFileSync(file, "utf8"));
  });
});

describe("what each sample's README says an administrator should conclude", () => {
  it("healthy-advanced-client: every stage ok, no warning or error", async () => {
    const d = await diagnosisOf("healthy-advanced-client");
    expect(verdicts(d)).toEqual({ sync: "ok", scan: "ok", inventory: "ok", install: "ok", execution: "ok" });
    expect(d.findings.filter((f) => f.severity !== "info")).toEqual([]);
  });
  it("sync-proxy-failure (and default): sync failed on the proxy (407, then 0x80072EFD)", async () => {
    for (const s of ["sync-proxy-failure", "default"]) {
      const d = await diagnosisOf(s);
      expect(verdicts(d).sync).toBe("failed");
      expect(has(d, "sync-download-failed", "SecuritySyncXML.log:55")).toBe(true);
      expect(has(d, "sync-download-failed", "SecuritySyncXML.log:64")).toBe(true);
      expect(verdicts(d).inventory).toBe("ok");
    }
  });
  it("sync-no-user: the sync never runs because nobody logs on; the last sync is weeks old", async () => {
    const d = await diagnosisOf("sync-no-user");
    expect(verdicts(d).sync).toBe("failed");
    expect(
      d.findings.some((f) => f.ruleId === "execution-waits-for-logon" && f.stage === "sync" && f.severity === "error"),
    ).toBe(true);
    expect(has(d, "sync-too-old", "SecuritySyncXML.log:23")).toBe(true);
  });
  it("scan-old-catalog: the package update fails, the scan uses an old catalog, then finds none", async () => {
    const d = await diagnosisOf("scan-old-catalog");
    expect(verdicts(d).scan).toBe("failed");
    expect(has(d, "sync-dp-update-failed", "SecuritySyncXML.log:12")).toBe(true);
    expect(
      d.findings.some(
        (f) =>
          f.ruleId === "scan-catalog-problem" && f.messageId === "missing" && f.evidence.some((e) => e.line === 38),
      ),
    ).toBe(true);
    expect(d.findings.some((f) => f.ruleId === "scan-catalog-problem" && f.messageId === "older-than-sync")).toBe(true);
  });
  it("scan-before-sync: the scan is scheduled before the sync completes", async () => {
    const d = await diagnosisOf("scan-before-sync");
    expect(has(d, "scan-before-sync")).toBe(true);
    expect(verdicts(d).scan).toBe("warning");
  });
  it("scan-not-inventoried: the last scan is newer than the last inventory cycle; weekly inventory without /kick", async () => {
    const d = await diagnosisOf("scan-not-inventoried");
    expect(has(d, "inventory-not-after-scan", "ScanWrapper.log:150")).toBe(true);
    expect(has(d, "inventory-interval-too-long")).toBe(true);
  });
  it("legacy-hinv32-errors: cycle 2 failed (timeout, MOF error, exception during the cycle); the exception after cycle 3 is harmless", async () => {
    const d = await diagnosisOf("legacy-hinv32-errors");
    expect(verdicts(d).inventory).toBe("failed");
    expect(has(d, "inventory-enumeration-timeout", "Hinv32.log:26")).toBe(true);
    expect(has(d, "inventory-hinv32-errors", "Hinv32.log:31")).toBe(true);
    expect(d.findings.some((f) => f.ruleId === "inventory-exception-after-cycle" && f.severity === "info")).toBe(true);
    expect(has(d, "inventory-properties-truncated")).toBe(true);
  });
  it("install-failures: KB918899 fails with 1603 then 1618, a restart is pending, and no rescan follows", async () => {
    const d = await diagnosisOf("install-failures");
    expect(verdicts(d).install).toBe("failed");
    expect(has(d, "install-patch-failed", "PatchInstall.log:9")).toBe(true);
    expect(has(d, "install-another-in-progress", "PatchInstall.log:18")).toBe(true);
    expect(has(d, "install-restart-pending", "PatchInstall.log:28")).toBe(true);
    expect(has(d, "flow-install-not-rescanned")).toBe(true);
  });
  it("sms20-layout: healthy but for one Office scan that found no catalog, fixed the next day", async () => {
    const d = await diagnosisOf("sms20-layout");
    expect(d.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(has(d, "scan-catalog-problem", "o_scan.log:13")).toBe(true);
  });
  it("fleet: WKS002's installs fail with 1603, WKS003's scans cannot write Win32_PatchState", async () => {
    expect(has(await diagnosisOf("fleet/WKS002"), "install-patch-failed", "PatchInstall.log:6")).toBe(true);
    expect(has(await diagnosisOf("fleet/WKS003"), "scan-results-not-written", "ScanWrapper.log:12")).toBe(true);
    expect((await diagnosisOf("fleet/WKS001")).findings.filter((f) => f.severity === "error")).toEqual([]);
  });
});
