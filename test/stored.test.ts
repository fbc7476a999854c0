import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { eventInstant, eventUtc, StoredEvent, TimeTable } from "../src/events/stored.js";
import { instantOf, parseAssumedZone, resolveTime } from "../src/time/time.js";
import type { ParsedTime } from "../src/model/frame.js";
import type { PatchEvent } from "../src/model/event.js";
import type { RecordTime } from "../src/model/record.js";
import { scanDraft } from "./helpers/events.js";

function draft(time: RecordTime, extra: Partial<PatchEvent> = {}): PatchEvent {
  return scanDraft({ seq: 7, time, timeUncertain: time.provenance !== "bias", line: 3, lastLine: 4, ...extra });
}

const PARSED: ParsedTime = { year: 2006, month: 8, day: 13, hour: 2, minute: 0, second: 41, fraction: "123" };

/** Every kind of time resolveTime makes, and the ones the columns cannot hold. */
const TIMES: Array<[string, RecordTime, { kept?: true }?]> = [
  ["a written bias", resolveTime({ ...PARSED, bias: 420 }, undefined, [])],
  ["a written bias, low confidence", resolveTime({ ...PARSED, bias: -60, lowConfidence: true }, undefined, [])],
  ["one fraction digit", resolveTime({ ...PARSED, fraction: "1", bias: 0 }, undefined, [])],
  ["no fraction", resolveTime({ ...PARSED, fraction: "", bias: 300 }, undefined, [])],
  ["seven fraction digits", resolveTime({ ...PARSED, fraction: "1234567", bias: 300 }, undefined, []), { kept: true }],
  ["a zone name with daylight saving", resolveTime({ ...PARSED, zoneName: "Pacific Standard Time" }, undefined, [])],
  ["an assumed zone", resolveTime({ ...PARSED }, parseAssumedZone("Europe/Berlin"), [])],
  ["another assumed zone of the same bias", resolveTime({ ...PARSED }, parseAssumedZone("+02:00"), [])],
  ["no zone", resolveTime({ ...PARSED }, undefined, [])],
  ["no zone, low confidence", resolveTime({ ...PARSED, lowConfidence: true }, undefined, [])],
  ["an impossible date", resolveTime({ ...PARSED, month: 2, day: 30, bias: 0 }, undefined, []), { kept: true }],
  ["a bias out of range", resolveTime({ ...PARSED, bias: 5000 }, undefined, [])],
  ["a year before 1000", resolveTime({ ...PARSED, year: 999 }, undefined, [])],
  ["no time at all", resolveTime(null, undefined, [])],
  // The UTC column holds UTC less local time: a UTC reading without a local one, or too far from it, is kept whole.
  [
    "a UTC reading without a local one",
    { ...resolveTime({ ...PARSED, bias: 0 }, undefined, []), local: null },
    { kept: true },
  ],
  [
    "a UTC reading 30 days from the local one",
    { ...resolveTime({ ...PARSED, bias: 0 }, undefined, []), utc: "2006-09-12T02:00:41.123Z" },
    { kept: true },
  ],
  [
    "a UTC reading 24 days from the local one",
    { ...resolveTime({ ...PARSED, bias: 0 }, undefined, []), utc: "2006-09-06T02:00:41.123Z" },
  ],
];

describe("StoredEvent", () => {
  for (const [name, time, how] of TIMES)
    it(`reads back ${name} exactly, key order included${how?.kept ? " (kept whole)" : ""}`, () => {
      const table = new TimeTable();
      const d = draft(time);
      const before = JSON.stringify(d);
      const e = table.store(d);
      expect(JSON.stringify(e.time)).toBe(JSON.stringify(time));
      expect(JSON.stringify(e)).toBe(before);
      expect(eventInstant(e)).toBe(instantOf(time));
      expect(eventUtc(e)).toBe(time.utc ? Date.parse(time.utc) : undefined);
      expect(table.keptWhole).toBe(how?.kept ? 1 : 0);
    });

  it("reads back every kind of time stored one after another in one table", () => {
    const table = new TimeTable();
    const list = [...TIMES, ...TIMES.slice().reverse(), ...TIMES].map(([, t]) => t);
    const events = list.map((t) => table.store(draft(t)));
    events.forEach((e, i) => expect(JSON.stringify(e.time)).toBe(JSON.stringify(list[i])));
  });

  it("reads as the draft it was made from, property for property", () => {
    const table = new TimeTable();
    const d = draft(TIMES[0][1], {
      severity: "error",
      kind: "scan.failed",
      pattern: "scanwrapper.failed",
      recognizedBy: "pattern",
      signal: { level: "failure", basis: ["type", "code"] },
      fields: { hresult: "0x80070005" },
      timeUncertain: true,
    });
    const e = table.store(d);
    expect(e).toBeInstanceOf(StoredEvent);
    for (const k of Object.keys(d) as Array<keyof PatchEvent>) expect(e[k], k).toEqual(d[k]);
    expect(e.recognizedBy).toBe("pattern");
    const plain = table.store(draft(TIMES[1][1], { recognizedBy: "inferred" }));
    expect([plain.recognizedBy, plain.pattern, plain.signal, plain.timeUncertain]).toEqual([
      "inferred",
      undefined,
      undefined,
      false,
    ]);
  });

  it("keeps each event's own time among many in one table (any clock, bias and fraction)", () => {
    const parsed = fc.record({
      year: fc.integer({ min: 1900, max: 2100 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      fraction: fc.constantFrom("", "5", "05", "050", "999", "1234"),
      bias: fc.option(fc.integer({ min: -840, max: 720 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(parsed, { minLength: 1, maxLength: 40 }), (list) => {
        const table = new TimeTable();
        const times = list.map((p) => resolveTime(p, undefined, []));
        const events = times.map((t) => table.store(draft(t)));
        events.forEach((e, i) => expect(JSON.stringify(e.time)).toBe(JSON.stringify(times[i])));
        // Read out of order too: no read depends on the one before.
        for (let i = events.length - 1; i >= 0; i--) expect(eventInstant(events[i])).toBe(instantOf(times[i]));
      }),
      { numRuns: 200 },
    );
  });
});
