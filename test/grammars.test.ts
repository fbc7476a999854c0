import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { FRAME_GRAMMARS, GRAMMAR_BY_FORMAT } from "../grammars/index.js";
import { FRAME_FORMATS, type FrameGrammar } from "../src/model/frame.js";

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

describe("frame grammar registry", () => {
  it("has one grammar per FrameFormat, in the order of FRAME_FORMATS", () => {
    expect(FRAME_GRAMMARS.map((g) => g.format)).toEqual([...FRAME_FORMATS]);
  });
  it("lists every grammar folder (a folder with an index.ts exporting a FrameGrammar)", async () => {
    const root = path.resolve(import.meta.dirname, "../grammars");
    for (const e of readdirSync(root, { withFileTypes: true })) {
      if (!e.isDirectory() || !existsSync(path.join(root, e.name, "index.ts"))) continue;
      const mod = (await import(pathToFileURL(path.join(root, e.name, "index.ts")).href)) as Record<string, unknown>;
      const exported = Object.values(mod).filter(
        (v): v is FrameGrammar => typeof v === "object" && v !== null && "parse" in v && "samples" in v,
      );
      for (const g of exported) expect(FRAME_GRAMMARS, `grammars/${e.name} is not in FRAME_GRAMMARS`).toContain(g);
    }
  });
  it("has exactly one grammar that takes the lines no other grammar claims", () => {
    expect(FRAME_GRAMMARS.filter((g) => g.claims.by === "rest")).toHaveLength(1);
  });
  it("maps each format to its grammar", () => {
    for (const g of FRAME_GRAMMARS) expect(GRAMMAR_BY_FORMAT[g.format]).toBe(g);
  });
});
