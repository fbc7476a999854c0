import type { PatchEvent } from "../../model/event.js";
import { timeOf } from "../context.js";
import { eventUtc } from "../../events/stored.js";

/** The newest times of a timeline's lines, read once (the engine and the rules ask for them). */
export interface Times {
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
  let newest: number | undefined;
  let newestUtc: number | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const t = timeOf(e);
    if (t !== undefined && (newest === undefined || t > newest)) newest = t;
    // From the time's columns: reading `e.time` would make the time object again for every line.
    const utc = eventUtc(e);
    if (utc !== undefined) newestUtc = Math.max(newestUtc ?? -Infinity, utc);
  }
  cache.set(events, (times = { newest, newestUtc }));
  return times;
}
