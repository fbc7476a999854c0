/**
 * Text from logs goes to terminals only through here: control characters and ANSI escape sequences are shown as
 * visible `\xNN` escapes, so a log line cannot move the cursor, recolour, or retitle the terminal.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function safeText(s: string): string {
  // `\u202e`, not `\x202e`: the latter would read as `\x20` followed by the text "2e".
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return c === "\t" ? "\t" : code > 0xff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\x${code.toString(16).padStart(2, "0")}`;
  });
}

/**
 * Text that must stay on one line of a message (a file name, a warning): as `safeText`, and line feeds shown as
 * `\x0a` too, so that a name holding one cannot forge lines of a summary or an error report.
 */
export function safeLine(s: string): string {
  return safeText(s).replace(/\n/g, "\\x0a");
}

/** One line for a table cell: line breaks shown as ⏎, unsafe characters escaped, long text cut with an ellipsis. */
export function cell(s: string, max = 120): string {
  const one = safeText(s.replace(/\r\n|\r|\n/g, " ⏎ ").replace(/\t/g, " "));
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export type Color = "red" | "yellow" | "green" | "cyan" | "gray" | "bold" | "dim";
const CODES: Record<Color, [number, number]> = {
  red: [31, 39], yellow: [33, 39], green: [32, 39], cyan: [36, 39], gray: [90, 39], bold: [1, 22], dim: [2, 22],
};

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorEnabled(stream: { isTTY?: boolean }): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0") return true;
  return Boolean(stream.isTTY) && process.env.TERM !== "dumb";
}

export type Style = (color: Color, text: string) => string;

export function styler(enabled: boolean): Style {
  return enabled ? (color, text) => `\x1b[${CODES[color][0]}m${text}\x1b[${CODES[color][1]}m` : (_c, text) => text;
}

/** cli-table3 settings for compact tables: no rule between rows, no colours of its own. */
export const COMPACT_TABLE = {
  chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  style: { head: [] as string[], border: [] as string[] },
};
