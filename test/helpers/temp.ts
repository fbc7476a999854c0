import { afterAll } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/**
 * A maker of temporary folders named `<prefix>XXXXXX`, all removed after the file's tests. The clean-up gets the
 * time a loaded machine needs to remove large trees (it only turns a hang into a failure).
 */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  }, 300_000);
  return () => {
    const d = mkdtempSync(path.join(tmpdir(), prefix));
    made.push(d);
    return d;
  };
}
