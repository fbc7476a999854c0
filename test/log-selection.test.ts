import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { discover } from "../src/input/discover.js";
import { globRegExp, selector, sizeText } from "../src/input/select.js";
import { UsageError } from "../src/model/errors.js";
import { folderEntries, writeZip } from "./helpers/zip.js";
import { ROOT, runCli as run } from "./helpers/cli.js";

/**
 * A real CCM\Logs folder holds many logs no stage of the patch flow uses (CAS, PolicyAgent, LocationServices, ...).
 * They are listed with their size, not read, unless --all-logs or an --include glob asks for them; --exclude drops
 * logs altogether. Checked by which files the reading statistics name, not by time.
 */
const DEFAULT_LOGS = path.join(ROOT, "samples/default/CCM/Logs");
const PATCH_LOGS = readdirSync(DEFAULT_LOGS).sort();
const OTHER_NAMES = [
  "CAS",
  "PolicyAgentProvider",
  "LocationServices",
  "ClientIDManagerStartup",
  "DataTransferService",
  "StatusAgent",
];
const OTHERS = 300;

/** A CCM-format log no stage uses, as the Advanced Client writes them. */
function otherLog(component: string, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const s = String(i % 60).padStart(2, "0");
    out.push(
      `<![LOG[Raising event: instance of CCM_ServiceHost_CertRetrieval_Status ${i}]LOG]!><time="10:00:${s}.000+300" date="08-20-2006" component="${component}" context="" type="1" thread="1234" file="event.cpp:525">`,
    );
  }
  return out.join("\r\n") + "\r\n";
}

let dir: string;
let ccm: string;
let otherBytes = 0;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "patchflow-select-"));
  ccm = path.join(dir, "CCM", "Logs");
  mkdirSync(path.join(ccm, "old"), { recursive: true });
  cpSync(DEFAULT_LOGS, ccm, { recursive: true });
  for (let i = 0; i < OTHERS; i++) {
    const name = `${OTHER_NAMES[i % OTHER_NAMES.length]}${i < OTHER_NAMES.length ? "" : `-${String(i).padStart(3, "0")}`}.log`;
    const text = otherLog(OTHER_NAMES[i % OTHER_NAMES.length], 3 + (i % 5));
    writeFileSync(path.join(ccm, name), text);
    otherBytes += Buffer.byteLength(text);
  }
  const old = otherLog("CAS", 2);
  writeFileSync(path.join(ccm, "old", "CAS.lo_"), old);
  otherBytes += Buffer.byteLength(old);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const base = (f: string): string => f.slice(f.lastIndexOf("/") + 1);

describe("globs", () => {
  it("match like a shell, case-insensitive; without a separator they match the file name at any depth", () => {
    const yes: Array<[string, string]> = [
      ["CAS.log", "CAS.log"],
      ["cas*", "CAS.log"],
      ["cas*", "old/CAS.lo_"],
      ["*.lo_", "a/b/CAS.lo_"],
      ["old/**", "old/CAS.lo_"],
      ["old/**", "old/x/y.log"],
      ["**/cas.log", "CAS.log"],
      ["**/cas.log", "a/b/cas.log"],
      ["{cas,policy*}.log", "PolicyAgent.log"],
      ["Polic?Agent.log", "PolicyAgent.log"],
      ["[cp]*.log", "policyagent.log"],
      ["[!x]*.log", "cas.log"],
      ["old\\*.lo_", "old/CAS.lo_"],
      ["./old/*.lo_", "old/CAS.lo_"],
      ["a/**/b.log", "a/b.log"],
      ["a/**/b.log", "a/x/y/b.log"],
      ["CAS-[0-9]*.log", "cas-123.log"],
    ];
    const no: Array<[string, string]> = [
      ["cas*", "PolicyAgent.log"],
      ["old/*", "old/x/y.log"],
      ["*.log", "CAS.lo_"],
      ["old/*.lo_", "new/old/CAS.lo_"],
      ["Polic?Agent.log", "PolicAgent.log"],
      ["[!c]*.log", "cas.log"],
      ["a.log", "a.logx"],
      ["a.log", "xa.log"],
      ["{cas,policy}.log", "casx.log"],
      ["CAS.log", "CAS/log"],
      ["*/*.log", "a/b/c.log"],
    ];
    for (const [g, p] of yes) expect(globRegExp(g).test(p), `${g} ~ ${p}`).toBe(true);
    for (const [g, p] of no) expect(globRegExp(g).test(p), `${g} !~ ${p}`).toBe(false);
    // Regular-expression characters in a glob are literal.
    expect(globRegExp("a+b(1).log").test("a+b(1).log")).toBe(true);
    expect(globRegExp("a+b(1).log").test("aab1.log")).toBe(false);
  });
  it("refuse an empty glob or an unclosed brace as a usage error", () => {
    expect(() => selector({ include: ["  "] })).not.toThrow();
    expect(() => globRegExp("")).toThrow(UsageError);
    expect(() => selector({ exclude: ["{a,b"] })).toThrow(/--exclude glob "\{a,b": an opening \{ has no closing \}/);
  });
  it("sizes are written for people", () => {
    expect([0, 999, 1000, 1500, 146_200_000, 2_000_000_000].map(sizeText)).toEqual([
      "0 B",
      "999 B",
      "1.0 kB",
      "1.5 kB",
      "146 MB",
      "2.0 GB",
    ]);
  });
});

