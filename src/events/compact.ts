import type { EventSignal, PatchEvent, SignalBasis } from "../model/event.js";
import { TimeTable, type StoredEvent } from "./stored.js";
import { defaultMessageKeeping, type MessageKeeping } from "./spill.js";
import { HeapPacer } from "../runtime/heap.js";

/**
 * Shrinks the events a timeline keeps for the rules. What an event holds is read from a decoded piece of its file:
 * its message, its component and its fields' values are pieces of that text (a piece keeps the whole of it alive,
 * at two bytes a character when any character of it needs more than one). `compact` turns a draft into a
 * `StoredEvent` (its time in the compactor's `TimeTable`), shares what events repeat (the same component, the same
 * message while messages repeat, the same signal) and gives the event's other strings text of their own:
 * they are copied in batches, each batch one flat string of one byte a character that holds only what its
 * events keep. Messages are kept in memory up to a budget of characters (`MessageKeeping`); past it, those not
 * shared go to the table's spill file instead. `finish` (or `flush`, which copies the last batch) must be called
 * before the events are read. The events' content is unchanged.
 */
export class EventCompactor {
  private readonly components = new Map<string, string>();
  /** A message shared by the events that say it, or the index of its text in the batch waiting to be copied. */
  private readonly messages = new Map<string, string | number>();
  private messageTries = 0;
  private messageHits = 0;
  private sharingMessages = true;
  private readonly times = new TimeTable();
  private readonly pacer = new HeapPacer();
  private readonly keeping: MessageKeeping;
  /** Characters of message text kept in memory (shared messages once). */
  private keptChars = 0;
  private lastFields: object | undefined;
  private readonly signals = new Map<number, EventSignal>();
  /** The batch: texts to copy, and where each copy goes (object, key, text). */
  private texts: string[] = [];
  private chars = 0;
  private targets: object[] = [];
  private keys: string[] = [];
  private textOf: number[] = [];
  /** Texts of the batch that are messages to share once copied. */
  private sharedMessages: number[] = [];

  constructor(keeping: MessageKeeping = defaultMessageKeeping()) {
    this.keeping = keeping;
  }

  compact(draft: PatchEvent): StoredEvent {
    if (draft.component !== null) draft.component = shared(this.components, draft.component);
    if (draft.signal) draft.signal = this.signal(draft.signal);
    const ev = this.times.store(draft);
    this.message(ev, draft.message);
    const f = ev.fields;
    if (f !== this.lastFields && !Object.isFrozen(f)) {
      for (const k of Object.keys(f)) if (typeof f[k] === "string") this.copy(f, k, f[k] as string);
      this.lastFields = f;
    }
    // By the copies waiting too: a log that repeats a few messages adds few characters, and each of its events waits
    // with the piece of the file its message was read from until its batch is copied.
    if (this.chars >= BATCH_CHARS || this.targets.length >= BATCH_TARGETS) this.flush();
    this.pacer.pace();
    return ev;
  }

  /** Copies the batch: one string for all its texts that fit in one byte a character, each of the others alone. */
  flush(): void {
    const texts = this.texts;
    if (texts.length === 0) return;
    const copies: string[] = new Array(texts.length);
    let joined = texts.join("");
    let narrow: number[] | undefined;
    if (WIDE.test(joined)) {
      narrow = [];
      for (let i = 0; i < texts.length; i++) {
        if (WIDE.test(texts[i])) copies[i] = ownString(texts[i]);
        else narrow.push(i);
      }
      const parts: string[] = new Array(narrow.length);
      for (let k = 0; k < narrow.length; k++) parts[k] = texts[narrow[k]];
      joined = parts.join("");
    }
    const all = Buffer.from(joined, "latin1").toString("latin1");
    let at = 0;
    const n = narrow ? narrow.length : texts.length;
    for (let k = 0; k < n; k++) {
      const i = narrow ? narrow[k] : k;
      copies[i] = all.slice(at, at + texts[i].length);
      at += texts[i].length;
    }
    const { targets, keys, textOf } = this;
    for (let j = 0; j < targets.length; j++) {
      const copy = copies[textOf[j]];
      // Named stores where the key is known: they are most of the batch, and much faster than keyed ones.
      switch (keys[j]) {
        case "message":
          (targets[j] as StoredEvent).m = copy;
          break;
        default:
          (targets[j] as Record<string, unknown>)[keys[j]] = copy;
      }
    }
    for (const i of this.sharedMessages) {
      // The map keeps the key it was first given (the piece of the file): it takes the copy as key too.
      if (this.messages.delete(copies[i])) this.messages.set(copies[i], copies[i]);
    }
    this.texts = [];
    this.chars = 0;
    this.targets = [];
    this.keys = [];
    this.textOf = [];
    this.sharedMessages = [];
  }

