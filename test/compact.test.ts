import { describe, expect, it } from "vitest";
import { EventCompactor, ownString } from "../src/events/compact.js";
import { EventReader, readEvents } from "../src/pipeline/read-events.js";
import { Classifier } from "../src/events/classify.js";
import { DEFAULT_INPUT } from "../src/model/input.js";
import type { PatchEvent } from "../src/model/event.js";
import { scanDraft } from "./helpers/events.js";

describe("ownString", () => {
  const texts = [
    "",
    "short",
    "Scan complete for update KB123456",
    "Fehler beim Zugriff auf Ä ö ü ß",
    "en dash – and ellipsis … in the text",
    "astral 😀 and more text after it",
    "lone \ud800 surrogate in the text",
    "trailing lone surrogate at the end \udc00",
    "x".repeat(64 * 1024 - 3) + "–",
    "y".repeat(200_000),
  ];
  for (const t of texts)
    it(`keeps ${JSON.stringify(t.slice(0, 30))} (${t.length} characters) as it is`, () => expect(ownString(t)).toBe(t));

  it("keeps a piece of a longer text as it is", () => {
    const text = `${"a".repeat(1000)}Download failed – 0x80072EFD${"b".repeat(1000)}`;
    expect(ownString(text.slice(1000, 1027))).toBe("Download failed – 0x80072EF");
  });
});

describe("EventCompactor", () => {
  it("leaves the timeline's events as they were", async () => {
    const drafts: PatchEvent[] = [];
    await readEvents(
      ["samples/default"],
      { ...DEFAULT_INPUT },
      new EventReader(new Classifier(), (ev) => drafts.push(ev)),
    );
    const before = JSON.stringify(drafts);
    const c = new EventCompactor();
    const compacted = drafts.map((e) => c.compact(e));
    c.flush();
    expect(drafts.length).toBeGreaterThan(100);
    expect(JSON.stringify(compacted)).toBe(before);
  });

  const event = (over: Partial<PatchEvent>): PatchEvent =>
    scanDraft({
      severity: "error",
      message: "Scan failed with error 0x80070005 on this client",
      component: "ScanWrapperComponent",
      fields: { hresult: "0x80070005 as written" },
      signal: { level: "failure", basis: ["code", "words"] },
      ...over,
    });

  it("shares repeated messages, components and signals", () => {
    const c = new EventCompactor();
    const a = c.compact(event({}));
    const b = c.compact(event({}));
    c.flush();
    const later = c.compact(event({}));
    expect(later.message).toBe(a.message);
    expect(b.message).toBe(a.message);
    expect(b.signal).toBe(a.signal);
    expect(Object.isFrozen(a.signal)).toBe(true);
    expect(b.fields).not.toBe(a.fields);
    expect(b.fields).toEqual({ hresult: "0x80070005 as written" });
  });

  it("copies its batch by the copies waiting too, when a log repeats a few short messages", () => {
    // Few new characters: without a bound on the copies waiting, every event waits with the piece of the file its
    // message was read from until the last batch, and the whole log stays in memory while it is read.
    const c = new EventCompactor();
    const said = ["Scan complete for this client", "Download failed: 0x80072EFD", "Value [a] is [b] now"];
    let most = 0;
    const events = [];
    for (let i = 0; i < 30_000; i++) {
      events.push(c.compact(event({ message: said[i % 3], fields: {} })));
      most = Math.max(most, c.pending);
    }
    expect(most).toBeGreaterThan(1000);
    expect(most).toBeLessThanOrEqual(8192);
    c.finish();
    expect(c.pending).toBe(0);
    events.forEach((e, i) => expect(e.message).toBe(said[i % 3]));
  });

  it("keeps each message when messages do not repeat (and sharing stops)", () => {
    const c = new EventCompactor();
    for (let i = 0; i < 25_000; i++) {
      const msg = `Scan failed with error number ${i} on this client`;
      const ev = c.compact(event({ message: msg, fields: { path: `C:\\Windows\\Temp\\file${i}.log` } }));
      if (i % 1000 === 0) c.flush();
      expect(ev.message).toBe(msg);
      expect(ev.fields.path).toBe(`C:\\Windows\\Temp\\file${i}.log`);
    }
  });
});

describe("EventCompactor signals", () => {
  it("shares one signal per level and basis, and tells shapes apart", () => {
    const c = new EventCompactor();
    const shapes: Array<PatchEvent["signal"]> = [
      { level: "failure", basis: ["code"] },
      { level: "warning", basis: ["code"] },
      { level: "failure", basis: ["code", "words"] },
      { level: "failure", basis: ["words", "code"] },
      { level: "failure", basis: ["type", "prefix", "code", "words"] },
    ];
    const ev = (signal: PatchEvent["signal"]): PatchEvent => ({
      v: 1,
      seq: -1,
      time: { local: null, utc: null, provenance: "none" },
      timeUncertain: false,
      log: "ScanWrapper",
      stage: "scan",
      kind: "scan.message",
      severity: "info",
      message: "m",
      component: null,
      fields: {},
      signal,
      file: "f",
      line: 1,
      lastLine: 1,
    });
    const first = shapes.map((s) => c.compact(ev(structuredClone(s))).signal);
    const again = shapes.map((s) => c.compact(ev(structuredClone(s))).signal);
    expect(first).toEqual(shapes);
    again.forEach((s, i) => expect(s).toBe(first[i]));
  });
});
