/**
 * Strings that a long-lived result keeps (findings, update chains), stored compactly.
 *
 * V8 holds a string made by `+` or a template literal as a tree of its parts, a 32-byte node per join, until the
 * string is read as a whole; a string cut from a longer one (`slice`, a regular expression's match) holds on to the
 * whole of the longer one. A report of tens of thousands of findings keeps hundreds of thousands of such strings, so
 * what it keeps is made flat here once, while it is young, rather than when a report reads it (by then in the old
 * generation, where the flat copy is made there and the tree stays until a full collection).
 */
export class KeptStrings {
  /** Identical texts kept once (remedies, code explanations, outcomes repeat across findings). */
  private readonly pool = new Map<string, string>();
  /** Characters read to make strings flat; never used, but a read whose result goes nowhere may be optimized away. */
  private seen = 0;

  /** `s` made flat in place: the parts of a concatenation become garbage (cheap; the string is not copied). */
  flat(s: string): string;
  flat(s: string | null): string | null;
  flat(s: string | null): string | null {
    if (s !== null && s.length > 1) this.seen ^= s.charCodeAt(0);
    return s;
  }

  /**
   * `s` as a string of its own, flat and holding no longer text it was cut from (a log line's message is a piece of
   * the text the log was read in), shared with every identical text kept before.
   */
  own(s: string): string {
    const known = this.pool.get(s);
    if (known !== undefined) return known;
    const copy = copyOf(s);
    this.pool.set(copy, copy);
    return copy;
  }

  /** `own` for texts that seldom repeat (log lines): flat and independent, without the look-up. */
  copy(s: string): string {
    return copyOf(s);
  }
}

/** A new flat string equal to `s`, character for character (lone surrogates included). */
function copyOf(s: string): string {
  // Short strings are copied by `slice` itself (V8 makes a slice only from 13 characters up).
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
