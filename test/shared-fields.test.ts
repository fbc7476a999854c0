import { describe, expect, it } from "vitest";
import { Classifier } from "../src/events/classify.js";
import type { LogRecord } from "../src/model/record.js";

/** An InventoryAgent CCM record (as the CCM grammar makes it) saying `message`. */
function record(message: string, over: Partial<LogRecord> = {}): LogRecord {
  return {
    kind: "record",
    format: "ccm",
    raw: `<![LOG[${message}]LOG]!>`,
    message,
    component: "InventoryAgent",
    thread: 1000,
    type: 1,
    time: { local: "2006-08-01T10:00:00.000", utc: "2006-08-01T14:00:00.000Z", provenance: "bias", bias: 240 },
    flags: [],
    file: "InventoryAgent.log",
    firstLine: 1,
    lastLine: 1,
    byteOffset: 0,
    ...over,
  };
}

describe("fields of a repeated message", () => {
  const said = "Inventory: Failed to send report: 0x80070005";

  it("are one frozen object for the events that say it, equal to a copy of their own", () => {
    const c = new Classifier();
    const a = c.classify(record(said), "InventoryAgent");
    const b = c.classify(record(said, { firstLine: 2, lastLine: 2 }), "InventoryAgent");
    expect(b.fields).toBe(a.fields);
    expect(Object.isFrozen(a.fields)).toBe(true);
    expect(Object.isFrozen(a.fields.codes)).toBe(true);
    expect(Object.isFrozen(a.fields.codes![0])).toBe(true);
    expect(a.fields.hresult).toBe("0x80070005");
    expect(a.fields.codes!.map((x) => x.code)).toEqual(["0x80070005"]);
    // Shared, so not to be changed: a change throws rather than reaching the other events.
    expect(() => {
      (b.fields as Record<string, unknown>).hresult = "changed";
    }).toThrow(TypeError);
    expect(a.fields.hresult).toBe("0x80070005");
  });

  it("are the event's own when its record has a context", () => {
    const c = new Classifier();
    const a = c.classify(record(said), "InventoryAgent");
    const b = c.classify(record(said, { context: "SYSTEM" }), "InventoryAgent");
    expect(b.fields).not.toBe(a.fields);
    expect(Object.isFrozen(b.fields)).toBe(false);
    expect(b.fields).toEqual({ ...a.fields, context: "SYSTEM" });
  });

  it("give no shared object to messages with no fields", () => {
    const c = new Classifier();
    const a = c.classify(record("Collection: nothing to report this cycle"), "InventoryAgent");
    expect(a.fields).toEqual({});
  });
});
