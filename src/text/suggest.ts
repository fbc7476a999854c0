/** Edit distance (insertions, deletions, substitutions, and swaps of neighbours), case-insensitive. */
export function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The choice nearest to `value` when it is near enough to be a likely typo (a prefix counts too), else undefined. */
export function closest(value: string, choices: readonly string[]): string | undefined {
  if (value.length > 64) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of choices) {
    const dist = distance(value, c);
    if (dist < bestD) {
      best = c;
      bestD = dist;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.min(3, Math.floor(best.length / 3)));
  if (bestD <= limit) return best;
  const prefix = choices.filter((c) => value.length >= 3 && c.toLowerCase().startsWith(value.toLowerCase()));
  return prefix.length === 1 ? prefix[0] : undefined;
}
