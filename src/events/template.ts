/**
 * The template matcher: finds a message pattern's template in a message without a backtracking regular expression.
 *
 * A template is a sequence of elements: literal words (case-insensitive, as a regular expression's `i` flag
 * compares), blanks (a run of white space that ends at a visible character) and placeholders for named fragments.
 * It gives what the regular expression `literal(?<g0>fragment)literal...` with the `i` flag would give: the leftmost
 * match, and among the matches that start there the one a backtracking engine finds first (every fragment prefers
 * its longest match, `text` its shortest; see `FRAGMENT_SHAPES`).
 *
 * `runTemplate` first tries a plain search (as a backtracking engine would) on a budget of steps linear in the
 * line; almost every line settles there. Past the budget, `matchTemplate` takes over. It never undoes a choice: it
 * first marks, from the last element back, the positions from which the rest of the template can match, then walks
 * forward once. Its work is linear in the line's length whatever the template and the text (a few visits per
 * character per element), so no template can make a line slow.
 */

/** One character class with a count: `[^\r\n]{0,400}`. */
interface Atom {
  /** ASCII code → in the class (the class compiled with the `i` flag). */
  ascii: Uint8Array;
  /** The class as a one-character regular expression, for characters past ASCII. */
  re: RegExp;
  /** What `re` said of characters past ASCII already seen (bounded). */
  seen: Map<number, boolean>;
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

/** Each class compiled once, however many atoms use it. */
const CLASSES = new Map<string, Pick<Atom, "ascii" | "re" | "seen">>();

function atom(cls: string, min = 1, max = min): Atom {
  let k = CLASSES.get(cls);
  if (!k) {
    const re = new RegExp(`^${cls}$`, "i");
    const ascii = new Uint8Array(128);
    for (let c = 0; c < 128; c++) ascii[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
    CLASSES.set(cls, (k = { ascii, re, seen: new Map() }));
  }
  return { ascii: k.ascii, re: k.re, seen: k.seen, min, max };
}

/** Whether a character past ASCII is in an atom's class. */
function inClassPastAscii(a: Atom, c: number): boolean {
  let v = a.seen.get(c);
  if (v === undefined) {
    v = a.re.test(String.fromCharCode(c));
    if (a.seen.size < 4096) a.seen.set(c, v);
  }
  return v;
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
  kb: {
    alternatives: [
      [...chars("KB"), atom(D, 5, 7)],
      [...chars("Q"), atom(D, 5, 7)],
    ],
  },
  bulletin: { alternatives: [[...chars("MS"), atom(D, 2), ...chars("-"), atom(D, 3)]] },
  hresult: { alternatives: [[...chars("0x"), atom(HEX, 8)]] },
  hex: { alternatives: [[...chars("0x"), atom(HEX, 1, 8)]] },
  int: { alternatives: [[...chars("-"), atom(D, 1, 10)], [atom(D, 1, 10)]] },
  code: { alternatives: [[...chars("0x"), atom(HEX, 1, 8)], [...chars("-"), atom(D, 1, 10)], [atom(D, 1, 10)]] },
  guid: {
    alternatives: (() => {
      const core = [
        atom(HEX, 8),
        ...chars("-"),
        atom(HEX, 4),
        ...chars("-"),
        atom(HEX, 4),
        ...chars("-"),
        atom(HEX, 4),
        ...chars("-"),
        atom(HEX, 12),
      ];
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
            out.push([
              atom(D, 1, 3),
              ...chars(` ${h}, `),
              atom(D, 1, 2),
              ...chars(` ${m}, `),
              atom(D, 1, 2),
              ...chars(` ${s}`),
            ]);
      return out;
    })(),
  },
  user: { alternatives: [[atom(String.raw`[^\s,;]`, 1, 100)]] },
};

export const TEMPLATE_FRAGMENTS: Record<string, Fragment> = Object.fromEntries(
  Object.entries(FRAGMENT_SHAPES).map(([name, s]) => [
    name,
    {
      name,
      alternatives: s.alternatives,
      lazy: Boolean(s.lazy),
      maxLength: Math.max(...s.alternatives.map((a) => a.reduce((n, x) => n + x.max, 0))),
    },
  ]),
);

// The matcher takes every atom but an alternative's last as a whole run: that is exact only when the next atom
// cannot continue the run. Checked once, on every ASCII character (the classes differ only there).
for (const f of Object.values(TEMPLATE_FRAGMENTS)) {
  for (const alt of f.alternatives) {
    for (let i = 0; i + 1 < alt.length; i++) {
      if (alt[i].min === alt[i].max) continue;
      for (let c = 0; c < 128; c++)
        if (alt[i].ascii[c] && alt[i + 1].ascii[c])
          throw new Error(`fragment ${f.name}: atom ${i} and the next share ${JSON.stringify(String.fromCharCode(c))}`);
    }
  }
}

/** A literal word, canonicalized; a blank; or a placeholder (capturing into `group` when it has one). */
export type Element =
  | {
      t: "lit";
      chars: Uint16Array;
      /** Knuth–Morris–Pratt failure table of `chars`. */
      fail: Int32Array;
      /** The word in lower case when it is all ASCII (then found in a message's lower-case copy by `includes`). */
      ascii?: string;
    }
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
  const w = new Uint16Array(word.length);
  for (let i = 0; i < word.length; i++) w[i] = canon(word.charCodeAt(i));
  const fail = new Int32Array(w.length);
  for (let i = 1, k = 0; i < w.length; i++) {
    while (k > 0 && w[i] !== w[k]) k = fail[k - 1];
    if (w[i] === w[k]) k++;
    fail[i] = k;
  }
  const ascii = w.every((c) => c < 128) ? String.fromCharCode(...w).toLowerCase() : undefined;
  return { t: "lit", chars: w, fail, ascii };
}

export interface TemplateMatch {
  /** [start, end] of each capture group, by group number. */
  spans: Array<[number, number]>;
}

export interface MatchRun {
  match: TemplateMatch | undefined;
  /** Work done, in character visits: at most a small constant × (placeholder alternatives + elements) × length. */
  steps: number;
}

/** What one message gives every pattern tried on it: computed once, on first need. */
interface Subject {
  s: string;
  canon?: Uint16Array;
  /** For each position, where its run of white space ends (the position itself when it is not white space). */
  blankEnd?: Int32Array;
  /** Per atom, the run of characters in its class from each position (capped). */
  runs: Map<Atom, Uint16Array>;
  /** Per fragment, the runs of its alternatives' atoms. */
  fragRuns: Map<Fragment, Uint16Array[][]>;
}

let subject: Subject = { s: "", runs: new Map(), fragRuns: new Map() };
let scratch = new Uint8Array(1 << 12);
let sums = new Int32Array(1 << 12);

function subjectOf(s: string): Subject {
  if (subject.s !== s) subject = { s, runs: new Map(), fragRuns: new Map() };
  return subject;
}

function canonOf(sub: Subject): Uint16Array {
  if (!sub.canon) {
    const { s } = sub;
    const c = new Uint16Array(s.length);
    for (let i = 0; i < s.length; i++) c[i] = canon(s.charCodeAt(i));
    sub.canon = c;
  }
  return sub.canon;
}

function blankEndOf(sub: Subject): Int32Array {
  if (!sub.blankEnd) {
    const { s } = sub;
    const e = new Int32Array(s.length + 1);
    e[s.length] = s.length;
    for (let i = s.length - 1; i >= 0; i--)
      e[i] = isBlank(s.charCodeAt(i)) ? (i + 1 < s.length && e[i + 1] > i + 1 ? e[i + 1] : i + 1) : i;
    sub.blankEnd = e;
  }
  return sub.blankEnd;
}

function fragRunsOf(sub: Subject, f: Fragment): Uint16Array[][] {
  let r = sub.fragRuns.get(f);
  if (!r) sub.fragRuns.set(f, (r = f.alternatives.map((alt) => alt.map((a) => runOf(sub, a)))));
  return r;
}

function runOf(sub: Subject, a: Atom): Uint16Array {
  let r = sub.runs.get(a);
  if (!r) {
    const { s } = sub;
    r = new Uint16Array(s.length + 1);
    for (let i = s.length - 1; i >= 0; i--) {
      const c = s.charCodeAt(i);
      if (c < 128 ? a.ascii[c] : inClassPastAscii(a, c)) r[i] = r[i + 1] === 0xffff ? 0xffff : r[i + 1] + 1;
    }
    sub.runs.set(a, r);
  }
  return r;
}

/**
 * The ends an alternative reaches from `p`, given the runs of its atoms' classes: a range, since every atom but the
 * last must take its whole run (the next atom's class holds none of its characters: checked below). The range is
 * left in `lo`..`hi`.
 */
let lo = 0;
let hi = 0;
function altRange(alt: Atom[], runs: Uint16Array[], p: number): boolean {
  let q = p;
  for (let i = 0; i < alt.length; i++) {
    const a = alt[i];
    const r = Math.min(runs[i][q], a.max);
    if (r < a.min) return false;
    if (i === alt.length - 1) {
      lo = q + a.min;
      hi = q + r;
      return true;
    }
    q += r;
  }
  return false;
}

/** Where `w` occurs in `text` (Knuth–Morris–Pratt: linear whatever the two hold), as a 0/1 array by start. */
function occurrences(text: Uint16Array, w: Uint16Array, fail: Int32Array, out: Uint8Array, at: number): void {
  for (let i = 0, k = 0; i < text.length; i++) {
    while (k > 0 && text[i] !== w[k]) k = fail[k - 1];
    if (text[i] === w[k]) k++;
    if (k === w.length) {
      out[at + i - w.length + 1] = 1;
      k = fail[k - 1];
    }
  }
}

/**
 * Finds the template in `s`: the leftmost match, with the spans of its capture groups, as the backtracking regular
 * expression finds it. It first computes, from the last element back to the first, the positions from which the
 * rest of the template can still match; then it walks forward once from the leftmost such position, each
 * placeholder taking the first end (in its order of preference) from which the rest matches. No choice is ever
 * undone, so the work is linear in the line's length.
 */
export function runTemplate(elements: readonly Element[], groups: number, s: string, lower?: string): MatchRun {
  // Most lines settle in a few steps by plain search; a line that would take more goes to the linear matcher.
  const quick = quickSearch(elements, groups, s, lower, QUICK_STEPS + 2 * s.length);
  if (quick) return quick;
  const r = matchTemplate(elements, groups, s, lower);
  r.steps += QUICK_STEPS + 2 * s.length;
  // A long line leaves large work arrays behind: let them go rather than keep them for short lines.
  if (scratch.length > SCRATCH_KEPT) {
    scratch = new Uint8Array(1 << 12);
    sums = new Int32Array(1 << 12);
  }
  return r;
}

const SCRATCH_KEPT = 1 << 20;
const QUICK_STEPS = 256;

class OutOfSteps {}
const OUT_OF_STEPS = new OutOfSteps();

function inClass(a: Atom, s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c < 128 ? a.ascii[c] === 1 : inClassPastAscii(a, c);
}

/**
 * The plain search a backtracking engine does, on a budget of steps: the match (or that there is none) when it
 * settles within the budget, else undefined. Same order of choices as the linear matcher, so the same answer.
 */
function quickSearch(
  elements: readonly Element[],
  groups: number,
  s: string,
  lower: string | undefined,
  budget: number,
): MatchRun | undefined {
  const n = s.length;
  const m = elements.length;
  let steps = 0;
  const spans: Array<[number, number]> = new Array(groups);
  const step = (k: number): void => {
    steps += k;
    if (steps > budget) throw OUT_OF_STEPS;
  };
  // The ranges of ends each placeholder being tried can reach, as [lo, hi] pairs: a stack, one frame per placeholder.
  const ranges: number[] = [];
  const attempt = (k: number, p: number): boolean => {
    for (; k < m; k++) {
      const e = elements[k];
      if (e.t === "lit") {
        const w = e.chars;
        if (p + w.length > n) return false;
        step(w.length);
        for (let i = 0; i < w.length; i++) if (canon(s.charCodeAt(p + i)) !== w[i]) return false;
        p += w.length;
      } else if (e.t === "blank") {
        let i = p;
        while (i < n && isBlank(s.charCodeAt(i))) i++;
        step(i - p + 1);
        if (i === p || i === n) return false;
        p = i;
      } else {
        // The ends this placeholder can reach: one range per alternative that matches from here.
        const mark = ranges.length;
        for (const alt of e.frag.alternatives) {
          let q = p;
          for (let j = 0; j < alt.length; j++) {
            const a = alt[j];
            let r = 0;
            while (r < a.max && q + r < n && inClass(a, s, q + r)) r++;
            step(r + 1);
            if (r < a.min) break;
            if (j === alt.length - 1) ranges.push(q + a.min, q + r);
            q += r;
          }
        }
        // Every end in one of the ranges once, in the placeholder's order of preference (longest first; `text`,
        // lazy, shortest first).
        let first = Infinity;
        let last = -1;
        for (let x = mark; x < ranges.length; x += 2) {
          if (ranges[x] < first) first = ranges[x];
          if (ranges[x + 1] > last) last = ranges[x + 1];
        }
        const several = ranges.length - mark > 2;
        const lazy = e.frag.lazy;
        for (let end = lazy ? first : last; lazy ? end <= last : end >= first; end += lazy ? 1 : -1) {
          if (several) {
            let inside = false;
            for (let x = mark; x < ranges.length && !inside; x += 2) inside = ranges[x] <= end && end <= ranges[x + 1];
            if (!inside) continue;
          }
          step(1);
          if (attempt(k + 1, end)) {
            ranges.length = mark;
            if (e.group >= 0) spans[e.group] = [p, end];
            return true;
          }
        }
        ranges.length = mark;
        return false;
      }
    }
    return true;
  };
  try {
    const first = elements[0];
    const needle = first?.t === "lit" && lower !== undefined && lower.length === n ? first.ascii : undefined;
    for (let start = 0; start <= n; start++) {
      if (needle !== undefined) {
        const at = lower!.indexOf(needle, start);
        step(1);
        if (at < 0) break;
        start = at;
      } else step(1);
      if (attempt(0, start)) return { match: { spans }, steps };
    }
    return { match: undefined, steps };
  } catch (err) {
    if (err === OUT_OF_STEPS) return undefined;
    throw err;
  }
}

/** The linear matcher alone (`runTemplate` tries a plain search on a budget first). */
export function matchTemplate(elements: readonly Element[], groups: number, s: string, lower?: string): MatchRun {
  const n = s.length;
  const m = elements.length;
  let steps = 0;
  // A cheap refusal: a literal word does not occur at all (most lines that hold the keyword end here).
  // The words must occur in the template's order: each is looked for after the earliest place the one before it
  // can end.
  if (lower !== undefined && lower.length === n) {
    let from = 0;
    for (const e of elements) {
      if (e.t !== "lit") continue;
      if (e.ascii === undefined) break;
      steps += (n - from) / 64;
      const at = lower.indexOf(e.ascii, from);
      if (at < 0) return { match: undefined, steps };
      from = at + e.ascii.length;
    }
  }
  const sub = subjectOf(s);
  const stride = n + 1;
  if (scratch.length < (m + 1) * stride) scratch = new Uint8Array(Math.max((m + 1) * stride, scratch.length * 2));
  if (sums.length < (m + 1) * (stride + 1)) sums = new Int32Array(Math.max((m + 1) * (stride + 1), sums.length * 2));
  const B = scratch;
  // B[k * stride + p]: elements k.. match from p. The template may end anywhere.
  B.fill(1, m * stride, (m + 1) * stride);
  for (let k = m - 1; k >= 0; k--) {
    const e = elements[k];
    const row = k * stride;
    const next = row + stride;
    B.fill(0, row, next);
    let any = false;
    if (e.t === "lit") {
      const L = e.chars.length;
      occurrences(canonOf(sub), e.chars, e.fail, B, row);
      steps += n + L;
      for (let p = 0; p + L <= n; p++) {
        if (B[row + p] && !B[next + p + L]) B[row + p] = 0;
        any ||= B[row + p] === 1;
      }
    } else if (e.t === "blank") {
      const end = blankEndOf(sub);
      steps += n;
      for (let p = 0; p < n; p++) {
        const q = end[p];
        if (q > p && q < n && B[next + q]) {
          B[row + p] = 1;
          any = true;
        }
      }
    } else {
      // Prefix sums of the next row: whether a range of ends holds one the rest can match from.
      const base = k * (stride + 1);
      sums[base] = 0;
      for (let p = 0; p <= n; p++) sums[base + p + 1] = sums[base + p] + B[next + p];
      steps += n;
      const runs = fragRunsOf(sub, e.frag);
      for (let p = 0; p <= n; p++) {
        for (let j = 0; j < runs.length; j++) {
          const alt = e.frag.alternatives[j];
          steps += alt.length;
          if (altRange(alt, runs[j], p) && sums[base + hi + 1] - sums[base + lo] > 0) {
            B[row + p] = 1;
            any = true;
            break;
          }
        }
      }
    }
    if (!any) return { match: undefined, steps };
  }
  let p = B.indexOf(1, 0);
  if (p < 0 || p > n) return { match: undefined, steps };
  steps += p;
  const spans: Array<[number, number]> = new Array(groups);
  for (let k = 0; k < m; k++) {
    const e = elements[k];
    const next = (k + 1) * stride;
    if (e.t === "lit") p += e.chars.length;
    else if (e.t === "blank") p = blankEndOf(sub)[p];
    else {
      // Every end the placeholder can reach, in its order of preference; the first the rest matches from.
      let best = -1;
      const runs = fragRunsOf(sub, e.frag);
      for (let j = 0; j < runs.length; j++) {
        if (!altRange(e.frag.alternatives[j], runs[j], p)) continue;
        for (let end = lo, last = hi; end <= last; end++) {
          steps++;
          if (B[next + end] && (best < 0 || (e.frag.lazy ? end < best : end > best))) best = end;
        }
      }
      if (e.group >= 0) spans[e.group] = [p, best];
      p = best;
    }
  }
  return { match: { spans }, steps };
}
