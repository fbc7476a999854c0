/**
 * The template matcher: finds a message pattern's template in a message without a backtracking regular expression.
 *
 * A template is a sequence of elements: literal words (case-insensitive, as a regular expression's `i` flag
 * compares), blanks (a run of white space that ends at a visible character) and placeholders for named fragments.
 * It gives what the regular expression `literal(?<g0>fragment)literal...` with the `i` flag would give: the leftmost
 * match, and among the matches that start there the one a backtracking engine finds first (every fragment prefers
 * its longest match, `text` its shortest; see `FRAGMENT_SHAPES`).
 *
 * The matcher remembers which (element, position) pairs cannot lead to a match, so no pair is tried twice: the work
 * is at most the number of placeholders × the line length × the longest fragment (400), whatever the text. On top of
 * that each match counts its steps (characters compared, fragment ends tried) and gives up past a budget linear in
 * the line length (`stepBudget`): the pattern then does not match that line, which becomes a generic message.
 */

/** One character class with a count: `[^\r\n]{0,400}`. */
interface Atom {
  /** ASCII code → in the class (the class compiled with the `i` flag). */
  ascii: Uint8Array;
  /** The class as a one-character regular expression, for characters past ASCII. */
  re: RegExp;
  min: number;
  max: number;
}

export interface Fragment {
  name: string;
  /** Alternatives, each a sequence of atoms; together they give every end the fragment can reach. */
  alternatives: Atom[][];
  /** Shortest first (a lazy fragment) instead of longest first. */
  lazy: boolean;
  /** The most characters a match can take. */
  maxLength: number;
}

function atom(cls: string, min = 1, max = min): Atom {
  const re = new RegExp(`^${cls}$`, "i");
  const ascii = new Uint8Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
  return { ascii, re, min, max };
}

