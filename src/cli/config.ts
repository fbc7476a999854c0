import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { UsageError } from "../model/errors.js";

/** A config: `{ "rules": { "<id>": "off" }, "failOn": "warning", "maxSyncAgeDays": 8, "maxCatalogAgeDays": 45, "tz": "utc" }`. */
export interface ConfigFile {
  rules?: Record<string, string>;
  failOn?: string;
  maxSyncAgeDays?: number;
  maxCatalogAgeDays?: number;
  tz?: string;
}

export interface FoundConfig {
  /** Where the config came from: the file (and `#patchflow` for package.json's key), or none. */
  source: string | null;
  config: ConfigFile;
}

const KNOWN: Record<string, "object" | "string" | "number"> = {
  rules: "object",
  failOn: "string",
  maxSyncAgeDays: "number",
  maxCatalogAgeDays: "number",
  tz: "string",
};

/** The files looked for in the working directory, in order; the first found is used. */
export const CONFIG_FILES = ["patchflow.config.json", ".patchflowrc.json", "package.json"] as const;

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`${what}: cannot read it as JSON (${(err as Error).message})`);
  }
}

/** Most days an age limit may be: a century, beyond any log a client keeps. */
const MAX_AGE_DAYS = 36_500;

/**
 * An age limit in days (`--max-sync-age-days`, `maxSyncAgeDays`, ...): a JSON or command-line number from 0 to
 * MAX_AGE_DAYS. Anything else (a string, NaN, Infinity, an object, a boolean) is a usage error, never a limit that
 * silently switches a rule off.
 */
export function ageDays(what: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > MAX_AGE_DAYS) {
    const shown = typeof v === "number" ? String(v) : (JSON.stringify(v) ?? String(v));
    throw new UsageError(`${what} ${shown}: give a number of days from 0 to ${MAX_AGE_DAYS}`);
  }
  return v;
}

export function checkConfig(data: unknown, what: string): ConfigFile {
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new UsageError(`${what}: expected a JSON object`);
  for (const [k, v] of Object.entries(data)) {
    const type = Object.hasOwn(KNOWN, k) ? KNOWN[k] : undefined;
    if (!type) throw new UsageError(`${what}: unknown key "${k}" (known: ${Object.keys(KNOWN).join(", ")})`);
    if (k === "maxSyncAgeDays" || k === "maxCatalogAgeDays") {
      ageDays(`${what}: ${k}`, v);
      continue;
    }
    const ok = type === "object" ? v !== null && typeof v === "object" && !Array.isArray(v) : typeof v === type;
    if (!ok) throw new UsageError(`${what}: "${k}" must be ${type === "object" ? "an object" : `a ${type}`}`);
  }
  return data as ConfigFile;
}

/**
 * The config in force: `--config FILE` when given; else the first of `patchflow.config.json`, `.patchflowrc.json`,
 * or the `patchflow` key of `package.json` in the working directory; else none.
 */
export function findConfig(explicit: string | undefined, cwd = process.cwd()): FoundConfig {
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new UsageError(`--config ${explicit}: no such file`);
    return {
      source: explicit,
      config: checkConfig(readJson(explicit, `--config ${explicit}`), `--config ${explicit}`),
    };
  }
  for (const name of CONFIG_FILES) {
    const file = path.join(cwd, name);
    if (!existsSync(file)) continue;
    if (name === "package.json") {
      const pkg = readJson(file, file) as Record<string, unknown> | null;
      if (!pkg || typeof pkg !== "object" || !("patchflow" in pkg)) continue;
      return { source: `${file}#patchflow`, config: checkConfig(pkg.patchflow, `${file} (key "patchflow")`) };
    }
    return { source: file, config: checkConfig(readJson(file, file), file) };
  }
  return { source: null, config: {} };
}
