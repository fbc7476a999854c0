/**
 * `npm run bench`: measures patchflow against the floor (read a file and split it into lines) and, when installed,
 * lnav extracting the same fields, in one run on this machine. Not a test: it prints a table of medians and ratios
 * and writes it as JSON (test/bench/out/results.json) for comparison over time.
 *
 *   npm run bench -- [--mb 200] [--runs 5] [--clients 1000] [--only ccm,varied,trace,fleet,startup,ccmlogs]
 *
 * `ccmlogs`: a CCM\Logs folder with the default sample's patch-flow logs and 300 logs no stage uses (146 MB), against
 * the patch-flow logs alone; "÷ floor" is then the ratio to the patch-flow logs alone (target: at most 1.3).
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  copyFileSync,
  statSync,
  writeFileSync,
  rmSync,
} from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { writeCcm, writeOtherCcmLogs, writeTrace, writeVaried } from "./corpus.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../../..");
const OUT = path.join(REPO, "test/bench/out");
/** What the package's `patchflow` runs: the single-file bundle. */
const CLI = path.join(REPO, "dist/bundle/cli.js");
/** The compiled tree the bundle is made from (a module per source file). */
const TREE_CLI = path.join(REPO, "dist/src/cli.js");
const FLOOR = path.join(REPO, "dist/test/bench/floor.js");

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}

const MB = Number(arg("mb", "200"));
const RUNS = Number(arg("runs", "5"));
const CLIENTS = Number(arg("clients", "1000"));
const ONLY = arg("only", "ccm,varied,trace,fleet,startup,ccmlogs").split(",");
const KNOWN = ["ccm", "varied", "trace", "fleet", "startup", "ccmlogs"];
for (const o of ONLY) if (!KNOWN.includes(o)) throw new Error(`--only ${o}: choose among ${KNOWN.join(", ")}`);
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const LNAV = spawnSync("sh", ["-c", "command -v lnav"], { encoding: "utf8" }).stdout.trim() || undefined;

