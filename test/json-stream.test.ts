import { describe, expect, it } from "vitest";
import { jsonBatches, jsonPieces, LazyList } from "../src/output/json-stream.js";

const joined = (v: unknown, depth?: number, indent?: number): string => [...jsonPieces(v, depth, indent)].join("");

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

const values: Record<string, unknown> = {
  nested: { a: 1, b: [1, [2, [3, { c: "x\ny", d: [] }]]], e: {}, f: { g: { h: { i: { j: "deep" } } } } },
  leftOut: { a: undefined, b: () => 1, c: Symbol("s"), d: 1, e: [undefined, () => 1, Symbol("t"), 2] },
  allLeftOut: { a: undefined, b: { c: undefined } },
  toJson: {
    when: new Date(0),
    custom: { toJSON: (key: string) => `key ${key}` },
    list: [{ toJSON: (key: string) => `index ${key}` }],
  },
  others: {
    map: new Map([["a", 1]]),
    set: new Set([1]),
    boxed: [new String("s"), new Number(2), new Boolean(false)],
    point: new Point(1, 2),
  },
  nullProto: Object.assign(Object.create(null), { a: [1, { b: null }] }),
  // eslint-disable-next-line no-sparse-arrays -- a hole, which JSON.stringify writes as null
  holes: [1, , 3],
  escapes: { 'key\nwith "quotes"': "text\twith\u2028separators", "\u00e9": "\ud800 lone" },
  numbers: [NaN, Infinity, -0, 1e21, 0.1],
  topLevelScalars: [null, true, "s", 1],
  emptyArray: [],
  emptyObject: {},
  findings: Array.from({ length: 50 }, (_, i) => ({
    id: i,
    evidence: [{ line: i, text: `line ${i}`, fields: { kb: "KB1", codes: [] } }],
  })),
};

describe("jsonPieces", () => {
  for (const [name, v] of Object.entries(values)) {
    it(`gives JSON.stringify(value, null, 1) for ${name}`, () => {
      for (const depth of [0, 1, 2, 3, 6]) expect(joined(v, depth)).toBe(JSON.stringify(v, null, 1));
    });
  }

  for (const [name, v] of Object.entries(values)) {
    it(`gives JSON.stringify(value, null, 2) and (value, null, 4) for ${name}`, () => {
      for (const indent of [2, 4])
        for (const depth of [0, 1, 2, 3, 6]) expect(joined(v, depth, indent)).toBe(JSON.stringify(v, null, indent));
    });
  }

  it("writes a lazy list as the array of its items, making each only when it is written", () => {
    let made = 0;
    const list = new LazyList(function* () {
      for (let i = 0; i < 3; i++) {
        made++;
        yield { i, inner: { list: [i, { x: "y" }] } };
      }
    });
    const doc = { runs: [{ results: list, after: 1 }], empty: new LazyList(() => []) };
    const pieces = jsonPieces(doc, 3, 2);
    // Nothing is made before the pieces are asked for, and the first item only once the writing reaches it.
    expect(made).toBe(0);
    let text = "";
    for (const p of pieces) {
      if (made === 0) expect(text).not.toContain('"i"');
      text += p;
    }
    expect(made).toBe(3);
    const whole = JSON.stringify(doc, null, 2);
    expect(text).toBe(whole);
    for (const depth of [0, 1, 2, 6])
      for (const indent of [1, 2]) expect(joined(doc, depth, indent)).toBe(JSON.stringify(doc, null, indent));
  });

  it("gives nothing where JSON.stringify gives undefined", () => {
    expect(joined(undefined)).toBe("");
    expect(joined(() => 1)).toBe("");
  });

  it("cuts a large array into many pieces", () => {
    expect([...jsonPieces(values.findings)].length).toBeGreaterThan(100);
  });

  it("gives the text and a newline in batches", () => {
    const big = { rows: Array.from({ length: 30_000 }, (_, i) => ({ i, text: "x".repeat(50) })) };
    const writes = [...jsonBatches(big)];
    expect(writes.length).toBeGreaterThan(1);
    expect(writes.join("")).toBe(JSON.stringify(big, null, 1) + "\n");
  });
});
