import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseXml, sarifValidator, type XNode } from "./helpers/formats.js";
import { buildTimeline } from "../src/pipeline/timeline.js";
import { Classifier } from "../src/events/classify.js";
import { DEFAULT_INPUT } from "../src/model/input.js";
import { diagnose } from "../src/rules/engine.js";
import { RULES } from "../src/rules/registry.js";
import type { Finding } from "../src/model/finding.js";
import { clientResult } from "../src/pipeline/result.js";
import type { ClientResult, RunResult } from "../src/model/result.js";
import { FINGERPRINT_KEY, sarifPieces, toSarif } from "../src/output/sarif.js";
import { toJunit } from "../src/output/junit.js";
import { command, toGithub, toGithubSummary, writeGithubSummary } from "../src/output/github.js";
import { toNdjson } from "../src/output/ndjson.js";

/**
 * The CI reporters, fed RunResults built from the real samples through the library. The SARIF schema is vendored in
 * test/fixtures/sarif (see its README); the XML check is a strict XML 1.0 parser (saxes), which also rejects
 * characters XML cannot hold.
 */
const REPO = path.resolve(__dirname, "..");
const SAMPLES = path.join(REPO, "samples");
const HOSTILE = `<script>&"'\u0001\ud800 50% a:b,c\r\nsecond line`;

async function client(dir: string): Promise<ClientResult> {
  const tl = await buildTimeline([dir], DEFAULT_INPUT, new Classifier());
  return clientResult(path.basename(dir), dir, tl, diagnose(tl, RULES), false);
}

function run(clients: ClientResult[], fleet: boolean, failedClients: RunResult["failedClients"] = []): RunResult {
  return {
    tool: { name: "patchflow", version: "0.1.0" },
    fleet,
    inputs: clients.map((c) => c.root),
    clients,
    failedClients,
  };
}

async function single(): Promise<RunResult> {
  return run([await client(path.join(SAMPLES, "default"))], false);
}

async function fleet(): Promise<RunResult> {
  const dir = path.join(SAMPLES, "fleet");
  const names = readdirSync(dir)
    .filter((n) => statSync(path.join(dir, n)).isDirectory())
    .sort();
  return run(await Promise.all(names.map((n) => client(path.join(dir, n)))), true, [
    { client: "WKS404", error: "cannot open WKS404.zip: not a zip archive" },
  ]);
}

function findings(r: RunResult): Array<{ c: ClientResult; f: Finding }> {
  return r.clients.flatMap((c) => c.diagnosis.findings.map((f) => ({ c, f })));
}

/** A copy of the result with one more finding whose text holds everything XML and JSON trip over. */
function withHostileFinding(r: RunResult): RunResult {
  const copy = structuredClone(r);
  const c = copy.clients[0];
  c.diagnosis.findings.unshift({
    ruleId: "execution-program-failed",
    stage: "install",
    severity: "error",
    messageId: "exit",
    message: HOSTILE,
    remedy: `fix ${HOSTILE}`,
    data: { program: HOSTILE, exitCode: 1 },
    evidence: [
      {
        seq: 1,
        file: `${c.root}/CCM/Logs/we ird#1%.log`,
        line: 7,
        utc: "2006-08-13T09:00:06.123Z",
        local: null,
        message: HOSTILE,
      },
    ],
  });
  return copy;
}

const kids = (n: XNode, name: string) => n.children.filter((k) => k.name === name);

