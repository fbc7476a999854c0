import { readFileSync } from "node:fs";

/**
 * patchflow's version, from package.json (read relative to the compiled tree, `dist/src/model/version.js`; the
 * bundle's build rewrites the path for `dist/bundle/cli.js`).
 */
export const VERSION = (
  JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