interface Sample {
  wall: number;
  cpu: number;
  rssMb: number;
}
interface Row {
  corpus: string;
  command: string;
  wall: number;
  cpu: number;
  rssMb: number;
  vsFloor: number;
  vsLnav?: number;
  vsLnavIndex?: number;
  runs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** One whole-process run: wall and CPU seconds and peak RSS, from GNU time when present. */
function measure(cmd: string[], env: NodeJS.ProcessEnv = process.env): Sample {
  const t0 = process.hrtime.bigint();
  const r = TIME
    ? spawnSync(TIME, ["-f", "%e %U %S %M", ...cmd], {
        encoding: "utf8",
        env,
        stdio: ["ignore", "ignore", "pipe"],
        maxBuffer: 1 << 26,
      })
    : spawnSync(cmd[0], cmd.slice(1), {
        encoding: "utf8",
        env,
        stdio: ["ignore", "ignore", "pipe"],
        maxBuffer: 1 << 26,
      });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd.join(" ")} exited ${r.status}: ${r.stderr.slice(-500)}`);
  if (!TIME) return { wall, cpu: NaN, rssMb: NaN };
  const last = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { wall: last[0], cpu: last[1] + last[2], rssMb: last[3] / 1024 };
}

/** How often messages repeat: distinct messages among the first records of a CCM log. */
function distinctMessages(file: string, bytes = 32 * 1024 * 1024): string {
  const buf = Buffer.alloc(bytes);
  const fd = openSync(file, "r");
  const n = readSync(fd, buf, 0, bytes, 0);
  closeSync(fd);
  const all = [
    ...buf
      .subarray(0, n)
      .toString("utf8")
      .matchAll(/<!\[LOG\[([\s\S]*?)\]LOG\]!>/g),
  ].map((m) => m[1]);
  return `${new Set(all).size} of ${all.length}`;
}

function bench(
  corpus: string,
  command: string,
  cmd: string[],
  env?: NodeJS.ProcessEnv,
): Omit<Row, "vsFloor" | "vsLnav" | "vsLnavIndex"> {
  measure(cmd, env);
  const s: Sample[] = [];
  for (let i = 0; i < RUNS; i++) s.push(measure(cmd, env));
  const row = {
    corpus,
    command,
    wall: median(s.map((x) => x.wall)),
    cpu: median(s.map((x) => x.cpu)),
    rssMb: Math.max(...s.map((x) => x.rssMb)),
    runs: RUNS,
  };
  process.stderr.write(
    `  ${corpus} ${command}: ${row.wall.toFixed(2)} s wall, ${row.cpu.toFixed(2)} s CPU, ${row.rssMb.toFixed(0)} MB peak\n`,
  );
  return row;
}

async function fleetCorpus(dir: string): Promise<void> {
  if (existsSync(path.join(dir, ".done"))) return;
  rmSync(dir, { recursive: true, force: true });
  const templates = [
    "healthy-advanced-client",
    "sync-proxy-failure",
    "scan-old-catalog",
    "install-failures",
    "scan-not-inventoried",
  ].map((s) => path.join(REPO, "samples", s, "CCM/Logs"));
  for (let i = 0; i < CLIENTS; i++) {
    const src = templates[i % templates.length];
    const dst = path.join(dir, `WKS${String(i).padStart(4, "0")}`, "CCM/Logs");
    mkdirSync(dst, { recursive: true });
    for (const f of readdirSync(src)) copyFileSync(path.join(src, f), path.join(dst, f));
  }
  writeFileSync(path.join(dir, ".done"), "");
}

/** The default sample's patch-flow logs alone, and the same beside 300 logs no stage uses (146 MB). */
async function ccmLogsCorpus(root: string): Promise<{ alone: string; busy: string; otherBytes: number }> {
  const alone = path.join(root, "alone", "CCM", "Logs");
  const busy = path.join(root, "busy", "CCM", "Logs");
  const done = path.join(root, ".done");
  if (!existsSync(done)) {
    rmSync(root, { recursive: true, force: true });
    const src = path.join(REPO, "samples/default/CCM/Logs");
    for (const dst of [alone, busy]) {
      mkdirSync(dst, { recursive: true });
      for (const f of readdirSync(src)) copyFileSync(path.join(src, f), path.join(dst, f));
    }
    process.stderr.write(`generating 300 other logs under ${busy}\n`);
    await writeOtherCcmLogs(busy, 300, 146_000_000);
    writeFileSync(done, "");
  }
  const otherBytes = readdirSync(busy)
    .filter((f) => !existsSync(path.join(alone, f)))
    .reduce((n, f) => n + statSync(path.join(busy, f)).size, 0);
  return { alone, busy, otherBytes };
}

function lnavConfig(): string {
  const home = path.join(tmpdir(), "patchflow-bench-lnav");
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  spawnSync(LNAV!, ["-i", path.join(REPO, "test/bench/lnav-ccm-format.json")], {
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home },
    stdio: "ignore",
  });
  return home;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const rows: Row[] = [];
  const corpora: Record<string, { mb: number; distinctMessages?: string }> = {};
  const add = (
    floor: number,
    lnav: number | undefined,
    r: Omit<Row, "vsFloor" | "vsLnav" | "vsLnavIndex">,
    lnavIndex?: number,
  ): void => {
    rows.push({
      ...r,
      vsFloor: r.wall / floor,
      ...(lnav ? { vsLnav: r.wall / lnav } : {}),
      ...(lnavIndex ? { vsLnavIndex: r.wall / lnavIndex } : {}),
    });
  };
  const single = async (
    name: string,
    write: (f: string, bytes: number) => Promise<number>,
    withLnav: boolean,
  ): Promise<void> => {
    const file = path.join(OUT, `${name}-${MB}mb.log`);
    if (!existsSync(file)) {
      process.stderr.write(`generating ${file}\n`);
      await write(file, MB * 1024 * 1024);
    }
    corpora[name] = {
      mb: statSync(file).size / 1024 ** 2,
      ...(withLnav ? { distinctMessages: distinctMessages(file) } : {}),
    };
    process.stderr.write(
      `${name}: ${corpora[name].mb.toFixed(0)} MB${corpora[name].distinctMessages ? `, ${corpora[name].distinctMessages} messages distinct in the first 32 MB` : ""}\n`,
    );
    const floor = bench(name, "floor", [process.execPath, FLOOR, file]);
    let lnav: Omit<Row, "vsFloor" | "vsLnav" | "vsLnavIndex"> | undefined;
    let lnavIndex: Omit<Row, "vsFloor" | "vsLnav" | "vsLnavIndex"> | undefined;
    if (withLnav && LNAV) {
      const home = lnavConfig();
      const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: home };
      lnav = bench(
        name,
        "lnav (fields to JSON)",
        [
          LNAV,
          "-n",
          "-q",
          "-c",
          ";SELECT log_line, log_time, log_level, component, thread, date, bias, log_body FROM ccm_log",
          "-c",
          ":write-json-to /dev/null",
          file,
        ],
        env,
      );
      // The same fields indexed and read, without lnav's JSON writer.
      lnavIndex = bench(
        name,
        "lnav (fields indexed, no output)",
        [
          LNAV,
          "-n",
          "-q",
          "-c",
          ";SELECT count(*), count(component), sum(thread), sum(length(log_body)) FROM ccm_log",
          file,
        ],
        env,
      );
    }
    add(floor.wall, lnav?.wall, floor, lnavIndex?.wall);
    if (lnav) add(floor.wall, lnav.wall, lnav, lnavIndex?.wall);
    if (lnavIndex) add(floor.wall, lnav?.wall, lnavIndex, lnavIndex.wall);
    for (const [command, args] of [
      ["patchflow parse", ["parse", file, "-q", "--format", "ndjson"]],
      ["patchflow timeline", ["timeline", file, "-q", "--format", "ndjson"]],
      ["patchflow timeline --jobs 1", ["timeline", file, "-q", "--format", "ndjson", "--jobs", "1"]],
      ["patchflow diagnose", ["diagnose", file, "-q", "--format", "json"]],
    ] as const)
      add(floor.wall, lnav?.wall, bench(name, command, [process.execPath, CLI, ...args]), lnavIndex?.wall);
  };
  if (ONLY.includes("ccm")) await single("ccm", writeCcm, true);
  if (ONLY.includes("varied")) await single("varied", writeVaried, true);
  if (ONLY.includes("trace")) await single("trace", writeTrace, false);
  if (ONLY.includes("fleet")) {
    const dir = path.join(OUT, `fleet-${CLIENTS}`);
    await fleetCorpus(dir);
    const floor = bench("fleet", "floor", [process.execPath, FLOOR, dir]);
    add(floor.wall, undefined, floor);
    add(
      floor.wall,
      undefined,
      bench("fleet", "patchflow timeline (all bytes, one timeline)", [
        process.execPath,
        CLI,
        "timeline",
        dir,
        "-q",
        "--format",
        "ndjson",
      ]),
    );
    add(
      floor.wall,
      undefined,
      bench("fleet", "patchflow diagnose (per client)", [
        process.execPath,
        CLI,
        "diagnose",
        dir,
        "-q",
        "--format",
        "json",
      ]),
    );
  }
  if (ONLY.includes("ccmlogs")) {
    const c = await ccmLogsCorpus(path.join(OUT, "ccmlogs"));
    process.stderr.write(
      `ccmlogs: 4 patch-flow logs, beside them 300 others of ${(c.otherBytes / 1e6).toFixed(0)} MB\n`,
    );
    const alone = bench("ccmlogs", "patchflow diagnose, patch-flow logs alone", [
      process.execPath,
      CLI,
      "diagnose",
      c.alone,
      "-q",
      "--format",
      "json",
    ]);
    add(alone.wall, undefined, alone);
    add(
      alone.wall,
      undefined,
      bench("ccmlogs", `patchflow diagnose, with 300 other logs (${(c.otherBytes / 1e6).toFixed(0)} MB)`, [
        process.execPath,
        CLI,
        "diagnose",
        c.busy,
        "-q",
        "--format",
        "json",
      ]),
    );
  }
  if (ONLY.includes("startup")) {
    const tiny = path.join(REPO, "samples/default");
    const floor = bench("startup", "floor (node -e 0)", [process.execPath, "-e", "0"]);
    add(floor.wall, undefined, floor);
    add(floor.wall, undefined, bench("startup", "patchflow --version", [process.execPath, CLI, "--version"]));
    add(
      floor.wall,
      undefined,
      bench("startup", "patchflow diagnose (tiny folder)", [
        process.execPath,
        CLI,
        "diagnose",
        tiny,
        "-q",
        "--format",
        "json",
      ]),
    );
    add(
      floor.wall,
      undefined,
      bench("startup", "patchflow diagnose (tiny folder), compiled tree", [
        process.execPath,
        TREE_CLI,
        "diagnose",
        tiny,
        "-q",
        "--format",
        "json",
      ]),
    );
  }
  const machine = {
    node: process.version,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model,
    lnav: LNAV ? spawnSync(LNAV, ["-V"], { encoding: "utf8" }).stdout.trim() : null,
    time: TIME ?? null,
  };
  writeFileSync(
    path.join(OUT, "results.json"),
    JSON.stringify(
      { date: new Date().toISOString(), mb: MB, runs: RUNS, clients: CLIENTS, machine, corpora, rows },
      null,
      1,
    ),
  );
  const lines = [
    `| corpus | command | wall (median s) | CPU (s) | peak RSS (MB) | ÷ floor | ÷ lnav (JSON) | ÷ lnav (index) |`,
    `|---|---|---|---|---|---|---|---|`,
    ...rows.map(
      (r) =>
        `| ${r.corpus} | ${r.command} | ${r.wall.toFixed(2)} | ${r.cpu.toFixed(2)} | ${r.rssMb.toFixed(0)} | ${r.vsFloor.toFixed(2)} | ${r.vsLnav ? r.vsLnav.toFixed(2) : "-"} | ${r.vsLnavIndex ? r.vsLnavIndex.toFixed(2) : "-"} |`,
    ),
  ];
  process.stdout.write(
    `${lines.join("\n")}\n\n${RUNS} runs after a warm-up, medians; ${machine.cores} cores, ${machine.node}${machine.lnav ? `, ${machine.lnav}` : ", lnav not installed"}. JSON: test/bench/out/results.json\n`,
  );
}

await main();
