import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const URL_REF = /new URL\(\s*(["'`])(\.{1,2}\/[^"'`]*)\1\s*,\s*import\.meta\.url\s*\)/g;

/**
 * Tests import the source (`../src/...`): `npm run typecheck` needs no build, and vitest compiles what it runs.
 * A few modules find a file next to where they are installed: a worker-thread entry (`./range-worker.js`,
 * `./worker.js`), package.json for the version, a rule's README. Those exist only in the build's layout (a worker
 * must be JavaScript that Node runs on its own), so in a source module each `new URL("<relative>", import.meta.url)`
 * is resolved from the module's place in the build (`src/a/b.ts` as `dist/src/a/b.js`). The code under test comes
 * from `src/`; the worker threads it starts run the build of the same source (`npm test` builds first). It is the
 * rule scripts/bundle.mjs applies for `dist/bundle`, and it keeps one copy of each module in a test, where an alias
 * to `dist/` for the worker-starting modules would load them, and all they import, a second time.
 */
const fromBuildLayout: Plugin = {
  name: "patchflow-urls-from-build-layout",
  transform(code, id) {
    const file = id.split("?")[0];
    const rel = path.relative(ROOT, file);
    // Test files beside the source (grammars/**/*.test.ts) read their neighbours where they are.
    if (!/^(src|grammars)[\\/].*\.ts$/.test(rel) || rel.endsWith(".test.ts") || !code.includes("import.meta.url"))
      return null;
    const built = JSON.stringify(pathToFileURL(path.join(ROOT, "dist", rel.replace(/\.ts$/, ".js"))).href);
    const out = code.replace(
      URL_REF,
      (_, quote: string, target: string) => `new URL(${quote}${target}${quote}, ${built})`,
    );
    return out === code ? null : { code: out, map: null };
  },
};

export default defineConfig({
  plugins: [fromBuildLayout],
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts", "grammars/**/*.test.ts"],
    testTimeout: 60_000,
    // Hang guards, not budgets: removing the adversarial corpus's temporary trees (10,000 files, 100 MB streams)
    // takes longer than vitest's default 10 s on a loaded machine.
    hookTimeout: 120_000,
    pool: "forks",
  },
});
