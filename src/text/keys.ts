/**
 * Update keys (KB890830, Q312345, MS06-040) in natural order: KB890830 before KB5000000. The order is that of
 * `Intl.Collator("en", { numeric: true })`; the usual keys are compared here directly, because making a collator
 * loads ICU's collation data, a tenth of a short run. Any other pair goes to the collator, made on first need.
 */

let collator: Intl.Collator | undefined;

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** The length of the run of capital letters `s` starts with. */
function lettersAt(s: string): number {
  let p = 0;
  while (p < s.length && s.charCodeAt(p) >= 65 && s.charCodeAt(p) <= 90) p++;
  return p;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * What follows the letters (`p` of them, at least one): NUMBERED, letters then a number without leading zeros and
 * at most 15 digits (KB890830, Q312345); BULLETIN, two digits, a dash and three digits (MS06-040); else NEITHER.
 */
function kindOf(s: string, p: number): number {
  const n = s.length - p;
  if (p === 0 || n === 0) return NEITHER;
  if (n === 6 && s.charCodeAt(p + 2) === 45) {
    const digits =
      isDigit(s.charCodeAt(p)) &&
      isDigit(s.charCodeAt(p + 1)) &&
      isDigit(s.charCodeAt(p + 3)) &&
      isDigit(s.charCodeAt(p + 4)) &&
      isDigit(s.charCodeAt(p + 5));
    return digits ? BULLETIN : NEITHER;
  }
  if (n > 15 || s.charCodeAt(p) === 48) return NEITHER;
  for (let k = p; k < s.length; k++) if (!isDigit(s.charCodeAt(k))) return NEITHER;
  return NUMBERED;
}

const NEITHER = 0;
const NUMBERED = 1;
const BULLETIN = 2;

/** The value of the digits of `s` from `p` on (at most 15: exact as a number). */
function numberAt(s: string, p: number): number {
  let v = 0;
  for (let k = p; k < s.length; k++) v = v * 10 + (s.charCodeAt(k) - 48);
  return v;
}

export function compareKeys(a: string, b: string): number {
  // Read in place, without regular expressions: a sort of thousands of update chains compares keys ten times as often.
  const pa = lettersAt(a);
  const pb = lettersAt(b);
  const ka = kindOf(a, pa);
  const kb = kindOf(b, pb);
  if (ka !== NEITHER && kb !== NEITHER) {
    if (pa !== pb || a.slice(0, pa) !== b.slice(0, pb)) {
      // The first letter that differs decides; when one run of letters is the start of the other, the shorter
      // is followed by a digit, and digits come before letters.
      for (let i = 0; i < pa && i < pb; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
      return pa < pb ? -1 : 1;
    }
    // Numbers without leading zeros by value; a bulletin's fixed-width digits as written.
    if (ka === NUMBERED && kb === NUMBERED) return sign(numberAt(a, pa) - numberAt(b, pb));
    if (ka === BULLETIN && kb === BULLETIN) {
      const da = a.slice(pa);
      const db = b.slice(pb);
      return da < db ? -1 : da > db ? 1 : 0;
    }
  }
  collator ??= new Intl.Collator("en", { numeric: true });
  return collator.compare(a, b);
}
