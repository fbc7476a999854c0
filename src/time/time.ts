import type { ParsedTime } from "../model/frame.js";
import type { RecordTime, AssumedZone } from "../model/record.js";
import { ianaOffset, parseOffset, windowsZone } from "./zones.js";
import { UsageError } from "../model/errors.js";

/** Biases beyond these are not real zones (UTC-12 .. UTC+14). */
const MIN_BIAS = -14 * 60;
const MAX_BIAS = 12 * 60;

/** A wall-clock time as a log wrote it (`2006-08-10T16:03:05.123`) read as if it were UTC, in ms; NaN when unreadable. */
export function localAsUtc(local: string): number {
  return Date.parse(`${local.slice(0, 23)}Z`);
}

/**
 * A record time as one number, for ordering and spans on one machine: the UTC instant when known, else the local
 * time read as UTC (comparable with the same machine's other local times only); undefined when there is none.
 */
export function instantOf(t: { utc: string | null; local: string | null }): number | undefined {
  const ms = t.utc ? Date.parse(t.utc) : t.local ? localAsUtc(t.local) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidLocal(t: ParsedTime): boolean {
  return (
    t.year >= 1900 &&
    t.year <= 9999 &&
    t.month >= 1 &&
    t.month <= 12 &&
    t.day >= 1 &&
    t.day <= daysInMonth(t.year, t.month) &&
    t.hour >= 0 &&
    t.hour <= 23 &&
    t.minute >= 0 &&
    t.minute <= 59 &&
    t.second >= 0 &&
    t.second <= 59
  );
}

function two(n: number): string {
  return n < 10 && n >= 0 ? `0${n}` : String(n);
}

export function formatLocal(t: ParsedTime): string {
  const base = `${t.year >= 1000 ? t.year : pad(t.year, 4)}-${two(t.month)}-${two(t.day)}T${two(t.hour)}:${two(t.minute)}:${two(t.second)}`;
  return t.fraction ? `${base}.${t.fraction}` : base;
}

/** The local time as if it were UTC, in milliseconds (fraction truncated to milliseconds). */
function localAsUtcMs(t: ParsedTime): number {
  const ms = t.fraction ? Number((t.fraction + "00").slice(0, 3)) : 0;
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, ms);
}

/**
 * Turns a parsed local time into a record time. UTC = local + bias (Windows convention). The flags it adds
 * say why a time has no UTC: `time-invalid` (impossible date or clock), `bias-out-of-range`.
 */
/**
 * Logs write many records a minute with the same bias, so the date arithmetic of a minute is done once: the cache
 * maps "local minute + bias" to the UTC minute's ISO prefix (a Date and toISOString per record cost more than the
 * whole parse of the record).
 */
const minuteCache = new Map<string, string>();

function fastBiasTime(t: ParsedTime, bias: number): RecordTime | undefined {
  if (t.second < 0 || t.second > 59 || t.year < 1900 || t.year > 9999) return undefined;
  const key = `${t.year}-${t.month}-${t.day}-${t.hour}-${t.minute}/${bias}`;
  let prefix = minuteCache.get(key);
  if (prefix === undefined) {
    if (!isValidLocal({ ...t, second: 0 })) return undefined;
    prefix = new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) + bias * 60_000)
      .toISOString()
      .slice(0, 17);
    if (minuteCache.size > 50_000) minuteCache.clear();
    minuteCache.set(key, prefix);
  }
  const ms = t.fraction ? (t.fraction + "00").slice(0, 3) : "000";
  return {
    local: formatLocal(t),
    utc: `${prefix}${t.second < 10 ? "0" : ""}${t.second}.${ms}Z`,
    provenance: "bias",
    bias,
    ...(t.lowConfidence ? { lowConfidence: true } : {}),
  };
}

/** The time of every record that has none: one shared, frozen object (a log of short untimed lines has millions). */
const NO_TIME: RecordTime = Object.freeze({ local: null, utc: null, provenance: "none" });

export function resolveTime(t: ParsedTime | null, assume: AssumedZone | undefined, flags: string[]): RecordTime {
  if (!t) return NO_TIME;
  if (typeof t.bias === "number" && t.bias >= MIN_BIAS && t.bias <= MAX_BIAS) {
    const fast = fastBiasTime(t, t.bias);
    if (fast) return fast;
  }
  const local = formatLocal(t);
  const lowConfidence = t.lowConfidence ? { lowConfidence: true } : {};
  if (!isValidLocal(t)) {
    flags.push("time-invalid");
    return { local, utc: null, provenance: "none", ...lowConfidence };
  }
  const base = localAsUtcMs(t);
  if (typeof t.bias === "number") {
    if (t.bias < MIN_BIAS || t.bias > MAX_BIAS) {
      flags.push("bias-out-of-range");
    } else {
      return { local, utc: iso(base + t.bias * 60_000), provenance: "bias", bias: t.bias, ...lowConfidence };
    }
  }
  if (t.zoneName) {
    const zone = windowsZone(t.zoneName);
    if (zone) {
      const out: RecordTime = {
        local,
        utc: iso(base + zone.bias * 60_000),
        provenance: "zone-name",
        bias: zone.bias,
        zone: t.zoneName,
        ...lowConfidence,
      };
      if (zone.altBias !== undefined) {
        out.dstAmbiguous = true;
        out.altBias = zone.altBias;
      }
      return out;
    }
    flags.push("zone-name-unknown");
  }
  if (assume) {
    const bias = assume.biasAt(base);
    return { local, utc: iso(base + bias * 60_000), provenance: "assumed", bias, zone: assume.label, ...lowConfidence };
  }
  return { local, utc: null, provenance: "none", ...lowConfidence };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Reads a `--assume-tz` value: `UTC`, an ISO offset (`+02:00`, `-0500`: local = UTC + offset, so the bias is its
 * negation), a Windows zone name (`Pacific Standard Time`), or an IANA zone (`America/Los_Angeles`, daylight
 * saving applied for each date).
 */
export function parseAssumedZone(value: string): AssumedZone {
  const v = value.trim();
  if (/^(utc|gmt|z)$/i.test(v)) return fixed("UTC", 0);
  const off = parseOffset(v);
  if (off) {
    const offset = off.offset;
    if (-offset < MIN_BIAS || -offset > MAX_BIAS)
      throw new UsageError(`--assume-tz ${value}: offset out of range (UTC-12:00 .. UTC+14:00)`);
    return fixed(v, -offset);
  }
  const win = windowsZone(v);
  if (win) return fixed(win.name, win.bias);
  const offsetAt = ianaOffset(v);
  if (!offsetAt) {
    throw new UsageError(
      `--assume-tz ${value}: not a zone patchflow knows. Give UTC, an offset such as +01:00, a Windows zone name such as "Pacific Standard Time", or an IANA name such as Europe/Berlin.`,
    );
  }
  const cache = new Map<number, number>();
  return {
    label: v,
    biasAt(localMs: number): number {
      const hour = Math.floor(localMs / 3_600_000);
      let bias = cache.get(hour);
      if (bias === undefined) {
        // local = utc + offset; one refinement settles it except inside the hour skipped or repeated at a change.
        let offset = offsetAt(localMs);
        offset = offsetAt(localMs - offset * 60_000);
        bias = -offset;
        if (cache.size > 100_000) cache.clear();
        cache.set(hour, bias);
      }
      return bias;
    },
  };
}

function fixed(label: string, bias: number): AssumedZone {
  return { label, biasAt: () => bias };
}
