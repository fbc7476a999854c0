import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseTimeConvention, showTime, showDay } from "../src/time/show.js";
import { terminalWidth, visibleLength, wrap } from "../src/text/terminal.js";
import { compileGrep } from "../src/timeline/grep.js";
import { explain, parseCode } from "../src/commands/explain.js";
import { CODE_REFERENCE } from "../src/events/codes.js";
import { findConfig } from "../src/cli/config.js";
import { closest } from "../src/text/suggest.js";
import { ROOT, runCli as run } from "./helpers/cli.js";

// The CLI as users run it: the built bin (npm test builds first).

const widest = (text: string) => Math.max(...text.split("\n").map((l) => [...l].length));

describe("terminal width", () => {
  it("the diagnosis table and findings fit COLUMNS, for narrow, middle and wide terminals", () => {
    for (const width of [40, 60, 80, 124, 125, 160]) {
      const r = run(["diagnose", "samples/default", "-f", "table", "-q"], { env: { COLUMNS: String(width) } });
      expect(r.code).toBe(1);
      expect(widest(r.out), `COLUMNS=${width}`).toBeLessThanOrEqual(width);
      expect(r.out).toContain("ERROR sync-download-failed [sync]");
    }
  });
  it("the fleet overview fits COLUMNS", () => {
    for (const width of [80, 100]) {
      const r = run(["diagnose", "samples/fleet", "-f", "table", "-q"], { env: { COLUMNS: String(width) } });
      expect(widest(r.out), `COLUMNS=${width}`).toBeLessThanOrEqual(width);
      expect(r.out).toContain("WKS002");
    }
  });
  it("piped without COLUMNS, output is laid out for 80 columns", () => {
    const r = run(["diagnose", "samples/default", "-f", "table", "-q"]);
    expect(widest(r.out)).toBeLessThanOrEqual(80);
    expect(widest(r.out)).toBeGreaterThan(70);
  });
  it("a wide terminal gets the four-column table, a narrow one the list", () => {
    const wide = run(["diagnose", "samples/default", "-f", "table", "-q"], { env: { COLUMNS: "160" } });
    expect(wide.out).toMatch(/│ stage\s+│ verdict\s+│ last run\s+│ facts/);
    const narrow = run(["diagnose", "samples/default", "-f", "table", "-q"], { env: { COLUMNS: "60" } });
    expect(narrow.out).toContain("1 catalog sync: FAILED");
    expect(narrow.out).not.toContain("│");
  });
  it("the timeline table fits COLUMNS", () => {
    const r = run(["timeline", "samples/default", "-f", "table", "-q"], { env: { COLUMNS: "90" } });
    expect(r.code).toBe(0);
    expect(widest(r.out)).toBeLessThanOrEqual(90);
  });
  it("terminalWidth: COLUMNS, else the terminal's columns, else 80", () => {
    const before = process.env.COLUMNS;
    try {
      delete process.env.COLUMNS;
      expect(terminalWidth({ isTTY: false })).toBe(80);
      expect(terminalWidth({ isTTY: true, columns: 132 })).toBe(132);
      process.env.COLUMNS = "100";
      expect(terminalWidth({ isTTY: true, columns: 132 })).toBe(100);
      process.env.COLUMNS = "10";
      expect(terminalWidth({ isTTY: false })).toBe(40);
    } finally {
      if (before === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = before;
    }
  });
  it("wrap keeps lines within the width, keeps every word, hangs the indent, and cuts long paths after a separator", () => {
    const text =
      "one two three \\\\SEA-ADM-WS02\\SMSPKG\\SecurityPatch\\PkgSource\\very\\long\\folder\\name four 2006-08-13 02:00 -07:00 five";
    const lines = wrap(text, 30, "  ", "    ");
    for (const l of lines) expect(visibleLength(l)).toBeLessThanOrEqual(30);
    expect(lines[0].startsWith("  one")).toBe(true);
    for (const l of lines.slice(1)) expect(l.startsWith("    ")).toBe(true);
    expect(
      lines
        .map((l) => l.trim())
        .join(" ")
        .replace(/\\ /g, "\\"),
    ).toContain("four");
    expect(lines.join("").replace(/\s+/g, "")).toBe(("  " + text).replace(/\s+/g, ""));
    expect(lines.some((l) => l.includes("2006-08-13 02:00 -07:00"))).toBe(true);
    expect(
      lines
        .find((l) => l.includes("SMSPKG"))!
        .trimEnd()
        .endsWith("\\"),
    ).toBe(true);
    // Colour codes take no column.
    const coloured = wrap("\x1b[2mdim words here\x1b[22m and more words", 12);
    for (const l of coloured) expect(visibleLength(l)).toBeLessThanOrEqual(12);
  });
});

describe("each thing said once", () => {
  it("a rule's remedy is printed once; a later finding of the same rule refers to it", () => {
    const r = run(["diagnose", "samples/default", "-f", "table", "-q"], { env: { COLUMNS: "200" } });
    const doc = JSON.parse(run(["diagnose", "samples/default", "-f", "json", "-q"]).out);
    const remedy: string = doc.findings.find((f: { ruleId: string }) => f.ruleId === "sync-download-failed").remedy;
    const flat = r.out.replace(/\n\s+/g, " ");
    expect(flat.split(remedy.slice(0, 120)).length - 1).toBe(1);
    expect(r.out).toContain("what to do: as for the first sync-download-failed finding above.");
    const md = run(["diagnose", "samples/default", "-f", "markdown", "-q"]).out;
    expect(md).toContain("what to do: as for the first sync-download-failed finding above.");
  });
  it("stderr carries one summary line by default; --verbose adds a line per file and the recognition", () => {
    const plain = run(["diagnose", "samples/default", "-f", "json"]);
    expect(plain.err.trim().split("\n")).toEqual([
      expect.stringMatching(/^4 files, 452 records, 0 unparsed spans \(0 lines\), 0 blank lines$/),
    ]);
    const verbose = run(["diagnose", "samples/default", "-f", "json", "--verbose"]);
    expect(verbose.err).toMatch(/SecuritySyncXML\.log \[SecuritySyncXML\]: \d+ lines, \d+ bytes/);
    expect(verbose.err).toMatch(/lines no message pattern recognized/);
    expect(verbose.err.trim().split("\n").length).toBeGreaterThan(4);
  });
  it("--format compact: one line a finding, like ESLint's compact, then the count", () => {
    const r = run(["diagnose", "samples/default", "-f", "compact", "-q"]);
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("4 problems (2 errors, 2 warnings, 0 info)");
    const findings = lines.slice(0, -2);
    expect(findings).toHaveLength(4);
    for (const l of findings) expect(l).toMatch(/^\S.*: (line \d+, )?(Error|Warning|Info) - .+ \([a-z0-9-]+\)$/);
    expect(findings[0]).toMatch(
      /^samples\/default\/CCM\/Logs\/SecuritySyncXML\.log: line 55, Error - SyncXML could not download/,
    );
    expect(findings).toContain(
      "samples/default: Warning - No PatchInstall.log was found, so the install stage cannot be checked: a gap in the evidence, not a healthy stage. (flow-no-evidence)",
    );
  });
});

describe("one time convention", () => {
  it("showTime: local with its offset, UTC with Z, a zone, and an unknown zone said as such", () => {
    const utc = "2006-08-10T23:03:05.000Z";
    const local = "2006-08-10T16:03:05.000";
    expect(showTime(utc, local)).toBe("2006-08-10 16:03 -07:00");
    expect(showTime(utc, local, parseTimeConvention("utc"), "second")).toBe("2006-08-10 23:03:05Z");
    expect(showTime(utc, local, parseTimeConvention("Europe/Berlin"))).toBe("2006-08-11 01:03 +02:00");
    expect(showTime(utc, local, parseTimeConvention("+05:30"))).toBe("2006-08-11 04:33 +05:30");
    expect(showTime(null, local, parseTimeConvention("utc"))).toBe("2006-08-10 16:03 (zone unknown)");
    expect(showTime(utc, null)).toBe("2006-08-10 23:03Z");
    expect(showTime(null, null)).toBe("(no time)");
    expect(showDay(utc, local, parseTimeConvention("Europe/Berlin"))).toBe("2006-08-11");
    expect(() => parseTimeConvention("Mars/Olympus")).toThrow(/--tz Mars\/Olympus/);
  });
  it("finding messages and their evidence lines use the same convention, in the table and in Markdown", () => {
    const cases: Array<[string[], string]> = [
      [[], "2006-08-13 02:00 -07:00"],
      [["--tz", "utc"], "2006-08-13 09:00Z"],
      [["--tz", "Europe/Berlin"], "2006-08-13 11:00 +02:00"],
    ];
    for (const [tz, shown] of cases) {
      const table = run(["diagnose", "samples/default", "-f", "table", "-q", ...tz], { env: { COLUMNS: "200" } }).out;
      expect(table).toContain(`SyncXML could not download the security catalog on ${shown}:`);
      expect(table).toMatch(
        new RegExp(
          `evidence: samples/default/CCM/Logs/SecuritySyncXML\\.log:55  ${shown.replace(/[+]/g, "\\+")}  Download failed`,
        ),
      );
      const md = run(["diagnose", "samples/default", "-f", "markdown", "-q", ...tz]).out;
      expect(md).toContain(`security catalog on ${shown}:`);
      expect(md).toContain(`\`samples/default/CCM/Logs/SecuritySyncXML.log:55\` ${shown}: Download failed`);
    }
  });
  it("the timeline table follows --tz; an unknown zone is a usage error", () => {
    const utc = run(
      [
        "timeline",
        "samples/default",
        "-f",
        "table",
        "-q",
        "--tz",
        "utc",
        "--log",
        "SecuritySyncXML",
        "--severity",
        "error",
      ],
      { env: { COLUMNS: "120" } },
    );
    expect(utc.out).toContain("2006-08-13 09:00:05Z");
    const local = run(
      ["timeline", "samples/default", "-f", "table", "-q", "--log", "SecuritySyncXML", "--severity", "error"],
      { env: { COLUMNS: "120" } },
    );
    expect(local.out).toContain("2006-08-13 02:00:05 -07:00");
    const bad = run(["diagnose", "samples/default", "--tz", "Nowhere/Else"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--tz Nowhere/Else");
  });
});

describe("patchflow explain", () => {
  it("reads hex, signed and unsigned decimal, and CMTrace's bare hex as the same code", () => {
    for (const input of ["0x80070005", "-2147024891", "2147942405", "80070005"])
      expect(parseCode(input).value).toBe(0x80070005);
    expect(explain("0x80070005").entries[0]).toMatchObject({
      system: "hresult",
      code: "0x80070005",
      name: "E_ACCESSDENIED",
    });
    expect(() => parseCode("0xZZ")).toThrow(/not a code/);
    expect(() => parseCode("-99999999999")).toThrow();
  });
  it("the CLI prints meaning, cause, where and source, and says when there is more than one cause", () => {
    for (const args of [
      ["explain", "0x80070005"],
      ["explain", "-2147024891"],
      ["explain", "--", "-2147024891"],
    ]) {
      const r = run(args, { env: { COLUMNS: "200" } });
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.out).toContain("0x80070005 = -2147024891 = 2147942405");
      expect(r.out).toContain("E_ACCESSDENIED (HRESULT)");
      expect(r.out).toContain("Meaning: Access is denied.");
      expect(r.out).toContain("More than one cause is documented");
      expect(r.out).toContain("Shows up in:");
      expect(r.out).toMatch(/Source: https:\/\/learn\.microsoft\.com\//);
    }
    const msi = run(["explain", "1603"], { env: { COLUMNS: "200" } });
    expect(msi.out).toContain("ERROR_INSTALL_FAILURE (Windows Installer)");
    expect(msi.out).toContain("As an HRESULT (HRESULT_FROM_WIN32): 0x80070643");
    expect(msi.out).toContain("https://learn.microsoft.com/en-us/windows/win32/msi/error-codes");
    const winhttp = run(["explain", "0x80072EFD"]);
    expect(winhttp.out).toContain("ERROR_WINHTTP_CANNOT_CONNECT");
  });
  it("an unknown code exits 1, a malformed one 2; JSON carries the entries", () => {
    expect(run(["explain", "0x8BADF00D"]).code).toBe(1);
    expect(run(["explain", "nonsense"]).code).toBe(2);
    const doc = JSON.parse(run(["explain", "0x80190197", "-f", "json"]).out);
    expect(doc).toMatchObject({ hex: "0x80190197", signed: -2145844841, hresult: { facility: 0x19 } });
    expect(doc.entries[0]).toMatchObject({
      name: "HTTP_E_STATUS_PROXY_AUTH_REQ",
      source: expect.stringMatching(/^https:\/\/learn\.microsoft\.com\//),
    });
  });
  it("every entry of the code table has a meaning, a cause, where it shows up and a Microsoft source; none twice", () => {
    const keys = new Set<string>();
    for (const c of CODE_REFERENCE) {
      const key = `${c.system}:${c.code.toLowerCase()}`;
      expect(keys.has(key), key).toBe(false);
      keys.add(key);
      expect(c.meaning.length, key).toBeGreaterThan(2);
      expect(c.where.length, key).toBeGreaterThan(0);
      expect(c.source, key).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      if (c.system === "hresult") expect(c.code, key).toMatch(/^0x[0-9A-F]{8}$/);
      else expect(c.code, key).toMatch(/^\d+$/);
    }
  });
});

describe("CLI conventions", () => {
  it("a mistyped command is refused with the nearest command (2)", () => {
    const r = run(["timelin", "samples/default"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'timelin'");
    expect(r.err).toContain("did you mean 'timeline'?");
    const other = run(["frobnicate"]);
    expect(other.code).toBe(2);
    expect(other.err).toContain("frobnicate: no such file or folder");
    expect(closest("diagnoze", ["diagnose", "timeline"])).toBe("diagnose");
    expect(closest("xyz", ["diagnose", "timeline"])).toBeUndefined();
  });
  it("the output format follows -o's extension unless -f says otherwise", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "patchflow-ext-"));
    const starts: Record<string, RegExp> = {
      "r.html": /^<!DOCTYPE html>/,
      "r.sarif": /"version": "2\.1\.0"/,
      "r.md": /^## Patch flow: /,
      "r.json": /"schema": "patchflow\.diagnosis"/,
      "r.xml": /^<\?xml[^>]*>\n<testsuites /,
      "r.txt": /^Patch flow: /,
    };
    for (const [name, re] of Object.entries(starts)) {
      const r = run(["diagnose", "samples/default", "-o", path.join(dir, name), "-q"]);
      expect(r.code, name).toBe(1);
      expect(readFileSync(path.join(dir, name), "utf8"), name).toMatch(re);
    }
    // The HTML report chosen by extension is the one --format html writes (with its timeline).
    run(["diagnose", "samples/default", "-o", path.join(dir, "f.html"), "-f", "html", "-q"]);
    expect(readFileSync(path.join(dir, "r.html"), "utf8")).toBe(readFileSync(path.join(dir, "f.html"), "utf8"));
    run(["timeline", "samples/default", "-o", path.join(dir, "t.csv"), "-q"]);
    expect(readFileSync(path.join(dir, "t.csv"), "utf8").startsWith("seq,utc,local,")).toBe(true);
    run(["diagnose", "samples/default", "-o", path.join(dir, "forced.html"), "-f", "json", "-q"]);
    expect(JSON.parse(readFileSync(path.join(dir, "forced.html"), "utf8")).schema).toBe("patchflow.diagnosis");
    const wrong = run(["timeline", "samples/default", "-o", path.join(dir, "t.html")]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("does not write html");
  });
  it("--grep takes a regular expression (case ignored), matched in linear time; backreferences are refused", () => {
    const count = (args: string[]) =>
      run(["timeline", "samples/default", "-f", "ndjson", "-q", ...args])
        .out.trim()
        .split("\n")
        .filter(Boolean).length;
    const either = count(["--grep", "0x8019019[0-9]|0x80072efd"]);
    expect(either).toBe(count(["--grep", "0x80190197"]) + count(["--grep", "0x80072EFD"]));
    expect(either).toBeGreaterThan(0);
    expect(count(["--grep", "download FAILED"])).toBe(count(["--grep", "download failed"]));
    expect(count(["--grep", "download failed"])).toBeGreaterThan(0);
    expect(count(["--grep", "^DOWNLOAD\\sFAILED"])).toBe(count(["--grep", "^download\\s+failed"]));
    expect(count(["--grep", "^DOWNLOAD\\sFAILED"])).toBeGreaterThan(0);
    expect(count(["--grep", "^download\\S+"])).toBeLessThan(count(["--grep", "^download"]));
    const back = run(["timeline", "samples/default", "--grep", "(a)\\1"]);
    expect(back.code).toBe(2);
    expect(back.err).toContain("cannot be matched in linear time");
    expect(run(["timeline", "samples/default", "--grep", "(unclosed"]).code).toBe(2);
    // A pattern that backtracks without bound elsewhere is linear here.
    const g = compileGrep("(a+)+$");
    expect(g.test(`${"a".repeat(100_000)}!`)).toBe(false);
    expect(g.test("xa")).toBe(true);
    expect(compileGrep("[A-F]+\\d").test("0XEF5")).toBe(true);
  });
  it("unknown --log and --stage values are usage errors (2); log names are matched like file names", () => {
    const log = run(["timeline", "samples/default", "--log", "Nope"]);
    expect(log.code).toBe(2);
    expect(log.err).toContain("--log Nope: no such log");
    const stage = run(["timeline", "samples/default", "--stage", "synk"]);
    expect(stage.code).toBe(2);
    expect(stage.err).toContain("did you mean sync?");
    const lower = run(["timeline", "samples/default", "--log", "securitysyncxml.log", "-f", "ndjson", "-q"]);
    expect(lower.code).toBe(0);
    const logs = new Set(
      lower.out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).log),
    );
    expect([...logs]).toEqual(["SecuritySyncXML"]);
  });
  it("paths given as patterns are expanded, as Windows shells leave them to the program", () => {
    const plain = JSON.parse(run(["diagnose", "samples/default", "-f", "json", "-q"]).out);
    for (const pattern of ["samples/defaul?", "samples\\defaul?", "samples/{default,nothing}"]) {
      const r = run(["diagnose", pattern, "-f", "json", "-q"]);
      expect(r.code, pattern).toBe(1);
      expect(JSON.parse(r.out).findings, pattern).toEqual(plain.findings);
    }
    const fleet = run(["diagnose", "samples/fleet/WKS00[12]", "--fleet", "-f", "json", "-q", "--fail-on", "never"]);
    expect(fleet.code).toBe(0);
    expect(JSON.parse(fleet.out).clients.map((c: { client: string }) => c.client)).toEqual(["WKS001", "WKS002"]);
    const none = run(["diagnose", "samples/nothing*", "-q"]);
    expect(none.code).toBe(2);
    expect(none.err).toContain("samples/nothing*: no file or folder matches this pattern");
  });
  it("Windows-style paths are accepted", () => {
    const r = run(["diagnose", "samples\\default", "-f", "json", "-q"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).findings.length).toBe(
      JSON.parse(run(["diagnose", "samples/default", "-f", "json", "-q"]).out).findings.length,
    );
  });
  it("each command's help lists its formats and has examples", () => {
    const formats: Record<string, string[]> = {
      diagnose: ["table", "json", "markdown", "sarif", "junit", "github", "ndjson", "html", "compact"],
      timeline: ["table", "ndjson", "json", "csv"],
      parse: ["ndjson", "json", "table"],
      rules: ["table", "json"],
      explain: ["table", "json"],
    };
    for (const [cmd, list] of Object.entries(formats)) {
      const r = run([cmd, "--help"], { env: { COLUMNS: "200" } });
      expect(r.code, cmd).toBe(0);
      expect(r.out, cmd).toContain(`[choices: ${list.map((f) => `"${f}"`).join(", ")}]`);
      expect(r.out, cmd).toContain("Examples:");
    }
  });
  it("shell completion prints a script and nothing else", () => {
    const r = run(["completion"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain("patchflow --get-yargs-completions");
    const words = run(["--get-yargs-completions", "patchflow", ""]).out.split("\n");
    for (const c of ["diagnose", "timeline", "explain"]) expect(words).toContain(c);
  });
});

describe("config discovery", () => {
  it("finds patchflow.config.json, then .patchflowrc.json, then package.json's patchflow key; --config overrides", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "patchflow-config-"));
    expect(findConfig(undefined, dir)).toEqual({ source: null, config: {} });
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "x", patchflow: { tz: "utc" } }));
    expect(findConfig(undefined, dir)).toEqual({
      source: `${path.join(dir, "package.json")}#patchflow`,
      config: { tz: "utc" },
    });
    writeFileSync(path.join(dir, ".patchflowrc.json"), JSON.stringify({ failOn: "warning" }));
    expect(findConfig(undefined, dir).config).toEqual({ failOn: "warning" });
    writeFileSync(path.join(dir, "patchflow.config.json"), JSON.stringify({ maxSyncAgeDays: 30 }));
    expect(findConfig(undefined, dir).config).toEqual({ maxSyncAgeDays: 30 });
    const explicit = path.join(dir, "other.json");
    writeFileSync(explicit, JSON.stringify({ rules: { "sync-too-old": "off" } }));
    expect(findConfig(explicit, dir)).toEqual({ source: explicit, config: { rules: { "sync-too-old": "off" } } });
    writeFileSync(explicit, JSON.stringify({ maxSyncAgeDays: "thirty" }));
    expect(() => findConfig(explicit, dir)).toThrow(/maxSyncAgeDays "thirty": give a number of days from 0 to 36500/);
  });
  it("the CLI uses the discovered config, and --print-config shows the source and the values in force", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "patchflow-config-"));
    writeFileSync(
      path.join(dir, ".patchflowrc.json"),
      JSON.stringify({ tz: "utc", failOn: "never", rules: { "flow-no-evidence": "off" } }),
    );
    const printed = run(["diagnose", "--print-config", "--rule", "sync-too-old=info"], { cwd: dir });
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.out)).toEqual({
      source: path.join(dir, ".patchflowrc.json"),
      config: { tz: "utc", failOn: "never", rules: { "flow-no-evidence": "off" } },
      effective: {
        failOn: "never",
        tz: "utc",
        rules: { "flow-no-evidence": "off", "sync-too-old": "info" },
        maxSyncAgeDays: 8,
        maxCatalogAgeDays: 45,
      },
    });
    const r = run(["diagnose", path.join(ROOT, "samples/default"), "-f", "markdown", "-q"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.out).toContain("security catalog on 2006-08-13 09:00Z:");
    expect(r.out).not.toContain("flow-no-evidence");
    const over = run(
      ["diagnose", path.join(ROOT, "samples/default"), "-f", "json", "-q", "--tz", "local", "--fail-on", "error"],
      { cwd: dir },
    );
    expect(over.code).toBe(1);
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ colour: "red" }));
    const refused = run(["diagnose", "samples/default", "--config", bad]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('unknown key "colour"');
  });
});