describe("SARIF", () => {
  let validate: ((data: unknown) => boolean) & { errors?: unknown };
  let one: RunResult;
  let many: RunResult;

  beforeAll(async () => {
    validate = sarifValidator();
    one = await single();
    many = await fleet();
  });

  function valid(doc: unknown): void {
    const ok = validate(doc);
    expect(ok ? [] : validate.errors).toEqual([]);
  }

  it("the schema check catches an invalid log", () => {
    expect(
      validate({
        version: "2.1.0",
        runs: [{ tool: { driver: { name: "x" } }, results: [{ level: "fatal", message: { text: "m" } }] }],
      }),
    ).toBe(false);
    // Formats are checked too: a URI reference cannot hold a raw space.
    const loc = { physicalLocation: { artifactLocation: { uri: "CCM/Logs/exec mgr.log" } } };
    expect(
      validate({
        version: "2.1.0",
        runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, locations: [loc] }] }],
      }),
    ).toBe(false);
  });

  it("validates against the SARIF 2.1.0 schema, for one client and for a fleet", () => {
    valid(JSON.parse(toSarif(one)));
    valid(JSON.parse(toSarif(many, { informationUri: "https://example.org/patchflow" })));
  });

  it("is written in pieces that join to the same text, for one client and for a fleet", () => {
    for (const r of [one, many]) {
      const pieces = [...sarifPieces(r)];
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces.join("")).toBe(toSarif(r));
    }
  });

  it("has the registry's rules, mapped once", () => {
    const driver = JSON.parse(toSarif(one)).runs[0].tool.driver;
    expect(driver.name).toBe("patchflow");
    expect(driver.version).toBe("0.1.0");
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const [i, rule] of RULES.entries()) {
      const d = driver.rules[i];
      expect(d.shortDescription.text).toBe(rule.description);
      expect(d.help.text).toBe(rule.remedy);
      expect(d.defaultConfiguration.level).toBe(
        { error: "error", warning: "warning", info: "note" }[rule.defaultSeverity],
      );
      expect(d.properties.stage).toBe(rule.stage);
    }
  });

  it("gives one result per finding with its rule, level, client, file and line", () => {
    for (const r of [one, many]) {
      const sarif = JSON.parse(toSarif(r)).runs[0];
      const all = findings(r);
      expect(all.length).toBeGreaterThan(0);
      expect(sarif.results).toHaveLength(all.length);
      const bases = sarif.originalUriBaseIds as Record<string, { uri?: string; uriBaseId?: string }>;
      for (const [i, { c, f }] of all.entries()) {
        const res = sarif.results[i];
        expect(res.ruleId).toBe(f.ruleId);
        expect(sarif.tool.driver.rules[res.ruleIndex].id).toBe(f.ruleId);
        expect(res.level).toBe({ error: "error", warning: "warning", info: "note" }[f.severity]);
        expect(res.properties).toMatchObject({ client: c.client, stage: f.stage });
        expect(res.message.text).toBe(r.fleet ? `[${c.client}] ${f.message}` : f.message);
        const loc = res.locations[0].physicalLocation;
        if (f.evidence.length) {
          const e = f.evidence[0];
          expect(loc.artifactLocation.uri).toBe(path.relative(c.root, e.file).split(path.sep).join("/"));
          expect(loc.region.startLine).toBe(e.line);
          // The client's base resolves to its root.
          const base = bases[loc.artifactLocation.uriBaseId];
          expect(decodeURI(new URL(base.uri!).pathname)).toBe(`${c.root}/`);
          expect(res.relatedLocations?.length ?? 0).toBe(f.evidence.length - 1);
        } else {
          // No evidence (a missing log): located at the client's folder.
          expect(decodeURI(new URL(loc.artifactLocation.uri).pathname)).toBe(`${c.root}/`);
          expect(loc.region).toBeUndefined();
        }
      }
    }
  });

  it("writes relative roots relative to %SRCROOT% and percent-encodes paths", async () => {
    const rel = path.relative(process.cwd(), path.join(SAMPLES, "default")).split(path.sep).join("/");
    const r = withHostileFinding(run([await client(rel)], false));
    const sarif = JSON.parse(toSarif(r)).runs[0];
    valid({ version: "2.1.0", runs: [sarif] });
    expect(sarif.originalUriBaseIds["LOGROOT:default"]).toMatchObject({ uri: `${rel}/`, uriBaseId: "%SRCROOT%" });
    expect(sarif.results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: "CCM/Logs/we%20ird%231%25.log",
      uriBaseId: "LOGROOT:default",
    });
    const missing = sarif.results.find((x: { ruleId: string }) => x.ruleId === "flow-no-evidence");
    expect(missing.locations[0].physicalLocation.artifactLocation).toEqual({ uri: `${rel}/`, uriBaseId: "%SRCROOT%" });
  });

  it("fingerprints are stable across runs and line shifts, distinct across findings and days", async () => {
    const print = (r: RunResult) =>
      (JSON.parse(toSarif(r)).runs[0].results as Array<{ partialFingerprints: Record<string, string> }>).map(
        (x) => x.partialFingerprints[FINGERPRINT_KEY],
      );
    for (const [a, b] of [
      [one, await single()],
      [many, await fleet()],
    ]) {
      const first = print(a);
      expect(print(b)).toEqual(first);
      expect(new Set(first).size).toBe(first.length);
      // The log grew at the top, or rotated: lines moved, the alert must not.
      const moved = structuredClone(a);
      for (const { f } of findings(moved))
        for (const e of f.evidence) {
          e.line += 40;
          e.file = e.file.replace(/\.log$/, ".lo_");
        }
      expect(print(moved)).toEqual(first);
    }
    // The same failure on another day is another alert.
    const later = structuredClone(one);
    const withTime = findings(later).find(({ f }) => f.evidence[0]?.utc)!;
    withTime.f.evidence[0].utc = "2006-09-13T09:00:06.123Z";
    const i = findings(later).findIndex((x) => x.f === withTime.f);
    expect(print(later)[i]).not.toBe(print(one)[i]);
  });

  it("keeps hostile text as valid JSON and valid against the schema", () => {
    const out = toSarif(withHostileFinding(one));
    const doc = JSON.parse(out);
    valid(doc);
    const res = doc.runs[0].results[0];
    // Markup and controls survive as data; a lone surrogate cannot be UTF-8 and becomes U+FFFD.
    expect(res.message.text).toBe(HOSTILE.replace("\ud800", "\ufffd"));
    expect(res.locations[0].message.text).toBe(HOSTILE.replace("\ud800", "\ufffd"));
    expect(res.properties.data.program).toBe(HOSTILE.replace("\ud800", "\ufffd"));
    expect(out).not.toMatch(/[\ud800-\udfff]|\\ud[89a-f]/i);
    expect(out).toContain("\\u0001");
  });
});

