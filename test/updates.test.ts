import { describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildTimeline } from "../src/pipeline/timeline.js";
import { Classifier } from "../src/events/classify.js";
import { DEFAULT_INPUT } from "../src/model/input.js";
import { parseAssumedZone } from "../src/time/time.js";
import { clientUpdates, stateText } from "../src/rules/lib/updates.js";
import { UPDATES_SCHEMA, type ClientUpdates, type UpdateStory } from "../src/model/updates.js";
import {
  clientCsv,
  clientTable,
  fleetCsv,
  fleetTable,
  filterUpdates,
  type ClientUpdatesView,
} from "../src/output/updates-format.js";
import { styler } from "../src/text/terminal.js";
import { updatesBlock, fleetUpdatesBlock } from "../src/output/updates-html.js";
import { parseTimeConvention } from "../src/time/show.js";
import { ROOT, runCli as run, SAMPLES } from "./helpers/cli.js";
import { diagnose } from "../src/rules/engine.js";
import { RULES } from "../src/rules/registry.js";
import { clientResult } from "../src/pipeline/result.js";

/**
 * The story of each update: the states each sample's README states per update (samples/README.md, "Updates"),
 * the fleet's compliance matrix, the filters, the 100-column table, escaping, and the command's exit codes.
 * The full chains are pinned in test/golden/<sample>.updates.txt (test/samples.test.ts).
 */
const ASSUME: Record<string, string> = { "legacy-hinv32-errors": "Europe/Berlin", "sms20-layout": "America/New_York" };

async function updatesOf(name: string, tz?: string): Promise<ClientUpdates> {
  const zone = ASSUME[name];
  const tl = await buildTimeline(
    [path.join(SAMPLES, name)],
    { ...DEFAULT_INPUT, assume: zone ? parseAssumedZone(zone) : undefined },
    new Classifier(),
  );
  return tz === undefined ? clientUpdates(tl) : clientUpdates(tl, parseTimeConvention(tz));
}

function states(u: ClientUpdates): Record<string, string> {
  return Object.fromEntries(u.updates.map((s) => [s.key, stateText(s)]));
}

function byKey(u: ClientUpdates, key: string): UpdateStory {
  const s = u.updates.find((x) => x.key === key);
  expect(s, `${key} among ${u.updates.map((x) => x.key).join(", ")}`).toBeDefined();
  return s!;
}

const cites = (s: UpdateStory) => s.evidence.map((e) => `${path.basename(e.file)}:${e.line}`);

