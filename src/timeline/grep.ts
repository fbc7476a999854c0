import { setFlagsFromString } from "node:v8";
import { UsageError } from "../errors.js";

/**
 * `--grep`: a regular expression run by V8's linear-time engine (the `l` flag), so no pattern can take more than
 * time proportional to the text, whatever the text. That engine has no backreferences, lookaround, or large
 * counted repetition; such patterns are refused. It has no case-insensitive mode either, so matching is smart-case
 * (as in ripgrep): a pattern without upper-case letters matches regardless of case (the text is lower-cased),
 * one with an upper-case letter matches case exactly.
 */
let linearEnabled = false;

function enableLinear(): void {
  if (linearEnabled) return;
  // Only lets RegExp accept the `l` flag; patterns without it are untouched.
  setFlagsFromString("--enable-experimental-regexp-engine");
  linearEnabled = true;
}

/** Upper-case letters outside escapes (`\S`, `\W`, `\D`, `\B`, `\p{Lu}` are not letters of the text). */
function hasUpperLiteral(source: string): boolean {
  return /[A-Z]/.test(source.replace(/\\[pPuxc]\{[^}]*\}|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|\\c[A-Za-z]|\\./g, ""));
}

export interface Grep {
  source: string;
  test(text: string): boolean;
}

export function compileGrep(source: string): Grep {
  if (source === "") throw new UsageError("--grep: give a pattern");
  const exact = hasUpperLiteral(source);
  enableLinear();
  let re: RegExp;
  try {
    new RegExp(source);
  } catch (err) {
    throw new UsageError(`--grep ${source}: not a regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, "")})`);
  }
  try {
    re = new RegExp(source, "l");
  } catch {
    throw new UsageError(
      `--grep ${source}: this pattern cannot be matched in linear time (backreferences, lookahead/lookbehind and large counted repetitions such as {2,100} are not supported); simplify it`,
    );
  }
  return { source, test: exact ? (t) => re.test(t) : (t) => re.test(t.toLowerCase()) };
}
