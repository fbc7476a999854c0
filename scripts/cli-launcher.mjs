#!/usr/bin/env node
// The package's bin (copied to dist/bundle/cli.js by scripts/bundle.mjs). It runs the bundled CLI, cli.script.js
// beside it, as a classic script so that V8 can skip compiling it: cli.script.cache holds V8's code cache of the
// script, made by the build from a run of the CLI, after a SHA-256 of the script it was made from. A cache of
// another script (a digest that differs), of another Node or V8 (V8 rejects it) or none at all only costs the
// compile: the script is then compiled from its text, as it would be without a cache.
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

const SCRIPT = fileURLToPath(new URL("./cli.script.js", import.meta.url));
const CACHE = fileURLToPath(new URL("./cli.script.cache", import.meta.url));
/** Set by the build only: run without the cache and write a new one, for this script, when the process exits. */
const WRITE_CACHE = process.env.PATCHFLOW_WRITE_CODE_CACHE;

const text = readFileSync(SCRIPT);
const digest = createHash("sha256").update(text).digest();

function cachedData() {
  if (WRITE_CACHE) return undefined;
  let cache;
  try {
    cache = readFileSync(CACHE);
  } catch {
    return undefined;
  }
  const made = cache.subarray(0, digest.length);
  return cache.length > digest.length && made.equals(digest) ? cache.subarray(digest.length) : undefined;
}

// The build leaves the script ASCII, which reads as Latin-1 without decoding UTF-8 (a few ms on this size).
const source = text.toString(isAscii(text) ? "latin1" : "utf8");
const script = new Script(source, { filename: SCRIPT, cachedData: cachedData() });
if (WRITE_CACHE) {
  // At exit, so that the functions the run compiled (V8 compiles most functions on first call) are in the cache.
  process.once("exit", () => {
    const temp = `${WRITE_CACHE}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.concat([digest, script.createCachedData()]));
    renameSync(temp, WRITE_CACHE);
  });
}
// The script is `(function (exports, require, module, __filename, __dirname, importMeta) { <the CLI> })`: a
// CommonJS module whose `import.meta` is this file's, the bundle's folder being the same.
const cjs = { exports: {} };
script.runInThisContext()(cjs.exports, createRequire(SCRIPT), cjs, SCRIPT, path.dirname(SCRIPT), import.meta);

export const main = cjs.exports.main;