describe("each sample's per-update states, as its README says", () => {
  it("install-failures: KB918899 failed (1603, then 1618), KB921398 waits for its restart, KB921883 installed but not rescanned", async () => {
    const u = await updatesOf("install-failures");
    const kb918899 = byKey(u, "KB918899");
    expect(stateText(kb918899)).toBe("install failed (1618)");
    expect(cites(kb918899)).toEqual(["PatchInstall.log:9", "PatchInstall.log:18"]);
    expect(kb918899.steps.filter((s) => s.step === "install").map((s) => s.exitCode)).toEqual([1603, 1618]);
    const kb921398 = byKey(u, "KB921398");
    expect(kb921398.state).toBe("restart pending");
    expect(cites(kb921398)).toContain("PatchInstall.log:20");
    expect(cites(kb921398)).toContain("PatchUIMonitor.log:8");
    const kb921883 = byKey(u, "KB921883");
    expect(stateText(kb921883)).toBe("installed, not yet reported (rescan)");
    expect(kb921883.steps.map((s) => s.label)).toEqual([
      "catalog 2006-08-08",
      "Applicable",
      "inventoried",
      "authorized",
      "exit 0",
      "inventoried (stale)",
      "already present",
    ]);
    expect(kb921883.steps.find((s) => s.stale)?.evidence.map((e) => e.line)).toContain(19);
    for (const k of ["KB911280", "KB917953", "KB917159", "KB914388"]) expect(byKey(u, k).state).toBe("compliant");
  });
  it("healthy-advanced-client: every update compliant; MS06-043 and MS06-046 installed, rescanned, inventoried", async () => {
    const u = await updatesOf("healthy-advanced-client");
    expect(new Set(u.updates.map((s) => s.state))).toEqual(new Set(["compliant"]));
    for (const k of ["KB920214", "KB922616"]) {
      const s = byKey(u, k);
      expect(s.steps.map((x) => x.step)).toEqual([
        "catalog",
        "scan",
        "inventoried",
        "authorized",
        "install",
        "scan",
        "inventoried",
      ]);
      expect(s.steps.find((x) => x.step === "install")?.exitCode).toBe(0);
    }
  });
  it("sms20-layout: MS04-003 (exit 0) and MS04-007 (3010, restarted) rescanned Installed and inventoried", async () => {
    const u = await updatesOf("sms20-layout");
    expect(new Set(u.updates.map((s) => s.state))).toEqual(new Set(["compliant"]));
    const kb828028 = byKey(u, "KB828028");
    expect(kb828028.steps.map((s) => s.label)).toEqual([
      "catalog 2004-02-10",
      "Applicable",
      "inventoried",
      "authorized",
      "exit 3010",
      "restarted",
      "Installed",
      "inventoried",
    ]);
    expect(cites(kb828028)[0]).toBe("s_scan.log:35");
  });
  it("scan-not-inventoried: the August updates Applicable since Aug 9, never inventoried, no install log", async () => {
    const u = await updatesOf("scan-not-inventoried");
    for (const k of ["KB918899", "KB920683", "KB921398", "KB921883", "KB922616"]) {
      const s = byKey(u, k);
      expect(s.state).toBe("applicable, no install log");
      expect(s.steps.some((x) => x.step === "inventoried")).toBe(false);
      expect(s.detail).toContain("No hardware inventory cycle has completed since");
      expect(cites(s)[0]).toMatch(/^ScanWrapper\.log:(5[89]|6\d)$/);
    }
    expect(u.installLogs).toBe(false);
  });
  it("fleet: WKS001 compliant, WKS002 failed 1603 twice, WKS003 scan results never written, SRV-SYNC unknown", async () => {
    expect(new Set(Object.values(states(await updatesOf("fleet/WKS001"))))).toEqual(new Set(["compliant"]));
    const w2 = await updatesOf("fleet/WKS002");
    expect(states(w2)).toMatchObject({ KB918899: "install failed (1603)", KB921883: "install failed (1603)" });
    expect(cites(byKey(w2, "KB921883"))).toEqual(["PatchInstall.log:6", "PatchInstall.log:17"]);
    const w3 = await updatesOf("fleet/WKS003");
    expect(states(w3)).toMatchObject({
      KB918899: "applicable, no install log",
      KB911280: "installed, not yet reported (results not written)",
    });
    expect(
      byKey(w3, "KB918899")
        .steps.filter((s) => s.step === "scan")
        .every((s) => s.written === false),
    ).toBe(true);
    expect((await updatesOf("fleet/SRV-SYNC")).updates).toEqual([]);
  });
  it("samples without install logs or without updates say so", async () => {
    for (const name of ["sync-proxy-failure", "default", "sync-no-user", "scan-old-catalog"]) {
      const u = await updatesOf(name);
      expect(u.updates.length).toBeGreaterThan(0);
      expect(new Set(u.updates.map((s) => s.state)), name).toEqual(new Set(["compliant"]));
    }
    const b = await updatesOf("scan-before-sync");
    expect(states(b)).toMatchObject({ KB919007: "applicable, no install log", KB920685: "applicable, no install log" });
    expect((await updatesOf("legacy-hinv32-errors")).updates).toEqual([]);
  });
});