  /** How many copies wait for the batch to be copied (bounded by `BATCH_TARGETS`). */
  get pending(): number {
    return this.targets.length;
  }

  /** Copies the last batch, shrinks the table's columns to what they hold and writes out spilled messages. */
  finish(): void {
    this.flush();
    this.times.finish();
  }

  /** Queues `s` to be copied into `target[key]`; returns the index of its text in the batch. */
  private copy(target: object, key: string, s: string, text?: number): number {
    if (s.length < SHORT) return -1;
    if (text === undefined) {
      text = this.texts.push(s) - 1;
      this.chars += s.length;
    }
    this.targets.push(target);
    this.keys.push(key);
    this.textOf.push(text);
    return text;
  }

  /**
   * Messages repeat in most logs: one string for all the events that say the same; switched off when they do not.
   * Past the budget, a message not already shared goes to the spill file.
   */
  private message(ev: StoredEvent, s: string): void {
    if (this.keptChars >= this.keeping.budget) {
      const known = this.sharingMessages ? this.messages.get(s) : undefined;
      if (typeof known === "string") ev.m = known;
      else if (known !== undefined) this.copy(ev, "message", s, known);
      else this.times.spillMessage(ev, s, this.keeping.dir);
      return;
    }
    if (!this.sharingMessages || s.length > MAX_SHARED_CHARS || s.length < SHORT) {
      this.keptChars += s.length;
      this.copy(ev, "message", s);
      return;
    }
    this.messageTries++;
    const known = this.messages.get(s);
    if (typeof known === "string") {
      this.messageHits++;
      ev.m = known;
      return;
    }
    if (known !== undefined) {
      this.messageHits++;
      this.copy(ev, "message", s, known);
      return;
    }
    this.keptChars += s.length;
    if (this.messageTries >= 20_000 && this.messageHits < this.messageTries / 10) {
      this.sharingMessages = false;
      this.messages.clear();
      this.copy(ev, "message", s);
      return;
    }
    if (this.messages.size >= MAX_SHARED) this.messages.clear();
    const text = this.copy(ev, "message", s);
    this.messages.set(s, text);
    this.sharedMessages.push(text);
  }

  /** Signals take a few shapes: one frozen object per shape. */
  private signal(s: EventSignal): EventSignal {
    // A number per shape: the level, then each basis in order.
    let key = s.level === "failure" ? 1 : 2;
    for (const b of s.basis) {
      const i = BASES.indexOf(b);
      if (i < 0) return s;
      key = key * 8 + i + 1;
    }
    let one = this.signals.get(key);
    if (one === undefined)
      this.signals.set(
        key,
        (one = Object.freeze({ level: s.level, basis: Object.freeze([...s.basis]) as EventSignal["basis"] })),
      );
    return one;
  }
}

const BATCH_CHARS = 64 * 1024;
const BATCH_TARGETS = 8192;
const BASES: readonly SignalBasis[] = ["type", "prefix", "code", "words"];
const MAX_SHARED = 8192;
const MAX_SHARED_CHARS = 1024;
/** A character that does not fit in one byte. */
const WIDE = /[^\x00-\xff]/;

/** The one copy of `s` kept in `map` (bounded: cleared when full). */
function shared(map: Map<string, string>, s: string): string {
  const known = map.get(s);
  if (known !== undefined) return known;
  if (map.size >= MAX_SHARED) map.clear();
  const own = ownString(s);
  map.set(own, own);
  return own;
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