describe("one time convention in the HTML report", () => {
  it("evidence times follow --tz like the table: local with its offset by default, UTC with Z", () => {
    const evidenceTimes = (html: string) =>
      [...html.matchAll(/<td class="mono nowrap">([^<]*)<\/td>/g)].map((m) => m[1]);
    const local = evidenceTimes(run(["diagnose", "samples/default", "-f", "html", "-q"]).out);
    const utc = evidenceTimes(run(["diagnose", "samples/default", "-f", "html", "-q", "--tz", "utc"]).out);
    expect(local.length).toBeGreaterThan(0);
    expect(local).toContain("2006-08-13 02:00:05 -07:00");
    expect(utc).toContain("2006-08-13 09:00:05Z");
    for (const t of local) expect(t).toMatch(/ [-+]\d\d:\d\d$/);
    for (const t of utc) expect(t).toMatch(/Z$/);
  });
});

describe("README", () => {
  it("the example output is what npm start prints on an 80-column terminal", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const block = /<!-- example:begin -->\n```\n([\s\S]*?)```\n<!-- example:end -->/.exec(readme)![1];
    const r = run(["diagnose", "samples/default", "--format", "table", "--fail-on", "never", "-q"], {
      env: { COLUMNS: "80", NO_COLOR: "1" },
    });
    expect(r.code).toBe(0);
    expect(block).toBe(r.out);
  });
});

describe("reporter counts and names", () => {
  it("JUnit failures= counts <failure> elements", () => {
    const xml = run(["diagnose", "samples/default", "-f", "junit", "-q"]).out;
    const sync = /<testcase [^>]*name="sync">([\s\S]*?)<\/testcase>/.exec(xml)![1];
    expect(sync.match(/<failure /g)!.length).toBe(2);
    expect(xml).toMatch(/<testsuites name="patchflow" tests="5" failures="2" errors="0" skipped="1">/);
    expect(xml).toMatch(/<testsuite name="[^"]*" tests="5" failures="2" errors="0" skipped="1">/);
  });
  it("the fleet document names unreadable clients as such", () => {
    const r = run(["diagnose", "samples/fleet", "-f", "json", "-q"]);
    const doc = JSON.parse(r.out);
    expect(doc.schema).toBe("patchflow.fleet");
    // The field was renamed, so the document's version says so.
    expect(doc.version).toBe(2);
    expect(doc.aggregate).toHaveProperty("unreadableClients", 0);
    expect(doc.aggregate).not.toHaveProperty("failedClients");
    expect(doc).toHaveProperty("unreadableClients");
    expect(doc).not.toHaveProperty("failedClients");
  });
});
