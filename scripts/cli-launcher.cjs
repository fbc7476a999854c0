#!/usr/bin/env node
// The package's bin (copied to dist/bundle/cli.js by scripts/bundle.mjs; dist/bundle/package.json makes it
// CommonJS, which Node starts faster than an ES module). It runs the bundled CLI, cli.script.js beside it, as a
// classic script so that V8 can skip compiling it: cli.script.cache holds V8's code cache of the script, made by
// the build from a run of the CLI, after a SHA-256 of the script it was made from. A cache of another script (a
// digest that differs), of another Node or V8 (V8 rejects it) or none at all only costs the compile: the script is
// then compiled from its text, as it would be without a cache.
"use strict";
const { isAscii } = require("node:buffer");
const { createHash } = require("node:crypto");
const { readFileSync, renameSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { setFlagsFromString } = require("node:v8");
const { Script } = require("node:vm");

// Before anything is compiled, so that the code cache (made by a run of this launcher) is made and read under the
// same flags. V8 moves the objects of an allocation site whose objects mostly outlive a young-generation collection
// straight to the old generation ("pretenuring"). Reading a log, the sites that make the events' parts are such
// sites for a while, and go on putting the parts of the many lines that are dropped in the old generation too, where
// they stay until a full collection: 48 of the 115 MB promoted while reading 30 MB of the varied bench log, and
// 1,017 against 784 MB of peak memory for `diagnose` on its 200 MB, for the same CPU time (see README, Performance).
setFlagsFromString("--no-allocation-site-pretenuring");
// So that a context made later has V8's full collection as `gc`: the heap pacer (src/runtime/heap.ts) collects the
// heap of a large run when it has grown past twice what was live, which V8 alone lets grow to 3 or 4 times.
setFlagsFromString("--expose-gc");

const SCRIPT = path.join(__dirname, "cli.script.js");
const CACHE = path.join(__dirname, "cli.script.cache");
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
// CommonJS module whose `import.meta` stands for this file's, the bundle's folder being the same.
const scriptRequire = createRequire(SCRIPT);
const importMeta = {
  url: pathToFileURL(__filename).href,
  filename: __filename,
  dirname: __dirname,
  resolve: (specifier) => pathToFileURL(scriptRequire.resolve(specifier)).href,
};
const cjs = { exports: {} };
script.runInThisContext()(cjs.exports, scriptRequire, cjs, SCRIPT, __dirname, importMeta);

exports.main = cjs.exports.main;
