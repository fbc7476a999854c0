import { beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseShard, shardOf } from "../src/fleet/shard.js";
import { DIAGNOSE_FORMATS, type DiagnoseFormat } from "../src/output/formats.js";
// The fleet pool's worker threads run the build of this source (npm test builds first; see vitest.config.ts).
import { runDiagnose, runMerge, type DiagnoseArgs } from "../src/commands/diagnose.js";
import { ROOT, runCli } from "./helpers/cli.js";

let dir: string;
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: dir, env });
let fleet: string;
let n = 0;
const tmpFile = (name: string): string => path.join(dir, `${n++}-${name}`);

const BASE: DiagnoseArgs = {
  paths: [],
  format: "json",
  job: { encoding: "auto", maxLineBytes: 1 << 20, keepTimeline: false, diagnose: { levels: {} } },
  mode: "auto",
  jobs: 2,
  failOn: "error",
  maxFailedClients: 0,
  quiet: true,
  progress: false,
};

/** Shard results as CI machines would write them, in this process. */
async function shards(count: number, keepTimeline = false, levels: Record<string, "off"> = {}): Promise<string[]> {
  const files: string[] = [];
  for (let index = 1; index <= count; index++) {
    const output = tmpFile(`shard-${index}-of-${count}.json`);
    const r = await runDiagnose({
      ...BASE,
      paths: [fleet],
      output,
      shard: { index, count },
      job: { ...BASE.job, keepTimeline, diagnose: { levels } },
    });
    expect(r.code).toBe(0);
    files.push(output);
  }
  return files;
}

/** A report written to a file, its exit code and (for github) its job summary. */
async function report(run: (output: string) => Promise<{ code: number }>) {
  const output = tmpFile("report");
  const summary = tmpFile("summary.md");
  writeFileSync(summary, "");
  const saved = process.env.GITHUB_STEP_SUMMARY;
  process.env.GITHUB_STEP_SUMMARY = summary;
  try {
    const { code } = await run(output);
    return { code, out: readFileSync(output, "utf8"), summary: readFileSync(summary, "utf8") };
  } finally {
    if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
    else process.env.GITHUB_STEP_SUMMARY = saved;
  }
}

const single = (format: DiagnoseFormat, gate: Partial<DiagnoseArgs> = {}) =>
  report((output) =>
    runDiagnose({
      ...BASE,
      paths: [fleet],
      format,
      output,
      job: { ...BASE.job, keepTimeline: format === "html" },
      ...gate,
    }),
  );
const merged = (files: string[], format: DiagnoseFormat, gate: Partial<DiagnoseArgs> = {}) =>
  report((output) => runMerge({ ...BASE, files, format, output, ...gate }));

beforeAll(() => {
  // A fleet of the fleet sample's four machines, five single-client samples as further machines, and an archive
  // that cannot be read (a client that fails).
  dir = mkdtempSync(path.join(tmpdir(), "patchflow-shard-"));
  fleet = path.join(dir, "fleet");
  cpSync(path.join(ROOT, "samples/fleet"), fleet, { recursive: true });
  for (const s of ["default", "install-failures", "sync-no-user", "scan-before-sync", "sms20-layout"])
    cpSync(path.join(ROOT, "samples", s), path.join(fleet, s.toUpperCase()), { recursive: true });
  writeFileSync(path.join(fleet, "BROKEN.zip"), "PK not really a zip");
});

