/**
 * Update keys (KB890830, Q312345, MS06-040) in natural order: KB890830 before KB5000000. The order is that of
 * `Intl.Collator("en", { numeric: true })`; the usual keys are compared here directly, because making a collator
 * loads ICU's collation data, a tenth of a short run. Any other pair goes to the collator, made on first need.
 */

/** Letters, then a number without leading zeros (KB890830, Q312345). */
const NUMBERED = /^([A-Z]+)([1-9][0-9]{0,14})$/;
/** A bulletin: letters, two digits, a dash, three digits (MS06-040). */
const BULLETIN = /^([A-Z]+)([0-9]{2}-[0-9]{3})$/;

let collator: Intl.Collator | undefined;

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

export function compareKeys(a: string, b: string): number {
  const ma = NUMBERED.exec(a) ?? BULLETIN.exec(a);
  const mb = NUMBERED.exec(b) ?? BULLETIN.exec(b);
  if (ma && mb) {
    const [pa, pb] = [ma[1], mb[1]];
    if (pa !== pb) {
      // The first letter that differs decides; when one run of letters is the start of the other, the shorter
      // is followed by a digit, and digits come before letters.
      for (let i = 0; i < pa.length && i < pb.length; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
      return pa.length < pb.length ? -1 : 1;
    }
    const [na, nb] = [NUMBERED.test(a), NUMBERED.test(b)];
    // Numbers without leading zeros by value; a bulletin's fixed-width digits as written.
    if (na && nb) return sign(Number(ma[2]) - Number(mb[2]));
    if (!na && !nb) return ma[2] < mb[2] ? -1 : ma[2] > mb[2] ? 1 : 0;
  }
  collator ??= new Intl.Collator("en", { numeric: true });
  return collator.compare(a, b);
}
