import { fstatSync, readdir, realpath, stat, lstat, type Dirent } from "node:fs";
import { promisify } from "node:util";
import * as path from "node:path";
import { identifyLog, logBaseName } from "../model/logs.js";
import { DEFAULT_ARCHIVE_LIMITS, openArchive, type ArchiveLimits } from "./archive.js";
import { selector, type Selector } from "./select.js";
import type { LogSelection, Discovery, InputSpec, LogFile } from "../model/input.js";

const statP = promisify(stat);
const readdirP = promisify(readdir);
const lstatP = promisify(lstat);
const realpathP = promisify(realpath);

export function isArchivePath(p: string): boolean {
  return /\.zip$/i.test(p);
}

/**
 * A log's file name, in a folder, an archive or a fleet's client: `*.log`, `*.lo_`, and their numbered copies
 * (`*.log1`, `*.log.1`, `*.lo_2`, `*.lo_.2`), in any case. One test for every place that looks for logs.
 */
const LOG_NAME = /\.(?:log|lo_)(?:\.?\d+)?$/i;

export function isLogFileName(name: string): boolean {
  return LOG_NAME.test(name);
}

/** A name found under a folder: its path relative to the folder (`/`-separated) and what it is. */
export interface Found {
  rel: string;
  dirent: Dirent;
}

/**
 * Every entry whose name `match`es under `root`, searched recursively; links are listed, never followed. Any name
 * is searched, whatever characters it holds (line breaks included). A folder that cannot be read is told to
 * `onError` and skipped. Sorted by path.
 */
export async function walk(
  root: string,
  match: (name: string) => boolean,
  onError: (dir: string, err: NodeJS.ErrnoException) => void,
): Promise<Found[]> {
  const found: Found[] = [];
  const todo: string[] = [""];
  while (todo.length) {
    const rel = todo.pop()!;
    const dir = rel ? path.join(root, rel) : root;
    let entries: Dirent[];
    try {
      entries = await readdirP(dir, { withFileTypes: true });
    } catch (err) {
      onError(dir, err as NodeJS.ErrnoException);
      continue;
    }
    for (const d of entries) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (match(d.name)) found.push({ rel: r, dirent: d });
      if (d.isDirectory()) todo.push(r);
    }
  }
  return found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

function describe(code: string | undefined): string {
  switch (code) {
    case "ENOENT":
      return "no such file or folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENAMETOOLONG":
      return "path too long";
    case "ENOTDIR":
      return "a part of the path is not a folder";
    default:
      return code ?? "cannot be read";
  }
}

function fileEntry(abs: string, display: string): LogFile {
  const { log, stage } = identifyLog(abs);
  return {
    path: abs,
    display,
    log,
    stage,
    group: toPosix(path.join(path.dirname(display), logBaseName(abs))).toLowerCase(),
    generation: /\.lo_/i.test(path.basename(abs)) ? "rolled" : "current",
  };
}

/**
 * Finds the logs under the given paths: files as given, folders searched recursively for `*.log` and `*.lo_`
 * (any case), links followed only when they stay inside the folder given. `-` stands for standard input. In
 * folders and archives, logs that no stage uses are listed in `skipped` instead of read, unless `select` asks for
 * them; files given by name are always read.
 */
export async function discover(
  inputs: InputSpec[],
  stdinName = "<stdin>",
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
  select?: LogSelection,
): Promise<Discovery> {
  const closers: Array<() => void> = [];
  const out: Discovery = {
    files: [],
    warnings: [],
    missing: [],
    skipped: [],
    excluded: 0,
    dispose: () => closers.splice(0).forEach((c) => c()),
  };
  const sel = selector(select);
  for (const input of inputs) {
    if (typeof input !== "string") {
      await discoverArchive(input.archive, input.prefix, out, closers, limits, sel);
      continue;
    }
    if (input === "-") {
      // Standard input redirected from a folder (`< dir`) reads as empty: say what it is instead.
      let isFolder = false;
      try {
        isFolder = fstatSync(0).isDirectory();
      } catch {
        // closed or not a file descriptor: read as it is
      }
      if (isFolder) {
        out.missing.push("standard input (-): is a folder, not a file; give the folder as a path instead");
        continue;
      }
      const entry = fileEntry(stdinName, stdinName);
      out.files.push({ ...entry, path: "-" });
      continue;
    }
    let st;
    try {
      st = await statP(input);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      out.missing.push(`${input}: ${describe(code)}`);
      continue;
    }
    if (st.isFile()) {
      if (isArchivePath(input)) await discoverArchive(input, "", out, closers, limits, sel);
      else out.files.push(fileEntry(path.resolve(input), toPosix(input)));
      continue;
    }
    if (!st.isDirectory()) {
      out.missing.push(`${input}: not a file or folder`);
      continue;
    }
    await discoverFolder(input, out, sel);
  }
  return out;
}

