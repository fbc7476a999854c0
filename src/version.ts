import { readFileSync } from "node:fs";

/**
 * patchflow's version, from package.json. This module sits at the top of `src/`, so the relative path holds both
 * for the compiled tree (`dist/src/version.js`) and for the single-file bundle (`dist/bundle/cli.js`).
 */
export const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
