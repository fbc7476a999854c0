import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSE_OUTPUTS, formatOfFile, OUTPUT_REGISTRIES, TIMELINE_OUTPUTS, UPDATES_OUTPUTS } from "../src/output/formats.js";

// Each extension point is a registry; forgetting to register a new entry fails here, not in front of a user.
const ROOT = path.resolve(import.meta.dirname, "..");
const read = (rel: string) => readFileSync(path.join(ROOT, rel), "utf8");

describe("output format registries", () => {
  it("name each format once per command, and an extension the same format in every command", () => {
    const byExtension = new Map<string, string>();
    for (const registry of OUTPUT_REGISTRIES) {
      const names = registry.map((f) => f.name);
      expect(new Set(names).size).toBe(names.length);
      for (const f of registry) {
        for (const ext of f.extensions) {
          expect(ext).toMatch(/^\.[a-z0-9.]+$/);
          expect(byExtension.get(ext) ?? f.name, ext).toBe(f.name);
          byExtension.set(ext, f.name);
        }
      }
    }
  });

  it("register every module of src/output that renders a diagnose result or an updates report", () => {
    const registry = read("src/output/formats.ts");
    for (const file of readdirSync(path.join(ROOT, "src/output")).filter((f) => f.endsWith(".ts"))) {
      const text = read(`src/output/${file}`);
      const renders = [...text.matchAll(/export function (\w+)\((?:result: RunResult|u: UpdatesReportInput)\b/g)].map((m) => m[1]);
      // Helpers a registered renderer calls (the job summary beside the annotations) are reached through it.
      const entries = renders.filter((fn) => !["toGithub", "toGithubSummary", "writeGithubSummary"].includes(fn));
      for (const fn of entries) expect(registry, `${file}: ${fn} is in no registry of src/output/formats.ts`).toContain(`(await import("./${file.replace(/\.ts$/, ".js")}")).${fn}(`);
    }
  });

  it("list the formats help and completion offer, in order", () => {
    expect(DIAGNOSE_OUTPUTS.map((f) => f.name)).toEqual(["table", "json", "markdown", "sarif", "junit", "github", "ndjson", "html", "compact"]);
    expect(TIMELINE_OUTPUTS.map((f) => f.name)).toEqual(["table", "ndjson", "json", "csv"]);
    expect(UPDATES_OUTPUTS.map((f) => f.name)).toEqual(["table", "json", "csv", "markdown"]);
  });

  it("infer a format from an --output file name by its longest registered extension", () => {
    const infer = (f: string) => formatOfFile(f, OUTPUT_REGISTRIES);
    expect(infer("out/report.sarif.json")).toBe("sarif");
    expect(infer("REPORT.JSON")).toBe("json");
    expect(infer("r.htm")).toBe("html");
    expect(infer("events.jsonl")).toBe("ndjson");
    expect(infer("tests.xml")).toBe("junit");
    expect(infer("x.csv")).toBe("csv");
    expect(infer("notes.txt")).toBe("table");
    expect(infer("dir/.json")).toBeUndefined();
    expect(infer("report")).toBeUndefined();
    expect(infer("archive.tar.gz")).toBeUndefined();
  });

  it("keep the timeline only for the formats that draw it", () => {
    expect(DIAGNOSE_OUTPUTS.filter((f) => f.keepsTimeline).map((f) => f.name)).toEqual(["html"]);
  });
});
