/**
 * `npm run profile -- <patchflow arguments>`: where a command's CPU time goes. Runs the compiled CLI (a module per
 * source file, so that functions keep their files) under `node --cpu-prof`, its output to /dev/null, and prints the
 * share of each part of the code (a `src/` folder, a grammar, a dependency, Node itself, the garbage collector),
 * then the functions that take the most time of their own. Not a test: the figures are for the README's
 * Performance section, read beside the benchmark's.
 *
 *   npm run profile -- diagnose test/bench/out/varied-100mb.log --format json
 *   npm run profile -- --top 30 timeline big.log --jobs 1 --format ndjson
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../../..");
const TREE_CLI = path.join(REPO, "dist/src/cli.js");

/** The part of the code a function belongs to, from its script's URL. */
export function partOf(url: string, fn: string): string {
  if (fn === "(garbage collector)") return "garbage collection";
  if (fn === "(idle)") return "idle (waiting for input or output)";
  if (fn === "(program)" || fn === "(root)") return "V8 itself";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) return `dependency ${url.slice(nm + 13).split("/")[0]}`;
  const m = /\/dist\/(src\/rules\/(?:lib\/|engine\.js)|src\/rules\/[a-z]+-[a-z-]+\/|src\/[a-z]+|grammars\/[a-z]+)/.exec(
    url,
  );
  if (m) {
    if (m[1].startsWith("src/rules/lib/") || m[1] === "src/rules/engine.js") return "src/rules/lib";
    if (m[1].endsWith("/")) return "src/rules/<rule>";
    return m[1];
  }
  return "Node.js";
}

export function summarize(p: Profile, top: number): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++)
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const parts = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const part = partOf(f.url, f.functionName);
    parts.set(part, (parts.get(part) ?? 0) + us);
    const where = f.url.includes("/dist/") ? f.url.slice(f.url.indexOf("/dist/") + 6) : f.url || "(native)";
    const fn = `${f.functionName || "(anonymous)"}  ${where}:${f.lineNumber + 1}`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    total += us;
  }
  const row = (us: number, name: string): string =>
    `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`;
  const lines = [`${(total / 1e6).toFixed(2)} s sampled`, "", "by part of the code:"];
  for (const [k, us] of [...parts].sort((a, b) => b[1] - a[1])) if (us / total >= 0.005) lines.push(row(us, k));
  lines.push("", `top ${top} functions by their own time:`);
  for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(row(us, k));
  return lines.join("\n");
}

function main(): void {
  let args = process.argv.slice(2);
  let top = 20;
  if (args[0] === "--top") {
    top = Number(args[1]);
    args = args.slice(2);
  }
  if (args.length === 0) {
    process.stderr.write("usage: npm run profile -- [--top N] <patchflow arguments>\n");
    process.exit(2);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "patchflow-profile-"));
  try {
    const r = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, TREE_CLI, ...args, "-q"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (r.status !== 0 && r.status !== 1) throw new Error(`patchflow ${args.join(" ")} exited with ${r.status}`);
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error("no profile written");
    process.stdout.write(
      `patchflow ${args.join(" ")}\n${summarize(JSON.parse(readFileSync(path.join(dir, file), "utf8")), top)}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