describe("the Updates tables in the sample READMEs match the model", () => {
  const readmeRows = (name: string) => {
    const text = readFileSync(path.join(SAMPLES, name, "README.md"), "utf8");
    const section = text.slice(text.indexOf("## Updates"));
    return [...section.matchAll(/^\| (KB\d+) \(MS\d\d-\d{3}\) \| ([^|]+) \|(.*)\|$/gm)].map((m) => ({
      key: m[1],
      cells: [m[2], ...m[3].split("|")].map((c) => c.trim()),
    }));
  };
  it.each(["install-failures", "sms20-layout", "scan-not-inventoried"])("%s", async (name) => {
    const rows = readmeRows(name);
    expect(rows.length).toBeGreaterThan(0);
    const u = await updatesOf(name);
    const dir = path.join(SAMPLES, name);
    for (const r of rows) {
      const s = byKey(u, r.key);
      expect(r.cells[0], r.key).toBe(stateText(s));
      expect(r.cells[1], r.key).toBe(s.evidence.map((e) => `\`${path.relative(dir, e.file)}:${e.line}\``).join(", "));
    }
    expect(rows.map((r) => r.key).sort()).toEqual(u.updates.map((x) => x.key).sort());
  });
  it("fleet: the compliance matrix in the README is the CSV's", async () => {
    const rows = readmeRows("fleet");
    const csv = fleetCsv(await fleetViews(), {})
      .trim()
      .split("\r\n")
      .slice(1)
      .map((l) =>
        l
          .replace(/"([^"]*)"/g, (_m, x: string) => x.replace(/,/g, "\u0000"))
          .split(",")
          .map((c) => c.replace(/\u0000/g, ",")),
      );
    expect(rows.map((r) => [r.key, ...r.cells])).toEqual(csv.map((c) => [c[0], ...c.slice(4)]));
  });
});

async function fleetViews(): Promise<ClientUpdatesView[]> {
  return Promise.all(
    ["SRV-SYNC", "WKS001", "WKS002", "WKS003"].map(async (c) => ({
      client: c,
      updates: await updatesOf(`fleet/${c}`),
    })),
  );
}

describe("fleet", () => {
  it("the CSV is the compliance matrix: update × client → state", async () => {
    const csv = fleetCsv(await fleetViews(), {});
    expect(csv.split("\r\n")).toEqual([
      "update,kb,bulletin,title,SRV-SYNC,WKS001,WKS002,WKS003",
      'KB918899,KB918899,MS06-042,,unknown,compliant,install failed (1603),"applicable, no install log"',
      'KB921883,KB921883,MS06-040,,unknown,compliant,install failed (1603),"applicable, no install log"',
      'KB911280,KB911280,MS06-025,,unknown,compliant,compliant,"installed, not yet reported (results not written)"',
      'KB914388,KB914388,MS06-036,,unknown,compliant,compliant,"installed, not yet reported (results not written)"',
      'KB917159,KB917159,MS06-035,,unknown,compliant,compliant,"installed, not yet reported (results not written)"',
      'KB917953,KB917953,MS06-032,,unknown,compliant,compliant,"installed, not yet reported (results not written)"',
      "",
    ]);
  });
  it("filters by update and by state", async () => {
    const views = await fleetViews();
    expect(fleetCsv(views, { kb: ["918899"] }).split("\r\n")).toHaveLength(3);
    expect(fleetCsv(views, { kb: ["ms06-040"] })).toContain("KB921883,");
    expect(
      fleetCsv(views, { state: ["install failed"] })
        .split("\r\n")
        .slice(1, -1)
        .map((l) => l.split(",")[0]),
    ).toEqual(["KB918899", "KB921883"]);
    const u = views[2].updates;
    expect(filterUpdates(u, { kb: ["KB918899", "Q999999"] }).map((s) => s.key)).toEqual(["KB918899"]);
    expect(filterUpdates(u, { state: ["compliant"] }).every((s) => s.state === "compliant")).toBe(true);
  });
  it("the HTML matrix has one row per update and one column per client", async () => {
    const html = fleetUpdatesBlock(await fleetViews());
    expect(html.match(/<tr data-update=/g)).toHaveLength(6);
    expect(html).toContain(`<a href="#client-2">WKS002</a>`);
  });
});

