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
  /** Per state × ASCII character (upper case read as lower case): the next state, failure links resolved. */
  private readonly next: Uint16Array;
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

  /** The number of states the automaton of these words needs at most. */
  static states(words: readonly string[]): number {
    return 1 + words.reduce((n, w) => n + w.length, 0);
  }

  /** `words`: lower-case, ASCII, each at least one character; a word's id is its place in the list. */
  constructor(readonly words: readonly string[]) {
    const size = WordScanner.states(words);
    // The trie: each state's first child and next sibling, and the character into it.
    const trie = new Int32Array(size * 128).fill(-1);
    const firstChild = new Int32Array(size).fill(-1);
    const sibling = new Int32Array(size).fill(-1);
    const into = new Int32Array(size);
    const word = new Int32Array(size).fill(-1);
    let states = 1;
    words.forEach((w, id) => {
      if (!w || !/^[\x00-\x7f]*$/.test(w) || w !== w.toLowerCase())
        throw new Error(`WordScanner: ${JSON.stringify(w)} is not a lower-case ASCII word`);
      let s = 0;
      for (let i = 0; i < w.length; i++) {
        const c = w.charCodeAt(i);
        if (trie[s * 128 + c] < 0) {
          const t = states++;
          trie[s * 128 + c] = t;
          into[t] = c;
          sibling[t] = firstChild[s];
          firstChild[s] = t;
        }
        s = trie[s * 128 + c];
      }
      if (word[s] >= 0) throw new Error(`WordScanner: ${JSON.stringify(w)} is listed twice`);
      word[s] = id;
    });
    // Breadth first, each state's row is its failure state's row (copied whole) with its own edges over it.
    const next = new Uint16Array(states * 128);
    const fail = new Int32Array(states);
    const link = new Int32Array(states).fill(-1);
    const queue = new Int32Array(states);
    let tail = 0;
    for (let t = firstChild[0]; t >= 0; t = sibling[t]) {
      next[into[t]] = t;
      queue[tail++] = t;
    }
    for (let head = 0; head < tail; head++) {
      const s = queue[head];
      const f = fail[s];
      link[s] = word[f] >= 0 ? f : link[f];
      next.copyWithin(s * 128, f * 128, f * 128 + 128);
      for (let t = firstChild[s]; t >= 0; t = sibling[t]) {
        fail[t] = next[f * 128 + into[t]];
        next[s * 128 + into[t]] = t;
        queue[tail++] = t;
      }
    }
    // Upper-case ASCII letters read as their lower case: the scan can take the message as written.
    for (let st = 0; st < states; st++) next.copyWithin(st * 128 + 65, st * 128 + 97, st * 128 + 123);
    this.next = next;
    this.word = word.subarray(0, states);
    this.link = link;
    this.out = new Int32Array(states);
    for (let st = 0; st < states; st++) this.out[st] = word[st] >= 0 ? st : link[st];
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
      for (let x = out[s]; x >= 0; x = link[x]) seen[word[x]] = gen;
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
