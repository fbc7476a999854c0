import { describe, expect, it } from "vitest";
import { KeptStrings } from "../src/text/kept.js";

/** The strings a result keeps (flat, copied, pooled): equal to what they were made from, character for character. */
describe("KeptStrings", () => {
  const built = (n: number): string => {
    let s = "";
    for (let i = 0; i < n; i++) s += `part ${i}, `;
    return s;
  };

  it("copies any text exactly: wide characters, lone surrogates, quotes, controls, short and empty texts", () => {
    const k = new KeptStrings();
    const texts = [
      "",
      "x",
      "short text",
      'Überprüfung läuft – “quoted” \\ "double" \n\t\u0000 end',
      `lone ${"\ud800"} high and ${"\udc00"} low surrogates and a pair 😀 in a long line`,
      `${"a".repeat(5000)}|${built(50)}`.slice(3, 4000),
    ];
    for (const t of texts) {
      expect(k.copy(t)).toBe(t);
      expect(k.own(t)).toBe(t);
      expect(k.flat(t)).toBe(t);
    }
    expect(k.flat(null)).toBeNull();
  });
});
