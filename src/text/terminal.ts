/**
 * Text from logs goes to terminals only through here: control characters and ANSI escape sequences are shown as
 * visible `\xNN` escapes, so a log line cannot move the cursor, recolour, or retitle the terminal.
 */
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function safeText(s: string): string {
  // `\u202e`, not `\x202e`: the latter would read as `\x20` followed by the text "2e".
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return c === "\t"
      ? "\t"
      : code > 0xff
        ? `\\u${code.toString(16).padStart(4, "0")}`
        : `\\x${code.toString(16).padStart(2, "0")}`;
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
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  cyan: [36, 39],
  gray: [90, 39],
  bold: [1, 22],
  dim: [2, 22],
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

/**
 * Columns to lay text out in: `COLUMNS` when set (so a pipe can ask for a width), else the terminal's width, else
 * 80 (piped or unknown). Never below 40.
 */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  const env = Number(process.env.COLUMNS);
  const w = Number.isInteger(env) && env > 0 ? env : stream.isTTY && stream.columns ? stream.columns : 80;
  return Math.max(40, w);
}

const ANSI = /\x1b\[[0-9;]*m/g;

/** Length as the terminal shows it: colour codes take no column. */
export function visibleLength(s: string): number {
  return s.replace(ANSI, "").length;
}

/**
 * Cuts a word (which may hold colour codes) into pieces of at most `width` visible characters, after a path
 * separator when there is one in the second half of the piece.
 */
function splitWord(word: string, width: number): string[] {
  const out: string[] = [];
  let piece = "";
  let n = 0;
  let cut = -1;
  let cutN = 0;
  for (let i = 0; i < word.length;) {
    const m = word[i] === "\x1b" ? /^\x1b\[[0-9;]*m/.exec(word.slice(i)) : null;
    if (m) {
      piece += m[0];
      i += m[0].length;
      continue;
    }
    if (n === width) {
      if (cut > 0 && cutN >= width / 2) {
        out.push(piece.slice(0, cut));
        piece = piece.slice(cut);
        n -= cutN;
      } else {
        out.push(piece);
        piece = "";
        n = 0;
      }
      cut = -1;
    }
    piece += word[i];
    n++;
    if (word[i] === "/" || word[i] === "\\") {
      cut = piece.length;
      cutN = n;
    }
    i++;
  }
  if (piece) out.push(piece);
  return out;
}

/**
 * Word-wraps one paragraph to `width` columns: the first line starts with `first`, the others with `rest`
 * (a hanging indent). Words longer than a line are cut. Text is expected to be terminal-safe already.
 */
export function wrap(text: string, width: number, first = "", rest = first): string[] {
  return wrapWords(
    text.replace(GLUED, (m) => m.replace(/ /g, "\0")),
    width,
    first,
    rest,
  ).map((l) => l.replace(/\0/g, " "));
}

/** A date-time with its offset (`2006-08-13 02:00 -07:00`) is not broken across lines. */
const GLUED = /\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?(?: [+-]\d\d:\d\d| \(zone unknown\))?/g;

function wrapWords(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let len = visibleLength(first);
  let empty = true;
  // Each word with the spaces before it, kept when the word stays on the line (`file:12  time  message`).
  const words = [...text.matchAll(/( *)([^ ]+)/g)].map((m) => [m[1] || " ", m[2]] as const);
  for (const [gap, word] of words) {
    const wl = visibleLength(word);
    if (!empty && len + gap.length + wl <= width) {
      line += gap + word;
      len += gap.length + wl;
      continue;
    }
    if (empty && len + wl <= width) {
      line += word;
      len += wl;
      empty = false;
      continue;
    }
    if (!empty) {
      lines.push(line);
      line = rest;
      len = visibleLength(rest);
    }
    let remaining = word;
    while (remaining !== "" && visibleLength(remaining) > width - len) {
      const pieces = splitWord(remaining, Math.max(1, width - len));
      lines.push(line + pieces[0]);
      line = rest;
      len = visibleLength(rest);
      remaining = pieces.slice(1).join("");
    }
    line += remaining;
    len += visibleLength(remaining);
    empty = remaining === "";
  }
  lines.push(line);
  return lines;
}
