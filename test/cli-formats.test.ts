import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseXml, sarifValidator } from "./helpers/formats.js";
import { folderEntries, writeZip } from "./helpers/zip.js";
import { ROOT, runCli } from "./helpers/cli.js";

// Each CI format as the CLI writes it, parsed back: a single client, the fleet sample, and a zipped fleet.
const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli([...args, ...(args[0] === "diagnose" ? ["-q"] : [])], { env });
let zippedFleet = "";

beforeAll(async () => {
  zippedFleet = path.join(mkdtempSync(path.join(tmpdir(), "patchflow-fmt-")), "fleet.zip");
  await writeZip(zippedFleet, folderEntries(path.join(ROOT, "samples/fleet")));
});

const inputs = () =>
  [
    ["single client", "samples/default", 1],
    ["fleet", "samples/fleet", 4],
    ["zipped fleet", zippedFleet, 4],
  ] as const;

describe.each([0, 1, 2])("input %#", (i) => {
  it("SARIF is schema-valid, with the registry's rules and one result per finding", () => {
    const [, input, clients] = inputs()[i];
    const sarif = cli(["diagnose", input, "--format", "sarif"]);
    expect(sarif.code).toBe(1);
    const doc = JSON.parse(sarif.out);
    const validate = sarifValidator();
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    const json = JSON.parse(cli(["diagnose", input, "--format", "json"]).out);
    const all = clients === 1 ? json.findings : json.clients.flatMap((c: { findings: unknown[] }) => c.findings);
    expect(doc.runs[0].results).toHaveLength(all.length);
    const rules = JSON.parse(cli(["rules", "--format", "json"]).out).map((r: { id: string }) => r.id);
    expect(doc.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(rules);
    for (const r of doc.runs[0].results) {
      expect(rules).toContain(r.ruleId);
      const loc = r.locations?.[0]?.physicalLocation;
      expect(loc?.artifactLocation?.uri).toBeTruthy();
      if (loc.region) expect(loc.region.startLine).toBeGreaterThan(0);
    }
  });

  it("JUnit is well-formed, a suite per client and a case per stage", () => {
    const [, input, clients] = inputs()[i];
    const r = cli(["diagnose", input, "--format", "junit"]);
    expect(r.code).toBe(1);
    const doc = parseXml(r.out);
    expect(doc.name).toBe("testsuites");
    const suites = doc.children.filter((c) => c.name === "testsuite");
    expect(suites).toHaveLength(clients);
    for (const s of suites)
      expect(s.children.filter((c) => c.name === "testcase").map((c) => c.attrs.name)).toEqual([
        "sync",
        "scan",
        "inventory",
        "install",
        "execution",
      ]);
  });

  it("GitHub commands: errors first, each a well-formed workflow command; the job summary is written", () => {
    const [, input] = inputs()[i];
    const summary = path.join(mkdtempSync(path.join(tmpdir(), "patchflow-gh-")), "summary.md");
    writeFileSync(summary, "");
    const r = cli(["diagnose", input, "--format", "github"], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split("\n");
    for (const l of lines) expect(l).toMatch(/^::(error|warning|notice)( [a-z]+=[^,:]*(,[a-z]+=[^,:]*)*)?::\S/);
    const rank = lines.map((l) => ["error", "warning", "notice"].indexOf(l.slice(2, l.search(/[ :]/))));
    expect(rank).toEqual([...rank].sort());
    expect(readFileSync(summary, "utf8")).toMatch(/catalog sync|sync/);
  });
});

it("GitHub command for the default sample's proxy failure is exact", () => {
  const r = cli(["diagnose", "samples/default", "--format", "github"]);
  expect(r.out).toContain(
    "::error file=samples/default/CCM/Logs/SecuritySyncXML.log,line=55,title=sync-download-failed::SyncXML could not download the security catalog on 2006-08-13 02:00 -07:00: HTTP 407 / 0x80190197",
  );
});