describe("JUnit XML", () => {
  it("is well-formed XML with one suite per client and one case per stage, counts right", async () => {
    for (const r of [await single(), await fleet()]) {
      const root = parseXml(toJunit(r));
      expect(root.name).toBe("testsuites");
      const suites = kids(root, "testsuite");
      expect(suites.map((s) => s.attrs.name)).toEqual([
        ...r.clients.map((c) => c.client),
        ...r.failedClients.map((f) => f.client),
      ]);
      const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
      for (const [i, c] of r.clients.entries()) {
        const s = suites[i];
        const cases = kids(s, "testcase");
        expect(cases.map((k) => k.name === "testcase" && k.attrs.name)).toEqual(
          c.diagnosis.stages.map((st) => st.stage),
        );
        for (const k of cases) expect(k.attrs.classname).toBe(`patchflow.${c.client}`);
        const failed = cases.flatMap((k) => kids(k, "failure"));
        const skipped = cases.filter((k) => kids(k, "skipped").length);
        expect(Number(s.attrs.tests)).toBe(cases.length);
        expect(Number(s.attrs.failures)).toBe(failed.length);
        expect(Number(s.attrs.skipped)).toBe(skipped.length);
        // A failure per error finding, on its stage; skipped only for stages without logs and without errors.
        for (const [j, st] of c.diagnosis.stages.entries()) {
          const errors = c.diagnosis.findings.filter((f) => f.stage === st.stage && f.severity === "error");
          const failures = kids(cases[j], "failure");
          expect(failures.map((x) => [x.attrs.type, x.attrs.message])).toEqual(
            errors.map((f) => [f.ruleId, f.message]),
          );
          expect(kids(cases[j], "skipped").length).toBe(!errors.length && st.verdict === "no evidence" ? 1 : 0);
          for (const [n, f] of errors.entries()) {
            expect(failures[n].text).toContain(`${f.evidence[0].file}:${f.evidence[0].line}`);
            expect(failures[n].text).toContain(f.remedy);
          }
          const warnings = c.diagnosis.findings.filter((f) => f.stage === st.stage && f.severity !== "error");
          const out = kids(cases[j], "system-out");
          expect(out.length).toBe(warnings.length ? 1 : 0);
          for (const w of warnings) expect(out[0].text).toContain(w.message);
        }
        total.tests += cases.length;
        total.failures += failed.length;
        total.skipped += skipped.length;
      }
      total.tests += r.failedClients.length;
      total.errors += r.failedClients.length;
      expect(root.attrs).toMatchObject(Object.fromEntries(Object.entries(total).map(([k, v]) => [k, String(v)])));
    }
  });

  it("the XML check rejects what XML 1.0 cannot hold", () => {
    expect(() => parseXml("<a>\u0001</a>")).toThrow();
    expect(() => parseXml("<a>&#1;</a>")).toThrow();
    expect(() => parseXml("<a><b></a>")).toThrow();
  });

  it("escapes markup and replaces characters XML cannot hold", async () => {
    const xml = toJunit(withHostileFinding(await single()));
    const root = parseXml(xml);
    const failure = kids(kids(kids(root, "testsuite")[0], "testcase")[3], "failure")[0];
    // The attribute keeps its line break (as a reference); the control shows as \x01, the lone surrogate as U+FFFD.
    const expected = HOSTILE.replace("\u0001", "\\x01").replace("\ud800", "\ufffd");
    expect(failure.attrs.message).toBe(expected);
    expect(failure.text).toContain(expected);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff]/);
  });
});

