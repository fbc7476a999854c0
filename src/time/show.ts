import { UsageError } from "../model/errors.js";
import { localAsUtc } from "./time.js";
import { ianaOffset, parseOffset } from "./zones.js";

/**
 * How times are shown to people (tables, Markdown, messages, HTML): one convention for a whole report.
 *
 * - `local`: the wall-clock time the log wrote, with its offset from UTC: `2006-08-10 16:03 -07:00` (as CMTrace
 *   shows the log, with the offset said).
 * - `utc`: UTC with `Z`: `2006-08-10 23:03Z`.
 * - a zone (`Europe/Berlin`, `+02:00`): the instant in that zone with its offset.
 *
 * A time whose zone is unknown (the log wrote none and no `--assume-tz` was given) is shown as the log wrote it,
 * marked `(zone unknown)`, under every convention: it cannot be converted.
 */
export interface TimeConvention {
  /** `local`, `utc`, or the zone as given. */
  label: string;
  kind: "local" | "utc" | "zone";
  /** For `zone`: the zone's offset from UTC in minutes (local = UTC + offset) at an instant. */
  offsetAt?: (utcMs: number) => number;
}

export const LOCAL: TimeConvention = { label: "local", kind: "local" };
export const UTC: TimeConvention = { label: "utc", kind: "utc" };

/** Reads a `--tz` value: `local`, `utc` (or `Z`, `UTC`), an offset (`+02:00`), or an IANA zone (`Europe/Berlin`). */
export function parseTimeConvention(value: string | undefined): TimeConvention {
  const v = (value ?? "local").trim();
  if (/^local$/i.test(v)) return LOCAL;
  if (/^(utc|z|gmt)$/i.test(v)) return UTC;
  const off = parseOffset(v);
  if (off) {
    if (Math.abs(off.offset) > 14 * 60 || off.minutes > 59)
      throw new UsageError(`--tz ${value}: offset out of range (-12:00 .. +14:00)`);
    return { label: v, kind: "zone", offsetAt: () => off.offset };
  }
  const offsetAt = ianaOffset(v);
  if (!offsetAt)
    throw new UsageError(
      `--tz ${value}: choose local, utc, an offset such as +02:00, or an IANA zone such as Europe/Berlin`,
    );
  return { label: v, kind: "zone", offsetAt };
}

export type Precision = "minute" | "second";

/** `+02:00`, `-07:00`, `+05:45` for an offset in minutes (local = UTC + offset). */
export function offsetText(offset: number): string {
  const sign = offset < 0 ? "-" : "+";
  const a = Math.abs(offset);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

function clock(isoLike: string, precision: Precision): string {
  // `2006-08-10T16:03:05.123` → `2006-08-10 16:03` or `2006-08-10 16:03:05`.
  return isoLike.replace("T", " ").slice(0, precision === "minute" ? 16 : 19);
}

/**
 * A time as the convention shows it. `utc` is the ISO instant (`...Z`) or null; `local` the wall-clock time the log
 * wrote (no zone) or null.
 */
export function showTime(
  utc: string | null | undefined,
  local: string | null | undefined,
  conv: TimeConvention = LOCAL,
  precision: Precision = "minute",
): string {
  if (utc) {
    const ms = Date.parse(utc);
    if (Number.isNaN(ms)) return utc;
    if (conv.kind === "utc") return `${clock(new Date(ms).toISOString(), precision)}Z`;
    if (conv.kind === "zone") {
      const offset = conv.offsetAt!(ms);
      return `${clock(new Date(ms + offset * 60_000).toISOString(), precision)} ${offsetText(offset)}`;
    }
    if (local) {
      const lms = localAsUtc(local);
      if (!Number.isNaN(lms)) return `${clock(local, precision)} ${offsetText(Math.round((lms - ms) / 60_000))}`;
    }
    // No local time known: UTC is what there is, said as such.
    return `${clock(new Date(ms).toISOString(), precision)}Z`;
  }
  if (local) return `${clock(local, precision)} (zone unknown)`;
  return "(no time)";
}

/** The date alone under the convention: `2006-08-10`. */
export function showDay(
  utc: string | null | undefined,
  local: string | null | undefined,
  conv: TimeConvention = LOCAL,
): string {
  const t = showTime(utc, local, conv, "minute");
  return /^\d{4}-\d\d-\d\d/.test(t) ? t.slice(0, 10) : t;
}

/**
 * A time in the update chains, to the minute: under `local`, the wall-clock time the log wrote, without its offset
 * (`2006-08-10 16:02`; the UTC time when the log wrote no local one); under `utc` or a zone, as `showTime` words it
 * (`2006-08-10 23:02Z`). `short` leaves the year out (`08-10 16:02`), and marks a UTC time shown under `local` `Z`.
 */
export function showWallTime(
  utc: string | null | undefined,
  local: string | null | undefined,
  conv: TimeConvention = LOCAL,
  form: "full" | "short" = "full",
): string {
  if (conv.kind === "local") {
    if (form === "short") {
      if (local) return clock(local, "minute").slice(5);
      if (utc) return `${clock(utc, "minute").slice(5)}Z`;
      return "(no time)";
    }
    const t = local ?? utc;
    return t ? clock(t, "minute") : "(no time)";
  }
  const t = showTime(utc, local, conv, "minute");
  return form === "short" && /^\d{4}-\d\d-\d\d /.test(t) ? t.slice(5) : t;
}

/** A duration in words, rounded for a sentence: `50 minutes`, `3 hours`, `2 days`. */
export function showDuration(ms: number): string {
  const min = Math.round(Math.abs(ms) / 60_000);
  if (min < 1) return "less than a minute";
  if (min < 90) return `${min} minute${min === 1 ? "" : "s"}`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} hours`;
  return `${Math.round(h / 24)} days`;
}

/** A duration to the second, for timings within a run: `1 h 0 min 1 s`, `42 s`, `2 d 3 h`. */
export function showElapsed(ms: number): string {
  let s = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d) return h ? `${d} d ${h} h` : `${d} d`;
  if (h) return `${h} h ${m} min ${s} s`;
  if (m) return `${m} min ${s} s`;
  return `${s} s`;
}

/** An interval in days, in words: `7 days`, `1 day`, `6 hours`. */
export function showDays(days: number): string {
  if (days >= 1) {
    const n = Math.round(days * 10) / 10;
    return `${n} day${n === 1 ? "" : "s"}`;
  }
  const h = Math.round(days * 240) / 10;
  return `${h} hour${h === 1 ? "" : "s"}`;
}