describe("output", () => {
  const plain = styler(false);
  const width = (t: string) => Math.max(...t.split("\n").map((l) => l.length));
  it("tables fit in 100 columns, for every sample and for the fleet", async () => {
    for (const name of [
      "install-failures",
      "healthy-advanced-client",
      "scan-not-inventoried",
      "sms20-layout",
      "fleet/WKS003",
    ]) {
      const t = clientTable({ client: name, updates: await updatesOf(name) }, {}, plain, `samples/${name}`);
      expect(width(t), name).toBeLessThanOrEqual(100);
      expect(t).toContain("KB");
    }
    const views = await fleetViews();
    const f = fleetTable(views, {}, plain, [{ client: "BROKEN", error: "cannot read" }]);
    expect(width(f)).toBeLessThanOrEqual(100);
    expect(f).toContain("could not read BROKEN");
    // A large fleet names at most 12 clients a state.
    const many = Array.from({ length: 40 }, (_, i) => ({
      client: `WKS${String(i).padStart(3, "0")}`,
      updates: views[1].updates,
    }));
    const big = fleetTable(many, {}, plain, []);
    expect(width(big)).toBeLessThanOrEqual(100);
    expect(big).toContain("and 28 more");
  });
  it("CSV cells that a spreadsheet would run stay text; log text is escaped in HTML", async () => {
    const u = await updatesOf("install-failures");
    const evil: ClientUpdates = {
      ...u,
      updates: u.updates.map((s) => ({ ...s, title: '=HYPERLINK("x")', detail: "<img src=x onerror=alert(1)>" })),
    };
    expect(clientCsv({ client: "c", updates: evil }, {})).toContain(`"'=HYPERLINK(""x"")"`);
    expect(fleetCsv([{ client: "@SUM(1)", updates: evil }], {}).split("\r\n")[0]).toContain("'@SUM(1)");
    const html = updatesBlock(evil);
    expect(html).not.toContain("<img");
    expect(html).toContain("&#60;img");
    expect(html.match(/<details>/g)).toHaveLength(u.updates.length);
  });
  it("a rescan that still says Applicable after a successful install is a failed install, citing both lines", async () => {
    const dir = path.join(ROOT, "src/rules/flow-installed-still-applicable/fixtures/fires-rescan-applicable");
    const s = clientUpdates(await buildTimeline([dir], DEFAULT_INPUT, new Classifier())).updates.find(
      (x) => x.key === "KB921883",
    )!;
    expect(stateText(s)).toBe("install failed");
    expect(s.lastExitCode).toBe(0);
    expect(s.evidence.map((e) => `${path.basename(e.file)}:${e.line}`)).toEqual([
      "PatchInstall.log:4",
      "ScanWrapper.log:14",
    ]);
  });
});

describe("never attempted", () => {
  const FIX = path.join(ROOT, "src/rules/flow-install-not-rescanned/fixtures/quiet-rescanned-and-inventoried/CCM/Logs");
  async function withInstall(patchInstall: string | undefined): Promise<UpdateStory> {
    const dir = mkdtempSync(path.join(tmpdir(), "patchflow-updates-"));
    mkdirSync(path.join(dir, "CCM", "Logs"), { recursive: true });
    // The Aug 9 scan only (KB921883 Applicable), and its inventory cycle.
    const scan =
      readFileSync(path.join(FIX, "ScanWrapper.log"), "utf8").split("\r\n").slice(0, 9).join("\r\n") + "\r\n";
    writeFileSync(path.join(dir, "CCM/Logs/ScanWrapper.log"), scan);
    writeFileSync(path.join(dir, "CCM/Logs/InventoryAgent.log"), readFileSync(path.join(FIX, "InventoryAgent.log")));
    if (patchInstall !== undefined) writeFileSync(path.join(dir, "CCM/Logs/PatchInstall.log"), patchInstall);
    const u = clientUpdates(await buildTimeline([dir], DEFAULT_INPUT, new Classifier()));
    return u.updates.find((x) => x.key === "KB921883")!;
  }
  it("PatchInstall ran after the scan without naming the update: not authorized", async () => {
    // The run installs another update (KB911280 swapped in for KB921883).
    const pi = readFileSync(path.join(FIX, "PatchInstall.log"), "utf8")
      .replace(/MS06-040 \(KB921883\)/g, "MS06-025 (KB911280)")
      .replace(/KB921883/g, "KB911280");
    const s = await withInstall(pi);
    expect(s.state).toBe("never attempted");
    expect(s.detail).toContain("not authorized for this client");
    expect(s.evidence.map((e) => `${path.basename(e.file)}:${e.line}`)).toEqual([
      "ScanWrapper.log:5",
      "PatchInstall.log:1",
    ]);
  });
  it("an install log with no run since the scan: the program has not run; no install log: not known", async () => {
    const pi = readFileSync(path.join(FIX, "PatchInstall.log"), "utf8")
      .replace(/date="08-10-2006"/g, 'date="08-01-2006"')
      .replace(/KB921883/g, "KB911280")
      .replace(/MS06-040/g, "MS06-025");
    const s = await withInstall(pi);
    expect(s.state).toBe("never attempted");
    expect(s.detail).toContain("No PatchInstall run since");
    expect((await withInstall(undefined)).state).toBe("applicable, no install log");
  });
});