describe("shards of a fleet", { timeout: 600_000 }, () => {
  it("parses i/n and refuses anything else", () => {
    expect(parseShard("2/5")).toEqual({ index: 2, count: 5 });
    for (const bad of ["0/3", "4/3", "1/0", "a/b", "1", "-1/3", "1/3/4", ""])
      expect(() => parseShard(bad), bad).toThrow(/write it as i\/n/);
  });

  it("every client falls in exactly one shard, whatever the shard count", () => {
    const names = Array.from({ length: 500 }, (_, i) => `WKS${i}`);
    for (const count of [1, 2, 3, 7, 16]) {
      const counts = new Array(count + 1).fill(0);
      for (const c of names) {
        const s = shardOf(c, count);
        expect(s).toBeGreaterThanOrEqual(1);
        expect(s).toBeLessThanOrEqual(count);
        counts[s]++;
      }
      if (count > 1) expect(Math.min(...counts.slice(1))).toBeGreaterThan(0);
    }
  });

  it("merged shards give every format byte for byte as one run over the whole fleet (and the same exit code)", async () => {
    // The shards as the CLI writes them.
    const three = [1, 2, 3].map((i) => {
      const file = tmpFile(`cli-shard-${i}.json`);
      const r = cli(["diagnose", fleet, "--shard", `${i}/3`, "--keep-timeline", "-o", file, "-q"]);
      expect(r.code, r.err).toBe(0);
      return file;
    });
    const docs = three.map((f) => JSON.parse(readFileSync(f, "utf8")));
    const names = docs.flatMap((d) => [
      ...d.clients.map((c: { result: { client: string } }) => c.result.client),
      ...d.failedClients.map((c: { client: string }) => c.client),
    ]);
    expect(names.sort()).toEqual([
      "BROKEN",
      "DEFAULT",
      "INSTALL-FAILURES",
      "SCAN-BEFORE-SYNC",
      "SMS20-LAYOUT",
      "SRV-SYNC",
      "SYNC-NO-USER",
      "WKS001",
      "WKS002",
      "WKS003",
    ]);
    expect(docs.every((d) => d.clients.length + d.failedClients.length < names.length)).toBe(true);
    for (const format of DIAGNOSE_FORMATS) {
      const one = await single(format);
      const many = await merged(three, format);
      expect(one.code, format).toBe(1);
      expect(many.code, format).toBe(one.code);
      expect(many.out.length, format).toBeGreaterThan(100);
      expect(many.out, `${format} differs`).toBe(one.out);
      expect(many.summary, `${format} job summary differs`).toBe(one.summary);
    }
    expect((await single("github")).summary).toMatch(/BROKEN/);
    // And through the CLI, on standard output.
    const a = cli(["diagnose", fleet, "--format", "table", "-q"]);
    const b = cli(["merge", ...three, "--format", "table", "-q"]);
    expect(b.code).toBe(a.code);
    expect(b.out).toBe(a.out);
    expect(b.out).toMatch(/Fleet: 9 clients, 1 could not be read/);
    // The shards' --tz reaches the merged report: its tables are worded like its findings.
    const utc = [1, 2].map((i) => {
      const file = tmpFile(`cli-utc-shard-${i}.json`);
      expect(cli(["diagnose", fleet, "--shard", `${i}/2`, "--tz", "utc", "-o", file, "-q"]).code).toBe(0);
      return file;
    });
    const ua = cli(["diagnose", fleet, "--tz", "utc", "--format", "markdown", "-q"]);
    const ub = cli(["merge", ...utc, "--format", "markdown", "-q"]);
    expect(ub.out).toBe(ua.out);
    expect(ub.out).toMatch(/\d\d:\d\dZ/);
  });

  it("any shard count gives the same fleet, also with empty shards, under the --fail-on and --max-failed-clients gates", async () => {
    const gate = { failOn: "warning", maxFailedClients: 8 } as const;
    const one = await single("json", gate);
    expect(one.code).toBe(1);
    for (const count of [1, 2, 12]) {
      const many = await merged(await shards(count), "json", gate);
      expect(many.code, `${count} shards`).toBe(one.code);
      expect(many.out === one.out, `${count} shards`).toBe(true);
    }
    expect((await merged(await shards(2), "json", { maxFailedClients: 10 })).code).toBe(0);
  });

  it("refuses overlapping, missing, mixed or foreign shard results with exit code 2 and says why", async () => {
    const [a, b, c] = await shards(3);
    const two = await shards(2);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the edits reach freely into the parsed document to break it
    const edit = (file: string, name: string, change: (d: Record<string, any>) => void): string => {
      const d = JSON.parse(readFileSync(file, "utf8"));
      change(d);
      const out = tmpFile(name);
      writeFileSync(out, JSON.stringify(d));
      return out;
    };
    const fails = async (files: string[], message: RegExp, format: DiagnoseFormat = "json") => {
      await expect(runMerge({ ...BASE, files, format, output: tmpFile("never") }), files.join(" ")).rejects.toThrow(
        message,
      );
    };
    // Through the CLI: exit code 2, the reason on standard error, nothing on standard output.
    for (const [args, message] of [
      [[a, b], /missing shard 3\/3 \(have 1\/3, 2\/3\)/],
      [
        [a, b, edit(c, "old.json", (d) => (d.tool.version = "0.0.9"))],
        /old\.json was written by patchflow 0\.0\.9, this is patchflow \d+\.\d+\.\d+/,
      ],
    ] as const) {
      const r = cli(["merge", ...args, "-q"]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).toBe("");
    }
    await fails([a, b, c, b], /shard 2\/3 is given twice .*shard-2-of-3\.json.*must not overlap/);
    await fails([a, b, c, two[0]], /split the fleet into different numbers of shards: 3 against 2/);
    await fails(
      [a, b, edit(c, "other-fleet.json", (d) => (d.fleet.digest = "sha256:0"))],
      /come from different fleets/,
    );
    await fails(
      [a, b, edit(c, "moved.json", (d) => (d.fleet.inputs = ["elsewhere"]))],
      /come from different fleets: 10 clients in .*fleet .* against 10 clients in elsewhere/,
    );
    const stolen = JSON.parse(readFileSync(a, "utf8")).clients[0];
    await fails(
      [a, b, edit(c, "overlap.json", (d) => d.clients.push(stolen))],
      /client \S+ is in both .* must not overlap/,
    );
    await fails(
      [a, b, edit(c, "dropped.json", (d) => d.clients.pop())],
      /the shards hold 9 clients, their fleet has 10/,
    );
    await fails(
      [a, b, (await shards(3, false, { "flow-no-evidence": "off" }))[2]],
      /were diagnosed with different options/,
    );
    await fails(
      [a, b, edit(c, "bad.json", (d) => delete d.shard)],
      /bad\.json: a shard result with missing or malformed fields/,
    );
    const whole = tmpFile("whole.json");
    await runDiagnose({ ...BASE, paths: [fleet], output: whole });
    await fails([whole], /whole\.json is not a shard result/);
    writeFileSync(path.join(dir, "junk.json"), "{ not json");
    await fails([a, b, path.join(dir, "junk.json")], /junk\.json is not JSON/);
    await fails([a, b, path.join(dir, "absent.json")], /cannot read .*absent\.json: ENOENT/);
    await fails([a, b, c], /run the shards with --keep-timeline/, "html");
  });

  it("--shard needs a fleet, a well-formed i/n and the JSON format", async () => {
    await expect(
      runDiagnose({ ...BASE, paths: [path.join(fleet, "DEFAULT")], shard: { index: 1, count: 2 } }),
    ).rejects.toThrow(/--shard splits a fleet, and .*DEFAULT is one client/);
    await expect(
      runDiagnose({ ...BASE, paths: [fleet], format: "sarif", shard: { index: 1, count: 2 } }),
    ).rejects.toThrow(/--shard writes a mergeable JSON result/);
    await expect(
      runDiagnose({ ...BASE, paths: [path.join(dir, "absent")], shard: { index: 1, count: 2 } }),
    ).rejects.toThrow(/nothing to read:\n {2}.*absent: no such file or folder/);
    const r = cli(["diagnose", fleet, "--shard", "3/2", "--format", "json"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--shard 3\/2: write it as i\/n/);
  });
});
