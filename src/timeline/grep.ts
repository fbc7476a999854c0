import { setFlagsFromString } from "node:v8";
import { UsageError } from "../model/errors.js";

/**
 * `--grep`: a regular expression run by V8's linear-time engine (the `l` flag), so no pattern can take more than
 * time proportional to the text, whatever the text. That engine has no backreferences, lookaround, or large
 * counted repetition; such patterns are refused. It has no case-insensitive mode either, so case is ignored by
 * lower-casing both the text and the pattern's letters (escapes such as `\S`, `\W` and `\p{Lu}` are kept).
 */
let linearEnabled = false;

function enableLinear(): void {
  if (linearEnabled) return;
  // Only lets RegExp accept the `l` flag; patterns without it are untouched.
  setFlagsFromString("--enable-experimental-regexp-engine");
  linearEnabled = true;
}

/** The pattern with its letters lower-cased, escapes left as they are. */
function lowerPattern(source: string): string {
  return source.replace(
    /(\\[pPu]\{[^}]*\}|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|\\c[A-Za-z]|\\.)|[^\\]+/g,
    (m, escape: string | undefined) => (escape ? m : m.toLowerCase()),
  );
}

export interface Grep {
  source: string;
  test(text: string): boolean;
}

export function compileGrep(source: string): Grep {
  if (source === "") throw new UsageError("--grep: give a pattern");
  enableLinear();
  let re: RegExp;
  try {
    new RegExp(source);
  } catch (err) {
    throw new UsageError(
      `--grep ${source}: not a regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, "")})`,
    );
  }
  try {
    re = new RegExp(lowerPattern(source), "l");
  } catch {
    throw new UsageError(
      `--grep ${source}: this pattern cannot be matched in linear time (backreferences, lookahead/lookbehind and large counted repetitions such as {2,100} are not supported); simplify it`,
    );
  }
  return { source, test: (t) => re.test(t.toLowerCase()) };
}
