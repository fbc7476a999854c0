import type { EventFields, EventSignal, PatchEvent } from "../model/event.js";
import type { RecordTime } from "../model/record.js";

/**
 * Shrinks the events a timeline keeps for the rules. What an event holds is read from a decoded piece of its file:
 * its message, its component and its fields' values are pieces of that text (a piece keeps the whole of it alive),
 * and its times are built of several pieces joined. `EventCompactor.compact` gives the event strings of its own
 * (each one flat, and one byte a character when its characters allow), and shares what events repeat: the same
 * component, the same message (while messages repeat), the same time as the event before, the same signal. The
 * event's content is unchanged.
 */
export class EventCompactor {
  private readonly components = new Map<string, string>();
  private readonly messages = new Map<string, string>();
  private messageTries = 0;
  private messageHits = 0;
  private sharingMessages = true;
  private lastTime: RecordTime | undefined;
  private readonly signals = new Map<string, EventSignal>();

  compact<E extends PatchEvent>(ev: E): E {
    ev.message = this.message(ev.message);
    if (ev.component !== null) ev.component = shared(this.components, ev.component);
    ev.time = this.time(ev.time);
    if (ev.signal) ev.signal = this.signal(ev.signal);
    ownFields(ev.fields);
    return ev;
  }

  /** Messages repeat in most logs: one string for all the events that say the same; switched off when they do not. */
  private message(s: string): string {
    if (!this.sharingMessages || s.length > MAX_SHARED_CHARS) return ownString(s);
    this.messageTries++;
    const known = this.messages.get(s);
    if (known !== undefined) {
      this.messageHits++;
      return known;
    }
    if (this.messageTries >= 20_000 && this.messageHits < this.messageTries / 10) {
      this.sharingMessages = false;
      this.messages.clear();
      return ownString(s);
    }
    return shared(this.messages, s);
  }

  /** Records written in the same millisecond share one time object. */
  private time(t: RecordTime): RecordTime {
    const last = this.lastTime;
    if (last !== undefined && sameTime(last, t)) return last;
    if (Object.isFrozen(t)) return t;
    if (t.local !== null) t.local = ownString(t.local);
    if (t.utc !== null) t.utc = ownString(t.utc);
    if (t.zone !== undefined) t.zone = ownString(t.zone);
    this.lastTime = t;
    return t;
  }

  /** Signals take a few shapes: one frozen object per shape. */
  private signal(s: EventSignal): EventSignal {
    const key = `${s.level}:${s.basis.join(",")}`;
    let one = this.signals.get(key);
    if (one === undefined) this.signals.set(key, (one = Object.freeze({ level: s.level, basis: Object.freeze([...s.basis]) as EventSignal["basis"] })));
    return one;
  }
}

const MAX_SHARED = 8192;
const MAX_SHARED_CHARS = 1024;

/** The one copy of `s` kept in `map` (bounded: cleared when full). */
function shared(map: Map<string, string>, s: string): string {
  const known = map.get(s);
  if (known !== undefined) return known;
  if (map.size >= MAX_SHARED) map.clear();
  const own = ownString(s);
  map.set(own, own);
  return own;
}

function sameTime(a: RecordTime, b: RecordTime): boolean {
  if (a === b) return true;
  if (a.local !== b.local || a.utc !== b.utc || a.provenance !== b.provenance || a.bias !== b.bias || a.zone !== b.zone) return false;
  if (a.dstAmbiguous !== b.dstAmbiguous || a.altBias !== b.altBias || a.lowConfidence !== b.lowConfidence) return false;
  // Same values, and the same keys in the same order, so that both serialize alike.
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/** An event's fields own their strings (the object is the event's own, unless it is the shared empty one). */
function ownFields(f: EventFields): void {
  if (Object.isFrozen(f)) return;
  for (const k in f) {
    const v = f[k];
    if (typeof v === "string") f[k] = ownString(v);
  }
}

/** A string shorter than this is copied when cut from a longer one, so it holds no other text alive. */
const SHORT = 13;
const SURROGATE = /[\ud800-\udfff]/;
const scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * A flat copy of `s` that holds no other string alive: one byte a character when every character fits in one (a
 * piece of a text holding any wider character is two bytes a character, as that text is). Text with surrogates is
 * copied as UTF-16, keeping a lone surrogate as it is.
 */
export function ownString(s: string): string {
  if (s.length < SHORT) return s;
  if (SURROGATE.test(s)) return Buffer.from(s, "utf16le").toString("utf16le");
  // Through one reused buffer: when at least a character's worth of room is left, all of `s` was written.
  const n = scratch.write(s, 0, "utf8");
  return n <= scratch.length - 4 ? scratch.toString("utf8", 0, n) : Buffer.from(s, "utf8").toString("utf8");
}
