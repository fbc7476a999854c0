import { describe, expect, it } from "vitest";
import { FRAME_GRAMMARS } from "../grammars/index.js";

// One generic walk over every grammar's own sample lines: each must give exactly the records and issues it names.
describe.each(FRAME_GRAMMARS.map((g) => [g.format, g] as const))("%s grammar samples", (_format, grammar) => {
  it("has a description and samples", () => {
    expect(grammar.description.length).toBeGreaterThan(10);
    expect(grammar.samples.length).toBeGreaterThan(0);
  });
  it.each(grammar.samples.map((s) => [s.name, s] as const))("%s", (_name, sample) => {
    const r = grammar.parse(sample.text, true);
    expect(r.consumed).toBe(sample.text.length);
    expect(r.records).toHaveLength(sample.records.length);
    sample.records.forEach((want, i) => {
      const got = r.records[i];
      const { time, ...rest } = want;
      expect(got).toMatchObject(rest);
      if (time === null) expect(got.time).toBeNull();
      else if (time) expect(got.time).toMatchObject(time);
    });
    const issues = sample.issues ?? [];
    expect(r.issues).toHaveLength(issues.length);
    issues.forEach((want, i) => expect(r.issues[i]).toMatchObject(want));
    if (sample.foreign) expect((r.foreign ?? []).map(([a, b]) => sample.text.slice(a, b))).toEqual(sample.foreign);
  });
});
