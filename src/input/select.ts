import { UsageError } from "../model/errors.js";
import type { LogSelection } from "../model/input.js";

export interface Selector {
  /** Dropped altogether: not read, not listed. */
  excluded(rel: string): boolean;
  /** Read although no stage uses it. */
  included(rel: string): boolean;
  allLogs: boolean;
}

/**
 * One glob as a regular expression over a `/`-separated path, case-insensitive (Windows file names are):
 * `*` any characters but `/`, `?` one of them, `**` any number of folders, `[abc]`/`[!abc]` a class, `{a,b}`
 * alternatives. `\` separates folders as `/` does. A glob without a separator matches the file name at any depth;
 * one with a separator matches the path below the folder (or archive folder) given.
 */
export function globRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/\\/g, "/").replace(/^\.\//, "").replace(/^\/+/, "");
  if (!g) throw new UsageError(`glob "${glob}": empty`);
  if (!g.includes("/")) g = `**/${g}`;
  let re = "";
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const ch = g[i];
    if (ch === "*") {
      if (g[i + 1] === "*") {
        const atStart = i === 0 || g[i - 1] === "/";
        const atEnd = i + 2 === g.length || g[i + 2] === "/";
        if (atStart && atEnd) {
          // `**/` is zero or more folders; a trailing `**` is anything below.
          if (i + 2 === g.length) re += ".*";
          else re += "(?:[^/]*/)*";
          i += 2;
          continue;
        }
        i++;
      }
      re += "[^/]*";
    } else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const close = g.indexOf("]", i + 2);
      if (close < 0) re += "\\[";
      else {
        let body = g.slice(i + 1, close);
        const negate = body[0] === "!" || body[0] === "^";
        if (negate) body = body.slice(1);
        re += `[${negate ? "^/" : ""}${body.replace(/[\\\]^]/g, "\\$&")}]`;
        i = close;
      }
    } else if (ch === "{") {
      braces++;
      re += "(?:";
    } else if (ch === "}" && braces > 0) {
      braces--;
      re += ")";
    } else if (ch === "," && braces > 0) re += "|";
    else re += ch.replace(/[.+^$()|\\{}\]]/g, "\\$&");
  }
  if (braces > 0) throw new UsageError(`glob "${glob}": an opening { has no closing }`);
  return new RegExp(`^${re}$`, "i");
}

function anyOf(globs: string[] | undefined, what: string): (rel: string) => boolean {
  const list = (globs ?? []).flatMap((g) => g.split(/\r?\n/)).filter((g) => g.trim() !== "");
  const res = list.map((g) => {
    try {
      return globRegExp(g);
    } catch (err) {
      throw err instanceof UsageError ? new UsageError(`${what} ${(err as Error).message}`) : err;
    }
  });
  return (rel) => res.some((r) => r.test(rel));
}

export function selector(sel: LogSelection | undefined): Selector {
  return {
    excluded: anyOf(sel?.exclude, "--exclude"),
    included: anyOf(sel?.include, "--include"),
    allLogs: Boolean(sel?.allLogs),
  };
}

/** `146.2 MB`: sizes for people. */
export function sizeText(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = bytes / 1000;
  let u = 0;
  while (v >= 999.5 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
