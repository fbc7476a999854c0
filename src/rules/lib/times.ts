import type { PatchEvent } from "../../model/event.js";
import { timeOf } from "../context.js";
import { eventUtc } from "../../events/stored.js";

/** The times of a timeline's lines, read once: rules and the engine compare them for every line. */
export interface Times {
  /** Each line's time in ms (`timeOf`), by seq; NaN for a line without one. */
  at: Float64Array;
  /** The newest line time (UTC when known, else local read as UTC). */
  newest?: number;
  /** The newest UTC time of the lines that have one. */
  newestUtc?: number;
}

const cache = new WeakMap<readonly PatchEvent[], Times>();

/** The times of these events (a timeline's, in seq order), worked out once. */
export function timesOf(events: readonly PatchEvent[]): Times {
  let times = cache.get(events);
  if (times) return times;
  const at = new Float64Array(events.length);
  let newest: number | undefined;
  let newestUtc: number | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const t = timeOf(e);
    at[i] = t ?? NaN;
    if (t !== undefined && (newest === undefined || t > newest)) newest = t;
    // From the time's columns: reading `e.time` would make the time object again for every line.
    const utc = eventUtc(e);
    if (utc !== undefined) newestUtc = Math.max(newestUtc ?? -Infinity, utc);
  }
  cache.set(events, (times = { at, newest, newestUtc }));
  return times;
}

/** A line's time in ms from `timesOf`, or undefined. */
export function timeAt(times: Times, seq: number): number | undefined {
  const t = times.at[seq];
  return Number.isNaN(t) ? undefined : t;
}
