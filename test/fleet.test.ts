import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir, availableParallelism } from "node:os";
import * as path from "node:path";
import { planClients, clientsOf } from "../src/fleet/plan.js";
// The pool's worker threads run the build of this source (npm test builds first; see vitest.config.ts).
import { diagnoseClients } from "../src/fleet/pool.js";
import type { JobOptions } from "../src/fleet/job.js";
import { plainFinding } from "../src/model/finding.js";
import type { Diagnosis } from "../src/model/diagnosis.js";
import { openArchive } from "../src/input/archive.js";
import { folderEntries, writeZip } from "./helpers/zip.js";
import { readAll } from "./helpers/read.js";
import { runCli as cli, SAMPLES } from "./helpers/cli.js";

const tmp = () => mkdtempSync(path.join(tmpdir(), "patchflow-zip-"));
const JOB: JobOptions = { encoding: "auto", maxLineBytes: 1 << 20, keepTimeline: false, diagnose: {} };

describe("fleet detection", () => {
  it("a root with logs of its own, or in a known layout folder, is one client", () => {
    expect(clientsOf(["CCM/Logs/ScanWrapper.log"]).rootHasOwnLogs).toBe(true);
    expect(clientsOf(["WINDOWS/system32/CCM/Logs/ScanWrapper.log"]).rootHasOwnLogs).toBe(true);
    expect(clientsOf(["MS/SMS/Logs/Hinv32.log", "Windows/Temp/PatchInstall.log"]).rootHasOwnLogs).toBe(true);
    const c = clientsOf(["WKS1/CCM/Logs/a.log", "WKS2/MS/SMS/Logs/b.log"]);
    expect(c.rootHasOwnLogs).toBe(false);
    expect([...c.groups.keys()]).toEqual(["WKS1", "WKS2"]);
  });

  it("recognizes the fleet sample and the single-client samples", async () => {
    const fleet = await planClients([path.join(SAMPLES, "fleet")], "auto");
    expect(fleet.fleet).toBe(true);
    expect(fleet.clients.map((c) => c.name)).toEqual(["SRV-SYNC", "WKS001", "WKS002", "WKS003"]);
    for (const s of ["default", "sms20-layout", "legacy-hinv32-errors"])
      expect((await planClients([path.join(SAMPLES, s)], "auto")).fleet).toBe(false);
    expect((await planClients([path.join(SAMPLES, "fleet")], "client")).fleet).toBe(false);
    expect(
      (await planClients([path.join(SAMPLES, "default"), path.join(SAMPLES, "install-failures")], "fleet")).clients,
    ).toHaveLength(2);
  });

  it("a worker pool gives the same results as one at a time", async () => {
    const plan = await planClients([path.join(SAMPLES, "fleet")], "auto");
    const one = await diagnoseClients(plan.clients, JOB, 1);
    const pool = await diagnoseClients(plan.clients, JOB, Math.max(2, availableParallelism()));
    // On this thread a finding words its message when read; a worker's results arrive as plain data.
    const plain = (d: Diagnosis): Diagnosis => ({ ...d, findings: d.findings.map((f) => plainFinding(f)) });
    expect(pool.clients.map((c) => c.diagnosis)).toEqual(one.clients.map((c) => plain(c.diagnosis)));
    for (const c of pool.clients) for (const f of c.diagnosis.findings) expect(Object.hasOwn(f, "message")).toBe(true);
    expect(one.clients.map((c) => c.client)).toEqual(["SRV-SYNC", "WKS001", "WKS002", "WKS003"]);
  });
});

describe("zip bundles", () => {
  it("a zipped client folder reads like the folder, entry by entry", async () => {
    const dir = tmp();
    const zip = path.join(dir, "client.zip");
    await writeZip(zip, folderEntries(path.join(SAMPLES, "default")));
    const fromZip = await readAll([zip]);
    const fromDir = await readAll([path.join(SAMPLES, "default")]);
    const strip = (items: typeof fromDir.items) =>
      items.map((i) => ({ ...i, file: i.file.replace(/^.*?CCM\//, "CCM/") }));
    expect(strip(fromZip.items)).toEqual(strip(fromDir.items));
  });

  it("a zipped fleet is a fleet, one client per top folder", async () => {
    const dir = tmp();
    const zip = path.join(dir, "fleet.zip");
    await writeZip(zip, folderEntries(path.join(SAMPLES, "fleet")));
    const plan = await planClients([zip], "auto");
    expect(plan.fleet).toBe(true);
    expect(plan.clients.map((c) => c.name)).toEqual(["SRV-SYNC", "WKS001", "WKS002", "WKS003"]);
    const r = cli(["diagnose", zip, "--format", "json", "-q"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(doc.schema).toBe("patchflow.fleet");
    expect(doc.clients.map((c: { client: string }) => c.client)).toEqual(["SRV-SYNC", "WKS001", "WKS002", "WKS003"]);
  });

  it("refuses an entry that would expand too many times (archive bomb), with exit code 2", async () => {
    const dir = tmp();
    const zip = path.join(dir, "bomb.zip");
    await writeZip(zip, { "CCM/Logs/ScanWrapper.log": Buffer.alloc(64 * 1024 * 1024) });
    const r = cli(["diagnose", zip]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /bomb\.zip: entry CCM\/Logs\/ScanWrapper\.log would expand \d+ times .* over the ratio limit of 200/,
    );
  });

  it("refuses archives over the entry-count, entry-size and total limits", async () => {
    const dir = tmp();
    const zip = path.join(dir, "many.zip");
    await writeZip(
      zip,
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`CCM/Logs/x${i}.log`, "x".repeat(5000)])),
    );
    const base = { maxTotalBytes: 1 << 30, maxEntryBytes: 1 << 30, maxEntries: 1000, maxRatio: 1e9 };
    await expect(openArchive(zip, "many.zip", { ...base, maxEntries: 10 })).rejects.toThrow(
      /20 entries, over the limit of 10/,
    );
    await expect(openArchive(zip, "many.zip", { ...base, maxEntryBytes: 4000 })).rejects.toThrow(
      /would expand to .* over the per-entry limit/,
    );
    await expect(openArchive(zip, "many.zip", { ...base, maxTotalBytes: 50_000 })).rejects.toThrow(
      /more than .* in total/,
    );
    expect((await openArchive(zip, "many.zip", base)).entries).toHaveLength(20);
  });

  it("a file that is not a zip is a clear input error", () => {
    const bad = path.join(tmp(), "broken.zip");
    writeFileSync(bad, "PK not really a zip");
    const r2 = cli(["diagnose", bad]);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/broken\.zip: not a readable zip archive/);
  });
});

describe("fleet CLI", () => {
  it("--max-failed-clients tolerates that many failing clients", () => {
    expect(cli(["diagnose", "samples/fleet", "--format", "json", "-q"]).code).toBe(1);
    expect(cli(["diagnose", "samples/fleet", "--format", "json", "-q", "--max-failed-clients", "4"]).code).toBe(0);
  });
});