/** Literal characters as atoms (`"KB"` → K, B). */
function chars(s: string): Atom[] {
  return [...s].map((ch) => atom(ch.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")));
}

const D = String.raw`\d`;
const HEX = "[0-9A-Fa-f]";

/**
 * Each named fragment as alternatives of atom sequences: the same language as its regular expression in
 * `FRAGMENTS` (an optional group is written as two alternatives). For every fragment the order in which a
 * backtracking engine tries its ends is longest first (`text`, lazy: shortest first), because each of its counted
 * classes is followed by a character the class does not hold; the differential test checks this on every sample.
 */
const FRAGMENT_SHAPES: Record<string, { alternatives: Atom[][]; lazy?: boolean }> = {
  kb: { alternatives: [[...chars("KB"), atom(D, 5, 7)], [...chars("Q"), atom(D, 5, 7)]] },
  bulletin: { alternatives: [[...chars("MS"), atom(D, 2), ...chars("-"), atom(D, 3)]] },
  hresult: { alternatives: [[...chars("0x"), atom(HEX, 8)]] },
  hex: { alternatives: [[...chars("0x"), atom(HEX, 1, 8)]] },
  int: { alternatives: [[...chars("-"), atom(D, 1, 10)], [atom(D, 1, 10)]] },
  code: { alternatives: [[...chars("0x"), atom(HEX, 1, 8)], [...chars("-"), atom(D, 1, 10)], [atom(D, 1, 10)]] },
  guid: {
    alternatives: (() => {
      const core = [atom(HEX, 8), ...chars("-"), atom(HEX, 4), ...chars("-"), atom(HEX, 4), ...chars("-"), atom(HEX, 4), ...chars("-"), atom(HEX, 12)];
      const open = chars("{");
      const close = chars("}");
      return [[...open, ...core, ...close], [...open, ...core], [...core, ...close], core];
    })(),
  },
  package: { alternatives: [[atom("[A-Z0-9]", 3), atom("[0-9A-F]", 5)]] },
  path: {
    alternatives: [
      [...chars('"'), atom(String.raw`[^"\r\n]`, 1, 400), ...chars('"')],
      [...chars("'"), atom(String.raw`[^'\r\n]`, 1, 400), ...chars("'")],
      [atom(String.raw`[^\s'"]`, 1, 400)],
    ],
  },
  url: {
    alternatives: [
      [...chars("https://"), atom(String.raw`[^\s'"<>]`, 1, 400)],
      [...chars("http://"), atom(String.raw`[^\s'"<>]`, 1, 400)],
    ],
  },
  word: { alternatives: [[atom(String.raw`[^\s]`, 1, 200)]] },
  name: { alternatives: [[atom("[A-Za-z_]"), atom(String.raw`[\w.\-]`, 0, 200)]] },
  text: { alternatives: [[atom(String.raw`[^\r\n]`, 1, 400)]], lazy: true },
  rest: { alternatives: [[atom(String.raw`[^\r\n]`, 0, 400)]] },
  date: {
    alternatives: (() => {
      const day = [atom(D, 1, 4), atom("[-/.]"), atom(D, 1, 2), atom("[-/.]"), atom(D, 1, 4)];
      const time = [atom("[ T]"), atom(D, 1, 2), ...chars(":"), atom(D, 2)];
      return [[...day, ...time, ...chars(":"), atom(D, 2)], [...day, ...time], day];
    })(),
  },
  duration: {
    alternatives: (() => {
      const out: Atom[][] = [];
      for (const h of ["hours", "hour"])
        for (const m of ["mins", "min"])
          for (const s of ["secs", "sec"])
            out.push([atom(D, 1, 3), ...chars(` ${h}, `), atom(D, 1, 2), ...chars(` ${m}, `), atom(D, 1, 2), ...chars(` ${s}`)]);
      return out;
    })(),
  },
  user: { alternatives: [[atom(String.raw`[^\s,;]`, 1, 100)]] },
};

export const TEMPLATE_FRAGMENTS: Record<string, Fragment> = Object.fromEntries(
  Object.entries(FRAGMENT_SHAPES).map(([name, s]) => [
    name,
    { name, alternatives: s.alternatives, lazy: Boolean(s.lazy), maxLength: Math.max(...s.alternatives.map((a) => a.reduce((n, x) => n + x.max, 0))) },
  ]),
);

/** A literal word, canonicalized; a blank; or a placeholder (capturing into `group` when it has one). */
export type Element =
  | { t: "lit"; chars: Uint16Array }
  | { t: "blank" }
  | { t: "frag"; frag: Fragment; group: number };

/**
 * The character a case-insensitive regular expression (no `u` flag) compares: its upper case when that is one
 * character and does not turn a non-ASCII character into an ASCII one.
 */
function canon(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  const u = String.fromCharCode(c).toUpperCase();
  if (u.length !== 1) return c;
  const cu = u.charCodeAt(0);
  return cu < 128 ? c : cu;
}

const BLANK = /\s/;
function isBlank(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return BLANK.test(String.fromCharCode(c));
}

export function literalElement(word: string): Element {
  const out = new Uint16Array(word.length);
  for (let i = 0; i < word.length; i++) out[i] = canon(word.charCodeAt(i));
  return { t: "lit", chars: out };
}

export interface TemplateMatch {
  /** [start, end] of each capture group, by group number; absent when the group took no part. */
  spans: Array<[number, number] | undefined>;
}

export interface MatchRun {
  match: TemplateMatch | undefined;
  steps: number;
  /** The step budget ran out: the template is taken as not matching. */
  gaveUp: boolean;
}

/** Steps one match may take on a line of `length` characters. */
export function stepBudget(length: number): number {
  return 200_000 + 16 * length;
}

class GiveUp {}
const GIVE_UP = new GiveUp();

/** Finds the template in `s`: the leftmost match, with the spans of its capture groups. */
export function runTemplate(elements: readonly Element[], groups: number, s: string, lower?: string, budget = stepBudget(s.length)): MatchRun {
  const n = s.length;
  let steps = 0;
  const spans: Array<[number, number] | undefined> = new Array(groups);
  // Failed (element, position) pairs. Only placeholders branch, so only they are remembered.
  const failed = new Set<number>();
  const stride = n + 1;
  let blankFrom = -1;
  let blankTo = -1;

  const step = (k: number): void => {
    steps += k;
    if (steps > budget) throw GIVE_UP;
  };

  /** The run of characters in `a`'s class from `q`, at most `a.max`. */
  const run = (a: Atom, q: number): number => {
    const limit = Math.min(n, q + a.max);
    let i = q;
    while (i < limit) {
      const c = s.charCodeAt(i);
      if (c < 128 ? !a.ascii[c] : !a.re.test(s[i])) break;
      i++;
    }
    step(i - q + 1);
    return i - q;
  };

  /** Every end the fragment can reach from `q`, in the order it prefers them. */
  const ends = (f: Fragment, q: number): number[] => {
    let out: number[] = [];
    for (const alt of f.alternatives) {
      let at = [q];
      for (const a of alt) {
        const next: number[] = [];
        for (const x of at) {
          const r = run(a, x);
          for (let k = a.min; k <= r; k++) next.push(x + k);
        }
        if (!next.length) break;
        at = next;
        if (a === alt[alt.length - 1]) out = out.concat(next);
      }
    }
    out = [...new Set(out)].sort((a, b) => (f.lazy ? a - b : b - a));
    return out;
  };

  /**
   * Matches elements from `k` at `p`; the end of the match, or -1. Called at the start and after each placeholder's
   * end, and remembered when it fails: the literal words up to the next placeholder are compared once per position.
   */
  const from = (k0: number, p0: number): number => {
    const key = k0 * stride + p0;
    if (failed.has(key)) {
      step(1);
      return -1;
    }
    const got = through(k0, p0);
    if (got < 0) failed.add(key);
    return got;
  };

  const through = (k: number, p: number): number => {
    while (k < elements.length) {
      const e = elements[k];
      if (e.t === "lit") {
        const w = e.chars;
        if (p + w.length > n) return -1;
        for (let i = 0; i < w.length; i++) {
          step(1);
          if (canon(s.charCodeAt(p + i)) !== w[i]) return -1;
        }
        p += w.length;
        k++;
      } else if (e.t === "blank") {
        // The last run of white space seen is remembered, so trying many ends inside one long run stays linear.
        let i = p;
        let looked = 1;
        while (i < n && isBlank(s.charCodeAt(i))) {
          if (i >= blankFrom && i < blankTo) {
            i = blankTo;
            break;
          }
          i++;
          looked++;
        }
        step(looked);
        if (i > p) {
          blankFrom = Math.min(p, blankFrom < 0 || i !== blankTo ? p : blankFrom);
          blankTo = i;
        }
        // A run of white space that ends at a visible character.
        if (i === p || i === n) return -1;
        p = i;
        k++;
      } else {
        const key = -1 - (k * stride + p);
        if (failed.has(key)) {
          step(1);
          return -1;
        }
        if (e.frag.alternatives.length === 1 && e.frag.alternatives[0].length === 1) {
          // One counted class (text, rest, word, user): the ends are a range.
          const a = e.frag.alternatives[0][0];
          const r = run(a, p);
          for (let i = 0; i <= r - a.min; i++) {
            const end = e.frag.lazy ? p + a.min + i : p + r - i;
            step(1);
            const got = from(k + 1, end);
            if (got >= 0) {
              if (e.group >= 0) spans[e.group] = [p, end];
              return got;
            }
          }
        } else {
          for (const end of ends(e.frag, p)) {
            step(1);
            const got = from(k + 1, end);
            if (got >= 0) {
              if (e.group >= 0) spans[e.group] = [p, end];
              return got;
            }
          }
        }
        failed.add(key);
        step(1);
        return -1;
      }
    }
    return p;
  };

  try {
    const first = elements[0];
    // Where a match can start: at the first literal's first letter when it is ASCII (found in the lower-case copy,
    // which has the same length for such text), else anywhere.
    let needle: string | undefined;
    if (first?.t === "lit" && lower !== undefined && lower.length === n && first.chars.every((c) => c < 128)) {
      needle = String.fromCharCode(...first.chars).toLowerCase();
    }
    for (let start = 0; start <= n; ) {
      if (needle !== undefined) {
        const at = lower!.indexOf(needle, start);
        if (at < 0) break;
        step(1 + (at - start) / 64);
        start = at;
      } else step(1);
      if (from(0, start) >= 0) return { match: { spans }, steps, gaveUp: false };
      start++;
    }
    return { match: undefined, steps, gaveUp: false };
  } catch (err) {
    if (err === GIVE_UP) return { match: undefined, steps, gaveUp: true };
    throw err;
  }
}
