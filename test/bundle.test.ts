import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { ROOT, runCli } from "./helpers/cli.js";

// `npm run build` makes dist/bundle (the single-file CLI that `patchflow` runs, and one file per worker thread)
// from the compiled tree dist/src; both must behave the same.
const TREE = path.join(ROOT, "dist/src");
const BUNDLE = path.join(ROOT, "dist/bundle");
const run = (cli: string, args: string[]) => runCli(args, { bin: cli });

/** Sends one job to a worker file, as the worker pool does, and returns its answers up to the last one. */
function ask(
  file: string,
  job: object,
  last: (m: Record<string, unknown>) => boolean,
): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    const w = new Worker(file);
    const got: Array<Record<string, unknown>> = [];
    w.on("error", reject);
    w.on("message", (m) => {
      got.push(m);
      if (last(m)) void w.terminate().then(() => resolve(got));
    });
    w.postMessage({ id: 7, job });
  });
}

describe("the single-file CLI", { timeout: 300_000 }, () => {
  it("is what the package's bin runs", async () => {
    const pkg = (await import("../package.json", { with: { type: "json" } })).default as {
      bin: Record<string, string>;
    };
    expect(pkg.bin.patchflow).toBe("dist/bundle/cli.js");
    expect(statSync(path.join(ROOT, pkg.bin.patchflow)).isFile()).toBe(true);
  });

  it("gives what the compiled tree gives: a fleet on worker threads, a rule's documentation, the version, usage errors", () => {
    for (const args of [
      ["diagnose", "samples/fleet", "--format", "json", "--jobs", "2", "-q"],
      ["diagnose", "samples/default", "--format", "sarif", "-q"],
      ["rules", "scan-failed"],
      ["--version"],
      ["diagnose", "--no-such-option"],
    ]) {
      const a = run(path.join(TREE, "cli.js"), args);
      const b = run(path.join(BUNDLE, "cli.js"), args);
      expect(b.code, args.join(" ")).toBe(a.code);
      expect(b.out === a.out, args.join(" ")).toBe(true);
      expect(b.err).toBe(a.err);
    }
  });

  it("its range workers answer a job as the compiled tree's do", async () => {
    const file = path.join(ROOT, "samples/default/CCM/Logs/ScanWrapper.log");
    const size = statSync(file).size;
    const range = { start: 0, end: size, firstLine: 1 };
    const frame = { path: file, display: "ScanWrapper.log", range, encoding: "auto", maxLineBytes: 1 << 20 };
    const last = (m: Record<string, unknown>) => "result" in m || "error" in m;
    const a = await ask(path.join(TREE, "input/range-worker.js"), frame, last);
    const b = await ask(path.join(BUNDLE, "input-range-worker.mjs"), frame, last);
    expect(a.at(-1)).toHaveProperty("result.counts");
    expect(b).toEqual(a);
    const events = { ...frame, log: "ScanWrapper", filter: {}, lines: "ndjson" };
    const c = await ask(path.join(TREE, "pipeline/range-worker.js"), events, last);
    const d = await ask(path.join(BUNDLE, "pipeline-range-worker.mjs"), events, last);
    expect(c[0]).toHaveProperty("result.counts");
    expect(d).toEqual(c);
  });

  it("starts from a code cache made by the build for the script beside it, which V8 accepts", () => {
    const script = readFileSync(path.join(BUNDLE, "cli.script.js"));
    const cache = readFileSync(path.join(BUNDLE, "cli.script.cache"));
    expect(cache.subarray(0, 32).equals(createHash("sha256").update(script).digest())).toBe(true);
    // In a child process: V8 refuses a cache made under other flags, and the test runner's may differ. The child
    // sets the flags the launcher sets before it compiles the script.
    const check = spawnSync(
      process.execPath,
      [
        "-e",
        `require("node:v8").setFlagsFromString("--no-allocation-site-pretenuring");
         require("node:v8").setFlagsFromString("--expose-gc");
         const { Script } = require("node:vm"); const { readFileSync } = require("node:fs");
         const s = new Script(readFileSync(process.argv[1], "utf8"), { cachedData: readFileSync(process.argv[2]).subarray(32) });
         process.stdout.write(String(s.cachedDataRejected));`,
        path.join(BUNDLE, "cli.script.js"),
        path.join(BUNDLE, "cli.script.cache"),
      ],
      { encoding: "utf8" },
    );
    expect(check.stdout).toBe("false");
  });

  it("runs the script as it is when the cache is of another script, or missing", () => {
    // A copy of the package's files whose script has one word changed, the same length: V8 checks no more than
    // the length, and would run the cached code of the old script; the launcher's digest makes it compile anew.
    const dir = mkdtempSync(path.join(tmpdir(), "patchflow-bundle-"));
    try {
      cpSync(BUNDLE, path.join(dir, "dist/bundle"), { recursive: true });
      cpSync(path.join(ROOT, "dist/locales"), path.join(dir, "dist/locales"), { recursive: true });
      cpSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
      const script = path.join(dir, "dist/bundle/cli.script.js");
      const text = readFileSync(script, "utf8");
      const word = "Exit codes: 0 success";
      expect(text.split(word)).toHaveLength(2);
      writeFileSync(script, text.replace(word, word.toUpperCase()));
      const cli = path.join(dir, "dist/bundle/cli.js");
      expect(run(cli, ["--help"]).out).toContain(word.toUpperCase());
      unlinkSync(path.join(dir, "dist/bundle/cli.script.cache"));
      const bare = run(cli, ["--help"]);
      expect(bare.code).toBe(0);
      expect(bare.out).toContain(word.toUpperCase());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
