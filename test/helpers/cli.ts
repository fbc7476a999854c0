import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { ParsedItem } from "../../src/model/record.js";

export const ROOT = path.resolve(__dirname, "../..");
export const SAMPLES = path.join(ROOT, "samples");
/** The CLI as tsc compiles it (`npm test` builds first); `dist/bundle/cli.js` is the single-file CLI of the package. */
export const CLI = path.join(ROOT, "dist/src/cli.js");

export interface Run {
  code: number | null;
  /** The signal that ended the process (a hang killed at `timeout`), or null. */
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  /** Wall-clock milliseconds, for the bounds that only `npm run test:timing` checks (helpers/timing.ts). */
  ms: number;
}

export interface RunOptions {
  /** The script to run instead of `CLI`. */
  bin?: string;
  /** Node options before the script (`--import`, `--max-old-space-size`). */
  node?: string[];
  /** Default: the repository. */
  cwd?: string;
  /** Standard input; default empty, so that no run waits on the terminal. */
  input?: string | Buffer;
  /** Standard input from this file descriptor instead. */
  stdin?: number;
  /** Standard output to this file descriptor instead of a pipe. */
  stdout?: number;
  /** Over the inherited environment, in which colour, terminal width and the GitHub job summary are unset. */
  env?: Record<string, string | undefined>;
  /** Milliseconds before the run is killed: turns a hang into a failure, asserts nothing about speed. */
  timeout?: number;
  uid?: number;
  gid?: number;
}

/** Runs the CLI in a child process and collects its exit code and output (decoded as UTF-8). */
export function runCli(args: string[], opts: RunOptions = {}): Run {
  const env = {
    ...process.env,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    COLUMNS: undefined,
    GITHUB_STEP_SUMMARY: undefined,
    ...opts.env,
  };
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...(opts.node ?? []), opts.bin ?? CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.stdin === undefined ? (opts.input ?? "") : undefined,
    stdio: [opts.stdin ?? "pipe", opts.stdout ?? "pipe", "pipe"],
    env: env as NodeJS.ProcessEnv,
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeout,
    uid: opts.uid,
    gid: opts.gid,
  });
  if (r.error && !r.signal) throw r.error;
  return {
    code: r.status,
    signal: r.signal,
    out: r.stdout?.toString("utf8") ?? "",
    err: r.stderr?.toString("utf8") ?? "",
    ms: performance.now() - t0,
  };
}

/** The items of `parse --format ndjson` output. */
export const ndjson = (out: string): ParsedItem[] =>
  out
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ParsedItem);

/** Control characters that act when printed raw on a terminal (C0 but tab and LF, DEL, C1, bidi overrides). */
export const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
