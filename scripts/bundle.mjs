// Bundles the compiled CLI (dist/src) into single files in dist/bundle, so that the CLI starts without resolving
// and loading hundreds of modules: cli.js, and one file per worker-thread entry, all in the same folder.
// `new URL("<relative>", import.meta.url)` (package.json, the rules' READMEs, the workers) is rewritten to the same
// target seen from dist/bundle; a target that is a worker entry points to that worker's bundle.
import { build } from "esbuild";
import { cp, readFile } from "node:fs/promises";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SRC = path.join(ROOT, "dist/src");
const OUT = path.join(ROOT, "dist/bundle");
const ENTRIES = {
  cli: "cli.js",
  "fleet-worker": "fleet/worker.js",
  "pipeline-range-worker": "pipeline/range-worker.js",
  "input-range-worker": "input/range-worker.js",
};
const BUNDLED = new Map(
  Object.entries(ENTRIES).map(([out, src]) => [path.join(SRC, src), path.join(OUT, `${out}.js`)]),
);
const URL_REF = /new URL\(\s*(["'`])(\.{1,2}\/[^"'`]*)\1\s*,\s*import\.meta\.url\s*\)/g;

const relocate = {
  name: "relocate-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      const contents = text.replace(URL_REF, (_, quote, rel) => {
        const target = path.resolve(path.dirname(args.path), rel);
        const seen = path
          .relative(OUT, BUNDLED.get(target) ?? target)
          .split(path.sep)
          .join("/");
        return `new URL(${quote}${seen.startsWith(".") ? seen : `./${seen}`}${quote}, import.meta.url)`;
      });
      return { contents, loader: "js" };
    });
  },
};

// yargs finds its messages' translations at '../../../locales' from its platform shim (a file, resolved as a folder):
// the bundle carries a copy at dist/locales and points there.
const YARGS_SHIM = /[\\/]node_modules[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;
const yargsLocales = {
  name: "yargs-locales",
  setup(b) {
    b.onLoad({ filter: YARGS_SHIM }, async (args) => {
      const text = await readFile(args.path, "utf8");
      if (!text.includes("'../../../locales'"))
        throw new Error(`${args.path}: yargs no longer reads '../../../locales'; update scripts/bundle.mjs`);
      return {
        contents: text.replace("'../../../locales'", "'../../locales'"),
        loader: "js",
        resolveDir: path.dirname(args.path),
      };
    });
  },
};
// yargs renders the whole help text of a command each time the command runs, only to cache it for failure messages
// that show help; patchflow's own failure handler never shows help, so the bundle leaves that cache out (about a
// tenth of a tiny run's work). The compiled tree keeps yargs as it is; a test checks that both give the same output.
const YARGS_COMMAND = /[\\/]node_modules[\\/]yargs[\\/]build[\\/]lib[\\/]command\.js$/;
const CACHE_HELP = "yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();";
const yargsNoHelpCache = {
  name: "yargs-no-help-cache",
  setup(b) {
    b.onLoad({ filter: YARGS_COMMAND }, async (args) => {
      const text = await readFile(args.path, "utf8");
      if (text.split(CACHE_HELP).length !== 2)
        throw new Error(`${args.path}: expected one call of cacheHelpMessage; update scripts/bundle.mjs`);
      return {
        contents: text.replace(CACHE_HELP, "/* help not cached: patchflow's failure handler never shows it */"),
        loader: "js",
        resolveDir: path.dirname(args.path),
      };
    });
  },
};
await cp(path.join(ROOT, "node_modules/yargs/locales"), path.join(ROOT, "dist/locales"), { recursive: true });

await build({
  entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([out, src]) => [out, path.join(SRC, src)])),
  outdir: OUT,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  // CommonJS dependencies (cli-table3, yauzl) call require() for Node's own modules.
  banner: {
    js: 'import { createRequire as __patchflowRequire } from "node:module"; const require = __patchflowRequire(import.meta.url);',
  },
  plugins: [relocate, yargsLocales, yargsNoHelpCache],
  legalComments: "none",
  logLevel: "warning",
});
