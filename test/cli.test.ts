import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ROOT, runCli as run, SAMPLES } from "./helpers/cli.js";

// The CLI as users run it: the built bin (npm test builds first).

describe("conventions", () => {
  it("--help lists the commands and exit codes", () => {
    const r = run(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["diagnose", "timeline", "parse", "rules"]) expect(r.out).toContain(c);
    expect(r.out).toContain("Exit codes: 0");
  });
  it("--version prints the package version", () => {
    const r = run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
  });
  it("an unknown option is a usage error (2)", () => {
    const r = run(["parse", "--bogus", "samples/default"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown argument/i);
  });
  it("a missing path is an input error (2) that names it", () => {
    const r = run(["parse", "no/such/folder"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("no/such/folder: no such file or folder");
  });
  it("an empty folder says there is nothing to read (2)", () => {
    const r = run(["parse", mkdtempSync(path.join(tmpdir(), "patchflow-empty-"))]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no log files/);
  });
});

describe("parse", () => {
  it("prints NDJSON records when piped, and a checkable summary on stderr", () => {
    const r = run(["parse", "samples/default"]);
    expect(r.code).toBe(0);
    const items = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(items.length).toBeGreaterThan(400);
    expect(items[0]).toMatchObject({ kind: "record", format: "ccm", firstLine: 1 });
    const m = /(\d+) files?, (\d+) records, (\d+) unparsed spans? \((\d+) lines\), (\d+) blank lines/.exec(r.err)!;
    expect(Number(m[2])).toBe(items.filter((i) => i.kind === "record").length);
  });
  it("reads standard input as -", () => {
    const text = readFileSync(path.join(SAMPLES, "default/CCM/Logs/ScanWrapper.log"));
    const r = run(["parse", "-", "--stdin-name", "ScanWrapper.log", "--format", "json", "--verbose"], { input: text });
    expect(r.code).toBe(0);
    const items = JSON.parse(r.out);
    expect(items[0]).toMatchObject({ file: "ScanWrapper.log", kind: "record" });
    expect(r.err).toContain("ScanWrapper.log [ScanWrapper]");
  });
});

describe("timeline", () => {
  it("json carries events, runs and the unrecognized count per log", () => {
    const r = run(["timeline", "samples/default", "--format", "json", "--verbose"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ schema: "patchflow.timeline", version: 1 });
    expect(doc.events[0]).toMatchObject({ v: 1, seq: 0 });
    expect(doc.runs.some((x: { type: string; result: string }) => x.type === "sync" && x.result === "failure")).toBe(
      true,
    );
    expect(doc.recognition.find((x: { log: string }) => x.log === "ScanWrapper").unrecognized).toBeGreaterThan(0);
    expect(r.err).toMatch(/lines no message pattern recognized .*ScanWrapper \d+\/174/);
  });
  it("filters by stage and severity, and writes CSV", () => {
    const r = run(["timeline", "samples/default", "--stage", "sync", "--severity", "error", "--format", "csv"]);
    expect(r.code).toBe(0);
    const rows = r.out.trim().split("\r\n");
    expect(rows[0]).toBe("seq,utc,local,provenance,uncertain,log,stage,severity,kind,message,file,line");
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows.slice(1)) expect(row).toMatch(/,sync,error,/);
  });
});

describe("diagnose exit codes", () => {
  it("exits 1 on a sample with errors, 0 with --fail-on never", () => {
    expect(run(["diagnose", "samples/default", "--format", "json"]).code).toBe(1);
    expect(run(["samples/default", "--fail-on", "never", "--format", "json"]).code).toBe(0);
  });
  it("exits 2 for a bad --rule", () => {
    const r = run(["diagnose", "samples/default", "--rule", "no-such-rule=off"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("no-such-rule");
  });
  it("colours only when asked, never with NO_COLOR", () => {
    const colored = run(["diagnose", "samples/default", "--format", "table"], { env: { FORCE_COLOR: "1" } });
    expect(colored.out).toContain("\x1b[");
    const plain = run(["diagnose", "samples/default", "--format", "table"], {
      env: { FORCE_COLOR: "1", NO_COLOR: "1" },
    });
    expect(plain.out).not.toContain("\x1b[");
  });
});

describe("rules and severities", () => {
  it("rules lists every rule; rules <id> prints its README", () => {
    const list = run(["rules", "--format", "json"]);
    expect(list.code).toBe(0);
    const ids = JSON.parse(list.out).map((r: { id: string }) => r.id);
    expect(ids).toContain("sync-download-failed");
    const one = run(["rules", "sync-download-failed"]);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/^# sync-download-failed\n[\s\S]*## How to fix/);
    expect(one.out).not.toContain("<!--");
    expect(run(["rules", "no-such-rule"]).code).toBe(2);
  });

  it("--rule id=off drops a rule, --config sets levels and the fail-on threshold", () => {
    const base = JSON.parse(run(["diagnose", "samples/default", "--format", "json"]).out);
    expect(base.findings.some((f: { ruleId: string }) => f.ruleId === "sync-download-failed")).toBe(true);
    const off = run(["diagnose", "samples/default", "--format", "json", "--rule", "sync-download-failed=off"]);
    expect(JSON.parse(off.out).findings.some((f: { ruleId: string }) => f.ruleId === "sync-download-failed")).toBe(
      false,
    );
    const dir = mkdtempSync(path.join(tmpdir(), "patchflow-cfg-"));
    const cfg = path.join(dir, "patchflow.json");
    writeFileSync(cfg, JSON.stringify({ rules: { "sync-download-failed": "warning" }, failOn: "error" }));
    const r = run(["diagnose", "samples/default", "--format", "json", "--config", cfg]);
    const levels = JSON.parse(r.out)
      .findings.filter((f: { ruleId: string }) => f.ruleId === "sync-download-failed")
      .map((f: { severity: string }) => f.severity);
    expect(levels).toEqual(["warning", "warning"]);
    writeFileSync(cfg, JSON.stringify({ rulez: {} }));
    const bad = run(["diagnose", "samples/default", "--config", cfg]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown key "rulez"');
  });
});

describe("timeline filters and user patterns", () => {
  it("--log, --since, --until and --grep narrow the events", () => {
    const all = JSON.parse(run(["timeline", "samples/default", "--format", "json"]).out).events;
    const some = JSON.parse(
      run([
        "timeline",
        "samples/default",
        "--format",
        "json",
        "--log",
        "securitysyncxml",
        "--since",
        "2006-08-13",
        "--until",
        "2006-08-14",
        "--grep",
        "DOWNLOAD FAILED",
      ]).out,
    ).events;
    expect(some.length).toBeGreaterThan(0);
    expect(some.length).toBeLessThan(all.length);
    for (const e of some) {
      expect(e.log).toBe("SecuritySyncXML");
      expect(e.time.utc >= "2006-08-13" && e.time.utc <= "2006-08-14").toBe(true);
      expect(e.message.toLowerCase()).toContain("download failed");
    }
    expect(run(["timeline", "samples/default", "--since", "yesterday-ish"]).code).toBe(2);
  });

  it("--patterns adds a phrasing: the line gets its kind instead of a generic event", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "patchflow-pat-"));
    const file = path.join(dir, "patterns.json");
    writeFileSync(
      file,
      JSON.stringify({
        patterns: [
          { log: "ScanWrapper", id: "site.com-init", kind: "scan.com.initialized", match: "Initializing COM" },
        ],
      }),
    );
    const without = JSON.parse(
      run(["timeline", "samples/default", "--format", "json", "--grep", "Initializing COM"]).out,
    ).events;
    const withp = JSON.parse(
      run(["timeline", "samples/default", "--format", "json", "--grep", "Initializing COM", "--patterns", file]).out,
    ).events;
    expect(without.length).toBeGreaterThan(0);
    expect(without.every((e: { kind: string }) => e.kind === "scan.message")).toBe(true);
    expect(
      withp.every(
        (e: { kind: string; pattern: string }) => e.kind === "scan.com.initialized" && e.pattern === "site.com-init",
      ),
    ).toBe(true);
    writeFileSync(file, JSON.stringify({ patterns: [{ log: "NoSuchLog", id: "x", kind: "x.y", match: "x" }] }));
    const bad = run(["timeline", "samples/default", "--patterns", file]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown log "NoSuchLog"');
  });
});
