import { afterAll } from "vitest";
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/**
 * A maker of temporary folders named `<prefix>XXXXXX`, all removed after the file's tests. The clean-up gets the
 * time a loaded machine needs to remove large trees (it only turns a hang into a failure). `mode` opens the folder
 * to other users (the cases that run the CLI as an unprivileged user).
 */
export function tempDirs(prefix: string, opts: { mode?: number } = {}): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) removeTree(d);
  }, 300_000);
  return () => {
    const d = mkdtempSync(path.join(tmpdir(), prefix));
    if (opts.mode !== undefined) chmodSync(d, opts.mode);
    made.push(d);
    return d;
  };
}

/** Removes a tree, opening again first, if removing fails, what a test made unreadable on purpose. */
function removeTree(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    openTree(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

function openTree(p: string): void {
  // lstat: a link is never followed (some cases link out of their folder, into the repository).
  const st = lstatSync(p, { throwIfNoEntry: false });
  if (st?.isDirectory()) {
    chmodSync(p, 0o755);
    for (const n of readdirSync(p)) openTree(path.join(p, n));
  } else if (st?.isFile()) chmodSync(p, 0o644);
}
