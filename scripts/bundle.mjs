// Bundles the compiled CLI (dist/src) into single files in dist/bundle, so that the CLI starts without resolving
// and loading hundreds of modules: cli.js, and one file per worker-thread entry, all in the same folder.
// `new URL("<relative>", import.meta.url)` (package.json, the rules' READMEs, the workers) is rewritten to the same
// target seen from dist/bundle; a target that is a worker entry points to that worker's bundle.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, copyFile, cp, readFile, rm, writeFile } from "node:fs/promises";
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
  Object.entries(ENTRIES).map(([out, src]) => [
    path.join(SRC, src),
    path.join(OUT, `${out}${out === "cli" ? ".js" : ".mjs"}`),
  ]),
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
// string-width (yargs' help layout, through cliui and wrap-ansi too) makes, when it is loaded, an Intl.Segmenter and
// (yargs' copy) a regular expression of RGI_Emoji, which load ICU's segmentation and emoji data: a sixth of a short
// run's work, for help text that most runs never lay out. The bundle makes each on first use instead; the same
// objects, the same widths.
const STRING_WIDTH = /[\\/]node_modules[\\/](?:.+[\\/])?string-width[\\/]index\.js$/;
const DEFERRED = [
  {
    marker: "Intl.Segmenter",
    made: "const segmenter = new Intl.Segmenter();",
    name: /\bsegmenter\b/g,
    use: "segmenter.segment(",
    lazy: "let madeSegmenter; const segmenter = { segment: (s) => (madeSegmenter ??= new Intl.Segmenter()).segment(s) };",
  },
  {
    marker: "RGI_Emoji",
    made: "const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;",
    name: /\brgiEmojiRegex\b/g,
    use: "rgiEmojiRegex.test(",
    lazy: "let madeRgiEmojiRegex; const rgiEmojiRegex = { test: (s) => (madeRgiEmojiRegex ??= /^\\p{RGI_Emoji}$/v).test(s) };",
  },
];
const lazyStringWidth = {
  name: "lazy-string-width",
  setup(b) {
    b.onLoad({ filter: STRING_WIDTH }, async (args) => {
      let text = await readFile(args.path, "utf8");
      const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
      const found = DEFERRED.filter((d) => code.includes(d.marker));
      if (found.length === 0) return undefined;
      for (const d of found) {
        // Made once, where the module loads, and used only through the one method the stand-in has.
        const uses = code.match(d.name)?.length ?? 0;
        if (code.split(d.marker).length !== 2 || !code.includes(d.made) || uses !== code.split(d.use).length)
          throw new Error(`${args.path}: expected '${d.made}' used only as '${d.use}'; update scripts/bundle.mjs`);
        text = text.replace(d.made, d.lazy);
      }
      return { contents: text, loader: "js", resolveDir: path.dirname(args.path) };
    });
  },
};

// grammars/chevrotain.ts loads chevrotain's single-file build with a top-level `await import()`, which a classic
// script cannot hold: the CLI's bundle takes the same file in statically instead (same package, same exports).
const CHEVROTAIN = /[\\/]dist[\\/]grammars[\\/]chevrotain\.js$/;
const CHEVROTAIN_FILE = fileURLToPath(new URL("../chevrotain.mjs", import.meta.resolve("chevrotain")));
const chevrotainStatic = {
  name: "chevrotain-static",
  setup(b) {
    b.onLoad({ filter: CHEVROTAIN }, async (args) => {
      const text = await readFile(args.path, "utf8");
      const names = [...text.matchAll(/^export const (\w+) = bundle\.\1;$/gm)].map((m) => m[1]);
      const exports = text.match(/^export /gm)?.length ?? 0;
      if (!text.includes('import.meta.resolve("chevrotain")') || names.length === 0 || names.length !== exports)
        throw new Error(`${args.path}: not the expected re-export of chevrotain's bundle; update scripts/bundle.mjs`);
      return {
        contents: `export { ${names.join(", ")} } from ${JSON.stringify(CHEVROTAIN_FILE)};\n`,
        loader: "js",
        resolveDir: path.dirname(args.path),
      };
    });
  },
};

await cp(path.join(ROOT, "node_modules/yargs/locales"), path.join(ROOT, "dist/locales"), { recursive: true });

const common = {
  bundle: true,
  platform: "node",
  target: "node20.19",
  legalComments: "none",
  logLevel: "warning",
};

// The worker threads' entries: ES modules (.mjs: the folder's package.json makes .js CommonJS, for the launcher).
await build({
  ...common,
  entryPoints: Object.fromEntries(
    Object.entries(ENTRIES)
      .filter(([out]) => out !== "cli")
      .map(([out, src]) => [out, path.join(SRC, src)]),
  ),
  outdir: OUT,
  outExtension: { ".js": ".mjs" },
  format: "esm",
  // CommonJS dependencies (cli-table3, yauzl) call require() for Node's own modules.
  banner: {
    js: 'import { createRequire as __patchflowRequire } from "node:module"; const require = __patchflowRequire(import.meta.url);',
  },
  plugins: [relocate, yargsLocales, yargsNoHelpCache, lazyStringWidth],
});

// The CLI: a CommonJS module wrapped in a function, compiled by the launcher (scripts/cli-launcher.cjs, the bin
// dist/bundle/cli.js) as a classic script, which V8 can keep a code cache of; `import.meta` is the launcher's.
await build({
  ...common,
  entryPoints: [path.join(SRC, ENTRIES.cli)],
  outfile: path.join(OUT, "cli.script.js"),
  format: "cjs",
  charset: "ascii",
  define: { "import.meta": "__patchflowImportMeta" },
  banner: { js: "(function (exports, require, module, __filename, __dirname, __patchflowImportMeta) {" },
  footer: { js: "})" },
  plugins: [relocate, yargsLocales, yargsNoHelpCache, lazyStringWidth, chevrotainStatic],
});
// esbuild writes the code as ASCII (`charset: "ascii"`) but keeps some comments as they are: their other characters
// become "?", so that the launcher reads the script as Latin-1 instead of decoding UTF-8.
const SCRIPT = path.join(OUT, "cli.script.js");
const script = await readFile(SCRIPT, "utf8");
if (/[^\x00-\x7f]/.test(script)) await writeFile(SCRIPT, script.replace(/[^\x00-\x7f]/g, "?"));
await writeFile(path.join(OUT, "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
await copyFile(path.join(ROOT, "scripts/cli-launcher.cjs"), path.join(OUT, "cli.js"));
await chmod(path.join(OUT, "cli.js"), 0o755);

// The code cache: the CLI run once on a sample (what V8 compiled during the run is cached with the script). Made
// anew by every build, and checked against the script by the launcher.
const CACHE = path.join(OUT, "cli.script.cache");
await rm(CACHE, { force: true });
const SAMPLE = path.join(ROOT, "samples/default");
const run = spawnSync(
  process.execPath,
  [path.join(OUT, "cli.js"), ...(existsSync(SAMPLE) ? ["diagnose", SAMPLE, "--format", "json", "-q"] : ["--version"])],
  { env: { ...process.env, PATCHFLOW_WRITE_CODE_CACHE: CACHE }, stdio: ["ignore", "ignore", "inherit"] },
);
if (run.status !== 0 && run.status !== 1) throw new Error(`the bundled CLI failed to run (exit ${run.status})`);
if (!existsSync(CACHE)) throw new Error("the bundled CLI wrote no code cache");