describe("GitHub workflow commands", () => {
  it("annotates a known finding exactly, with paths relative to the workspace", async () => {
    const r = await single();
    // Only the findings of the two rules this test knows the wording of, so that new rules do not move the lines.
    const c = r.clients[0];
    c.diagnosis.findings = c.diagnosis.findings.filter(
      (f) => f.ruleId === "sync-download-failed" || f.ruleId === "flow-no-evidence",
    );
    const lines = toGithub(r, { cwd: REPO }).trimEnd().split("\n");
    expect(
      lines.filter((l) =>
        l.startsWith(
          "::error file=samples/default/CCM/Logs/SecuritySyncXML.log,line=55,title=sync-download-failed::SyncXML could not download the security catalog on 2006-08-13 02:00 -07:00: HTTP 407 / 0x80190197",
        ),
      ),
    ).toHaveLength(1);
    expect(lines).toContain(
      "::warning title=flow-no-evidence::No PatchInstall.log was found, so the install stage cannot be checked: a gap in the evidence, not a healthy stage.",
    );
    expect(lines).toHaveLength(c.diagnosis.findings.length);
    const rank = { error: 0, warning: 1, notice: 2 } as Record<string, number>;
    const levels = lines.map((l) => rank[l.slice(2, l.indexOf(" "))]);
    expect(levels).toEqual([...levels].sort());
  });

  it("escapes data and properties the way the runner reads them", async () => {
    expect(command("warning", { file: "a:b,c%.log", line: "3", title: "t" }, "50% done\r\nnext")).toBe(
      "::warning file=a%3Ab%2Cc%25.log,line=3,title=t::50%25 done%0D%0Anext",
    );
    const r = withHostileFinding(await single());
    const first = toGithub(r).split("\n")[0];
    const file = `${r.clients[0].root}/CCM/Logs/we ird#1%.log`
      .replace(/%/g, "%25")
      .replace(/:/g, "%3A")
      .replace(/,/g, "%2C");
    expect(first).toBe(
      `::error file=${file},line=7,title=execution-program-failed::<script>&"'\\x01\ufffd 50%25 a:b,c%0D%0Asecond line`,
    );
  });

  it("keeps 10 annotations per level and says how many more are in the summary", async () => {
    const base = await single();
    const r = structuredClone(base);
    const proto = r.clients[0].diagnosis.findings[0];
    const make = (severity: Finding["severity"], n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...proto, severity, message: `${severity} ${i}` }));
    r.clients[0].diagnosis.findings = [...make("error", 15), ...make("warning", 12), ...make("info", 3)];
    const lines = toGithub(r).trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("::error "))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith("::warning "))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith("::notice "))).toHaveLength(4);
    expect(lines.map((l) => l.slice(2, l.indexOf(" ")))).toEqual([
      ...Array(10).fill("error"),
      ...Array(10).fill("warning"),
      ...Array(4).fill("notice"),
    ]);
    expect(lines.at(-1)).toBe(
      "::notice title=patchflow::7 more findings (5 errors, 2 warnings) not annotated here: GitHub shows 10 per level and step. The job summary lists every finding.",
    );
    // Ten notices of its own: one gives way to the closing notice, so GitHub still shows it.
    r.clients[0].diagnosis.findings = [...make("error", 11), ...make("info", 10)];
    const again = toGithub(r).trimEnd().split("\n");
    expect(again.filter((l) => l.startsWith("::notice "))).toHaveLength(10);
    expect(again.at(-1)).toContain("2 more findings (1 error, 1 notice)");
  });

  it("writes every finding to the job summary, appended to $GITHUB_STEP_SUMMARY", async () => {
    const r = await fleet();
    const summary = toGithubSummary(r);
    for (const c of r.clients) expect(summary).toContain(`## Patch flow: ${c.client}`);
    expect(summary).toContain("WKS404");
    const items = summary.split("\n").filter((l) => /^- \*\*(ERROR|WARNING|INFO)\*\*/.test(l));
    expect(items).toHaveLength(findings(r).length);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "patchflow-summary-")), "summary.md");
    writeFileSync(file, "earlier step\n");
    expect(writeGithubSummary(r, { GITHUB_STEP_SUMMARY: file })).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(`earlier step\n${summary}`);
    expect(writeGithubSummary(r, {})).toBe(false);
  });
});

describe("NDJSON", () => {
  it("writes one JSON line per finding with its client", async () => {
    const r = await fleet();
    const lines = toNdjson(r).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((l) => JSON.parse(l))).toEqual(findings(r).map(({ c, f }) => ({ client: c.client, ...f })));
  });

  it("stays valid JSON, one line each, and gives hostile text back unchanged", async () => {
    const r = withHostileFinding(await single());
    r.clients[0].diagnosis.findings[0].evidence[0].message = "sep\u2028arator\u2029\u0000\u001b[31m";
    const out = toNdjson(r);
    const lines = out.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(findings(r).length);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u2028\u2029]/);
    const back = JSON.parse(lines[0]);
    expect(back.message).toBe(HOSTILE);
    expect(back.evidence[0].message).toBe("sep\u2028arator\u2029\u0000\u001b[31m");
  });
});