describe("reading a CCM\\Logs folder with logs no stage uses", () => {
  it("reads the patch-flow logs and lists the others with their size", async () => {
    const d = await discover([ccm]);
    d.dispose();
    expect(d.files.map((f) => base(f.display)).sort()).toEqual(PATCH_LOGS);
    expect(d.skipped.length).toBe(OTHERS + 1);
    expect(d.skipped.reduce((n, s) => n + s.bytes, 0)).toBe(otherBytes);
    for (const s of d.skipped) expect(s.bytes).toBe(statSync(s.file).size);
    expect(d.excluded).toBe(0);
  });

  it("--all-logs reads them all; --include reads those it names; --exclude drops logs altogether", async () => {
    const all = await discover([ccm], undefined, undefined, { allLogs: true });
    expect(all.files.length).toBe(PATCH_LOGS.length + OTHERS + 1);
    expect(all.skipped).toEqual([]);

    const inc = await discover([ccm], undefined, undefined, { include: ["cas*", "LocationServices.log"] });
    const incNames = inc.files.map((f) => f.display.slice(ccm.length + 1)).sort();
    const cas = incNames.filter((n) => /cas/i.test(n));
    expect(cas).toContain("old/CAS.lo_");
    expect(cas).toContain("CAS.log");
    expect(incNames).toContain("LocationServices.log");
    expect(incNames.filter((n) => /policy/i.test(n))).toEqual([]);
    expect(inc.files.length + inc.skipped.length).toBe(PATCH_LOGS.length + OTHERS + 1);

    // Excluding a patch-flow log drops it too; excluded logs are counted, not listed.
    const exc = await discover([ccm], undefined, undefined, { include: ["cas*"], exclude: ["old/**", "execmgr.log"] });
    expect(exc.files.map((f) => f.display.slice(ccm.length + 1))).not.toContain("old/CAS.lo_");
    expect(exc.files.map((f) => base(f.display))).not.toContain("execmgr.log");
    expect(exc.excluded).toBe(2);
    expect(exc.skipped.some((s) => s.file.endsWith("CAS.lo_"))).toBe(false);
  });

  it("applies the same rules inside a .zip", async () => {
    const zip = path.join(dir, "logs.zip");
    await writeZip(zip, folderEntries(ccm, "CCM/Logs/"));
    const d = await discover([zip], undefined, undefined, {
      include: ["Logs/LocationServices.log"],
      exclude: ["**/old/**"],
    });
    d.dispose();
    // A glob with a separator is matched below the archive's root.
    expect(d.files.map((f) => base(f.display)).sort()).toEqual(PATCH_LOGS);
    const d2 = await discover([zip], undefined, undefined, {
      include: ["CCM/Logs/LocationServices.log"],
      exclude: ["**/old/**"],
    });
    d2.dispose();
    expect(d2.files.map((f) => base(f.display)).sort()).toEqual([...PATCH_LOGS, "LocationServices.log"].sort());
    expect(d2.excluded).toBe(1);
    expect(d2.skipped.length).toBe(OTHERS - 1);
    expect(d2.skipped.find((s) => s.file.endsWith("/CAS.log"))?.bytes).toBe(statSync(path.join(ccm, "CAS.log")).size);
  });

  it("reads a log no stage uses when it is given by name", async () => {
    const d = await discover([path.join(ccm, "CAS.log")]);
    expect(d.files.map((f) => base(f.display))).toEqual(["CAS.log"]);
    expect(d.skipped).toEqual([]);
  });

  it("diagnose: the same findings, the others listed in the JSON, one line about them on stderr", () => {
    const alone = run(["diagnose", DEFAULT_LOGS, "-f", "json", "--fail-on", "never"]);
    const r = run(["diagnose", ccm, "-f", "json", "--fail-on", "never"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const a = JSON.parse(alone.out);
    expect(j.files.map((f: { file: string }) => base(f.file)).sort()).toEqual(PATCH_LOGS);
    expect(j.findings.map((f: { ruleId: string; message: string }) => `${f.ruleId} ${f.message}`)).toEqual(
      a.findings.map((f: { ruleId: string; message: string }) => `${f.ruleId} ${f.message}`),
    );
    expect(j.skippedLogs.length).toBe(OTHERS + 1);
    expect(j.skippedLogs[0]).toEqual({ file: expect.stringContaining("CCM/Logs/"), bytes: expect.any(Number) });
    expect(j.excludedLogs).toBe(0);
    // stderr: the per-file lines of what was read, one line for what was not, the totals.
    const errLines = r.err.trim().split("\n");
    expect(errLines.length).toBe(alone.err.trim().split("\n").length + 1);
    expect(r.err).toContain(`${OTHERS + 1} logs no stage uses not read (${sizeText(otherBytes)}: `);
    expect(r.err).not.toMatch(/PolicyAgentProvider-\d+\.log/);

    const all = run(["diagnose", ccm, "-f", "json", "--fail-on", "never", "--all-logs", "-q"]);
    expect(JSON.parse(all.out).files.length).toBe(PATCH_LOGS.length + OTHERS + 1);
    const inc = run([
      "diagnose",
      ccm,
      "-f",
      "json",
      "--fail-on",
      "never",
      "--include",
      "CAS.log",
      "--exclude",
      "old\\*",
      "-q",
    ]);
    const ji = JSON.parse(inc.out);
    expect(ji.files.map((f: { file: string }) => base(f.file)).sort()).toEqual([...PATCH_LOGS, "CAS.log"].sort());
    expect(ji.excludedLogs).toBe(1);
  });

  it("the HTML report lists the logs not read, with their size", () => {
    const r = run(["diagnose", ccm, "-f", "html", "--fail-on", "never", "-q"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Logs not read: ${OTHERS + 1} logs that no stage uses (${sizeText(otherBytes)})`);
    const size = statSync(path.join(ccm, "CAS.log")).size;
    expect(r.out).toContain(`${ccm.split(path.sep).join("/")}/CAS.log</td><td class="num">${sizeText(size)}</td>`);
    expect(r.out.match(/<tr><td class="mono">[^<]*\.lo(?:g|_)<\/td><td class="num">/g)?.length).toBe(OTHERS + 1);
  });

  it("timeline and parse take the same options", () => {
    const t = run(["timeline", ccm, "-f", "json", "--include", "CAS.log", "-q"]);
    expect(t.code).toBe(0);
    expect(
      JSON.parse(t.out)
        .files.map((f: { file: string }) => base(f.file))
        .sort(),
    ).toEqual([...PATCH_LOGS, "CAS.log"].sort());
    const p = run(["parse", ccm, "--exclude", "*"]);
    expect(p.code).toBe(2);
    expect(p.err).toMatch(/no log files/);
  });

  it("a folder with only logs no stage uses is an input error (2) that says how to read them", () => {
    const only = path.join(dir, "only-others");
    mkdirSync(only);
    writeFileSync(path.join(only, "CAS.log"), otherLog("CAS", 3));
    const r = run(["diagnose", only]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /no patch-flow log under .*only-others: 1 log \(\d+ B\) that no stage uses were not read \(.*CAS\.log\); --all-logs or --include <glob> reads them/,
    );
    // Read with --all-logs, it is still no patch-flow log: nothing to diagnose, also an input error.
    const all = run(["diagnose", only, "--all-logs", "-f", "json", "--fail-on", "never"]);
    expect(all.code).toBe(2);
    expect(all.err).toMatch(/no patch-flow log recognized[^]*CAS\.log: not a patch-flow log/);
  });

  it("a bad glob is a usage error (2)", () => {
    const r = run(["diagnose", ccm, "--include", "{CAS"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--include glob "{CAS": an opening { has no closing }');
  });

  it("fleet clients read with the same selection (worker threads)", () => {
    const fleet = path.join(dir, "fleet");
    for (const c of ["WKS1", "WKS2"]) {
      mkdirSync(path.join(fleet, c), { recursive: true });
      cpSync(DEFAULT_LOGS, path.join(fleet, c), { recursive: true });
      writeFileSync(path.join(fleet, c, "CAS.log"), otherLog("CAS", 3));
      writeFileSync(path.join(fleet, c, "PolicyAgent.log"), otherLog("PolicyAgent", 3));
    }
    const r = run([
      "diagnose",
      fleet,
      "--fleet",
      "-f",
      "json",
      "--include",
      "cas.log",
      "-j",
      "2",
      "-q",
      "--fail-on",
      "never",
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.clients.length).toBe(2);
    for (const c of j.clients) {
      expect(c.files.map((f: { file: string }) => base(f.file)).sort()).toEqual([...PATCH_LOGS, "CAS.log"].sort());
      expect(c.skippedLogs.map((s: { file: string }) => base(s.file))).toEqual(["PolicyAgent.log"]);
    }
  });
});