describe("missing logs are no evidence", () => {
  it("with the scan log alone: installed and applicable updates say which log is missing", async () => {
    const tl = await buildTimeline(
      [path.join(SAMPLES, "install-failures/CCM/Logs/ScanWrapper.log")],
      DEFAULT_INPUT,
      new Classifier(),
    );
    const u = clientUpdates(tl);
    expect([u.scanLogs, u.installLogs, u.inventoryLogs]).toEqual([true, false, false]);
    expect(states(u)).toMatchObject({
      KB911280: "installed, no inventory log",
      KB918899: "applicable, no install log",
    });
    expect(byKey(u, "KB918899").detail).toContain("No inventory log was read");
    expect(clientTable({ client: "c", updates: u }, {}, styler(false), "c")).toContain(
      "No PatchInstall or inventory log read",
    );
  });
  it("with the install log alone: failures and pending restarts stand, a successful install is unknown until a scan says so", async () => {
    const tl = await buildTimeline(
      [path.join(SAMPLES, "install-failures/CCM/Logs/PatchInstall.log")],
      DEFAULT_INPUT,
      new Classifier(),
    );
    const u = clientUpdates(tl);
    expect(states(u)).toEqual({ KB918899: "install failed (1618)", KB921398: "restart pending", KB921883: "unknown" });
    expect(byKey(u, "KB921883").detail).toContain("no scan log was read");
  });
});