/** Whether a log found under a folder or archive is read; one no stage uses and not asked for is listed instead. */
async function admit(
  entry: LogFile,
  rel: string,
  sel: Selector,
  out: Discovery,
  size: () => Promise<number>,
): Promise<void> {
  if (entry.stage !== "other" || sel.allLogs || sel.included(rel)) out.files.push(entry);
  else out.skipped.push({ file: entry.display, bytes: await size() });
}

async function discoverFolder(root: string, out: Discovery, sel: Selector): Promise<void> {
  const rootReal = await realpathP(root);
  const entries = await walk(root, isLogFileName, (dir, err) => {
    out.warnings.push(`${toPosix(path.relative(process.cwd(), dir)) || dir}: folder skipped (${describe(err.code)})`);
  });
  for (const e of entries) {
    const abs = path.resolve(root, e.rel);
    const display = toPosix(path.join(root, e.rel));
    if (e.dirent.isDirectory()) continue;
    if (sel.excluded(toPosix(e.rel))) {
      out.excluded++;
      continue;
    }
    const size = async (): Promise<number> => (await statP(abs).catch(() => undefined))?.size ?? 0;
    if (e.dirent.isSymbolicLink()) {
      let target: string;
      try {
        target = await realpathP(abs);
      } catch (err) {
        out.warnings.push(`${display}: link skipped (${describe((err as NodeJS.ErrnoException).code)})`);
        continue;
      }
      const rel = path.relative(rootReal, target);
      if (rel.startsWith("..") || path.isAbsolute(rel)) {
        out.warnings.push(`${display}: link to ${target} skipped: it points outside ${root}`);
        continue;
      }
      const tst = await lstatP(target).catch(() => undefined);
      if (!tst?.isFile()) {
        if (tst && !tst.isDirectory())
          out.warnings.push(`${display}: skipped: the link points to a pipe, socket or device, not a file`);
        continue;
      }
      await admit(fileEntry(abs, display), toPosix(e.rel), sel, out, size);
      continue;
    }
    if (e.dirent.isFile()) await admit(fileEntry(abs, display), toPosix(e.rel), sel, out, size);
    // A FIFO, socket or device with a log's name: reading it could block or never end.
    else out.warnings.push(`${display}: skipped: not a regular file (a pipe, socket or device)`);
  }
}

async function discoverArchive(
  archive: string,
  prefix: string,
  out: Discovery,
  closers: Array<() => void>,
  limits: ArchiveLimits,
  sel: Selector,
): Promise<void> {
  const display = toPosix(archive);
  const zip = await openArchive(archive, display, limits);
  closers.push(zip.close);
  const under = prefix ? `${prefix.replace(/\/+$/, "")}/` : "";
  for (const e of zip.entries) {
    if (!e.name.startsWith(under) || !isLogFileName(e.name)) continue;
    const rel = e.name.slice(under.length);
    if (sel.excluded(rel)) {
      out.excluded++;
      continue;
    }
    const entry = fileEntry(`${path.resolve(archive)}!/${e.name}`, `${display}/${e.name}`);
    await admit({ ...entry, open: e.open }, rel, sel, out, async () => e.size);
  }
  if (!zip.entries.some((e) => e.name.startsWith(under)))
    out.missing.push(`${display}${under ? `/${under}` : ""}: nothing in the archive`);
}
