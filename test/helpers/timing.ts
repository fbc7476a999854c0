/**
 * Wall-clock bounds. `npm test` must give the same answer on an idle machine and on a loaded one, so a test never
 * fails on how long something took: the bounds below are checked only when `PATCHFLOW_TIMING_CHECKS=1` is set
 * (as `npm run test:timing` does, on a quiet machine). Without it, each such test still runs its hostile input to
 * the end and checks the result; the runner's time-out remains the guard against a hang.
 */
export const TIMING_CHECKS = process.env.PATCHFLOW_TIMING_CHECKS === "1";

/** Fails, when timing checks are on, if `ms` exceeds `bound`; otherwise does nothing. */
export function withinBound(ms: number, bound: number, what: string): void {
  if (TIMING_CHECKS && ms > bound) throw new Error(`${what}: took ${ms.toFixed(0)} ms, bound ${bound} ms`);
}