describe("patchflow updates", () => {
  it("JSON for one client carries the schema and version; exit code 0 even with failed installs", () => {
    const r = run(["updates", "samples/install-failures", "-f", "json", "-q"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect([doc.schema, doc.version]).toEqual([UPDATES_SCHEMA.name, UPDATES_SCHEMA.version]);
    expect(doc.updates[0]).toMatchObject({ key: "KB918899", state: "install failed", lastExitCode: 1618 });
  });
  it("a fleet's CSV is the matrix; --state and --kb filter", () => {
    const r = run(["updates", "samples/fleet", "-f", "csv", "-q", "--state", "failed", "--kb", "KB918899"]);
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\r\n")).toEqual([
      "update,kb,bulletin,title,SRV-SYNC,WKS001,WKS002,WKS003",
      'KB918899,KB918899,MS06-042,,unknown,compliant,install failed (1603),"applicable, no install log"',
    ]);
  });
  it("an unknown state or format is a usage error (2)", () => {
    expect(run(["updates", "samples/install-failures", "--state", "bogus"]).code).toBe(2);
    expect(run(["updates", "samples/install-failures", "-f", "sarif"]).code).toBe(2);
    expect(run(["updates", "no/such/folder"]).code).toBe(2);
  });
  it("diagnose JSON carries the same updates section", () => {
    const r = run(["diagnose", "samples/install-failures", "-f", "json", "-q", "--fail-on", "never"]);
    const doc = JSON.parse(r.out);
    expect(doc.updates.schema).toBe(UPDATES_SCHEMA.name);
    expect(doc.updates.updates.map((u: UpdateStory) => [u.key, u.state])).toContainEqual([
      "KB921398",
      "restart pending",
    ]);
  });
  it("markdown cites each step's lines", () => {
    const r = run(["updates", "samples/install-failures", "-f", "markdown", "-q", "--kb", "921883"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("`samples/install-failures/CCM/Logs/InventoryAgent.log:19`");
    expect(r.out).not.toContain("KB918899");
  });
});

describe("step dates follow --tz", () => {
  const style = styler(false);
  const view = (u: ClientUpdates): ClientUpdatesView => ({ client: "install-failures", updates: u });
  it("the default is the log's wall-clock time, as written; --tz local is the same", async () => {
    const u = byKey(await updatesOf("install-failures"), "KB921883");
    expect(u.steps.find((s) => s.label === "exit 0")?.text).toBe("Install on 2006-08-10 16:02: exit code 0 (Success).");
    expect(await updatesOf("install-failures", "local")).toEqual(await updatesOf("install-failures"));
  });
  it("under utc or a zone the chain, the step texts, the state's detail and the HTML say the converted time", async () => {
    const utc = byKey(await updatesOf("install-failures", "utc"), "KB921883");
    expect(utc.steps.find((s) => s.label === "exit 0")?.text).toBe(
      "Install on 2006-08-10 20:02Z: exit code 0 (Success).",
    );
    expect(utc.detail).toContain("Installed on 2006-08-10 20:02Z (exit code 0)");
    const berlin = parseTimeConvention("Europe/Berlin");
    const u = await updatesOf("install-failures", "Europe/Berlin");
    const table = clientTable(view(u), { kb: ["KB921883"] }, style, "install-failures", berlin);
    expect(table).toContain("times: Europe/Berlin");
    expect(table.replace(/\s+/g, " ")).toContain("exit 0 08-10 22:02 +02:00");
    expect(clientCsv(view(u), { kb: ["KB921883"] }, berlin)).toContain("exit 0 08-10 22:02 +02:00");
    const html = updatesBlock(u, berlin);
    expect(html).toContain("step dates in Europe/Berlin time");
    expect(html).toContain("22:02 +02:00 exit 0");
    // The same steps under the default show the log's local time.
    expect(
      clientTable(view(await updatesOf("install-failures")), { kb: ["KB921883"] }, style, "install-failures").replace(
        /\s+/g,
        " ",
      ),
    ).toContain("exit 0 08-10 16:02 ");
  });
  it("patchflow updates --tz: UTC in the chain and the texts; the default output unchanged; a bad zone is a usage error", () => {
    const markdown = (args: string[]) =>
      run(["updates", "samples/install-failures", "-f", "markdown", "-q", "--kb", "921883", ...args]);
    const plain = markdown([]);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain("exit 0 08-10 16:02 ›");
    expect(plain.out).toContain("- 08-10 16:02 **exit 0**: Install on 2006-08-10 16:02: exit code 0");
    expect(markdown(["--tz", "local"]).out).toBe(plain.out);
    const utc = markdown(["--tz", "utc"]);
    expect(utc.code).toBe(0);
    expect(utc.out).toContain("exit 0 08-10 20:02Z ›");
    expect(utc.out).toContain("- 08-10 20:02Z **exit 0**: Install on 2006-08-10 20:02Z: exit code 0");
    expect(utc.out).not.toContain("16:02");
    const bad = markdown(["--tz", "Mars/Olympus"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--tz Mars/Olympus");
  });
});

describe("the update chains' cache", () => {
  it("a client's result takes the chains the rules computed out of the cache: the timeline kept does not keep them", async () => {
    const tl = await buildTimeline([path.join(SAMPLES, "install-failures")], DEFAULT_INPUT, new Classifier());
    const d = diagnose(tl, RULES);
    // The rules computed the chains once; asked again, the cache answers with the same object.
    const computed = clientUpdates(tl);
    expect(clientUpdates(tl)).toBe(computed);
    const r = clientResult("install-failures", SAMPLES, tl, d, false);
    expect(r.updates).toBe(computed);
    // Taken: asked again, they are worked out anew (equal, not the same object).
    const again = clientUpdates(tl);
    expect(again).not.toBe(computed);
    expect(again).toEqual(computed);
  });

  it("a step and the update's state citing the same line share one evidence object", async () => {
    const u = await updatesOf("install-failures");
    const story = byKey(u, "KB918899");
    const cited = story.steps.flatMap((s) => s.evidence);
    const shared = story.evidence.filter((e) => cited.some((c) => c.seq === e.seq));
    expect(shared.length).toBeGreaterThan(0);
    for (const e of shared) expect(cited.find((c) => c.seq === e.seq)).toBe(e);
  });
});
