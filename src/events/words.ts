/**
 * Which of a set of words occur in a message, ASCII letters compared without case: one pass over the message (an
 * Aho–Corasick automaton over the words' ASCII characters) instead of a search per word. Classification asks it
 * which message patterns, code extractors and signal words can apply to a message before running them; each of
 * those needs one of its words.
 *
 * Why a word's absence settles it: the patterns and expressions compare case-insensitively as a regular expression
 * without the `u` flag does, where an ASCII character matches only an ASCII character (`K`, the Kelvin sign, does
 * not match `k`). Characters of the message that match a word are therefore ASCII, side by side and in the word's
 * order: the scan, which reads a character past ASCII as matching nothing, finds the word there. The same holds of
 * the message's lower-case copy (a character whose lower case is longer, `İ`, only moves them), where the order
 * of a pattern's words is checked.
 */
export class WordScanner {
  /** Per state × ASCII character: the next state (failure links resolved). */
  private readonly next: Int32Array;
  /** Per state: the first state along its failure links (itself included) that completes a word, or -1. */
  private readonly out: Int32Array;
  /** Per state that completes a word: the word's id; per state: the next state completing a word along the links. */
  private readonly word: Int32Array;
  private readonly link: Int32Array;
  /** Per word: the scan it was last found in. */
  private readonly seen: Int32Array;
  private generation = 0;

  /** More states than this (about 4 MB of table) are not built. */
  static readonly MAX_STATES = 8192;

  /** The number of states the automaton of these words needs. */
  static states(words: readonly string[]): number {
    return 1 + words.reduce((n, w) => n + w.length, 0);
  }

  /** `words`: lower-case, ASCII, each at least one character; a word's id is its place in the list. */
  constructor(readonly words: readonly string[]) {
    const goto: number[][] = [[]];
    const word: number[] = [-1];
    words.forEach((w, id) => {
      if (!w || !/^[\x00-\x7f]*$/.test(w) || w !== w.toLowerCase()) throw new Error(`WordScanner: ${JSON.stringify(w)} is not a lower-case ASCII word`);
      let s = 0;
      for (let i = 0; i < w.length; i++) {
        const c = w.charCodeAt(i);
        if (goto[s][c] === undefined) {
          goto[s][c] = goto.length;
          goto.push([]);
          word.push(-1);
        }
        s = goto[s][c];
      }
      if (word[s] >= 0) throw new Error(`WordScanner: ${JSON.stringify(w)} is listed twice`);
      word[s] = id;
    });
    const n = goto.length;
    const next = new Int32Array(n * 128);
    const fail = new Int32Array(n);
    this.word = Int32Array.from(word);
    this.link = new Int32Array(n).fill(-1);
    // Breadth first: a state's failure link is known before its children's.
    const queue: number[] = [];
    for (let c = 0; c < 128; c++) {
      const t = goto[0][c];
      if (t !== undefined) {
        next[c] = t;
        queue.push(t);
      }
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q];
      const f = fail[s];
      this.link[s] = this.word[f] >= 0 ? f : this.link[f];
      for (let c = 0; c < 128; c++) {
        const t = goto[s][c];
        if (t === undefined) next[s * 128 + c] = next[f * 128 + c];
        else {
          next[s * 128 + c] = t;
          fail[t] = next[f * 128 + c];
          queue.push(t);
        }
      }
    }
    // Upper-case ASCII letters read as their lower case: the scan can take the message as written.
    for (let st = 0; st < n; st++) for (let c = 65; c <= 90; c++) next[st * 128 + c] = next[st * 128 + c + 32];
    this.next = next;
    this.out = new Int32Array(n);
    for (let s = 0; s < n; s++) this.out[s] = this.word[s] >= 0 ? s : this.link[s];
    this.seen = new Int32Array(words.length);
  }

  /**
   * Finds the words that occur in `text`, a message as written or in lower case (ASCII letters compare without
   * case; a character past ASCII matches none of a word's); `has` then answers for it.
   */
  scan(text: string): void {
    const gen = ++this.generation;
    const { next, out, word, link, seen } = this;
    let s = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const ch = text.charCodeAt(i);
      s = ch < 128 ? next[(s << 7) | ch] : 0;
      for (let t = out[s]; t >= 0; t = link[t]) seen[word[t]] = gen;
    }
  }

  /** Whether word `id` occurs in the text last scanned. */
  has(id: number): boolean {
    return this.seen[id] === this.generation;
  }
}

/**
 * Words the code extractors and the signal words need (`codes.ts`, `signals.ts`): each extractor or word list runs
 * only when one of its words occurs. Every scanner classification uses starts with these, so their ids are their
 * places here.
 */
export const HINT_WORDS = [
  // code extractors
  "0x",
  "(#0x",
  "exit",
  "return",
  "result",
  "error",
  "returned",
  "win32",
  "http",
  "msi",
  // failure words
  "fail",
  "fatal",
  "exception",
  "cannot",
  "can not",
  "could",
  "unable",
  "abort",
  // warning words
  "warning",
  "time",
  "retry",
  "skipped",
  "truncat",
] as const;

export type HintWord = (typeof HINT_WORDS)[number];

export function hintId(word: HintWord): number {
  return HINT_WORDS.indexOf(word);
}

/** What a scan of a message found, for the code extractors and signal words; without one they search the lower-case copy. */
export interface Hints {
  has(id: number): boolean;
}

/** A scanner of the hint words alone (messages of logs with no patterns, or too many patterns to index). */
let hintsOnly: WordScanner | undefined;
export function hintScanner(): WordScanner {
  return (hintsOnly ??= new WordScanner(HINT_WORDS));
}
