import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { COMMANDS, type CommandSpec } from "../src/commands/index.js";
import { OPTIONS, READING_OPTIONS } from "../src/cli/options.js";
import {
  DIAGNOSE_OUTPUTS,
  formatOfFile,
  OUTPUT_REGISTRIES,
  TIMELINE_OUTPUTS,
  UPDATES_OUTPUTS,
} from "../src/output/formats.js";

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
      const renders = [...text.matchAll(/export function (\w+)\((?:result: RunResult|u: UpdatesReportInput)\b/g)].map(
        (m) => m[1],
      );
      // Helpers a registered renderer calls (the job summary beside the annotations) are reached through it;
      // `toSarif` is the registered `sarifPieces`'s text in one string.
      const entries = renders.filter(
        (fn) => !["toGithub", "toGithubSummary", "writeGithubSummary", "toSarif"].includes(fn),
      );
      for (const fn of entries)
        expect(registry, `${file}: ${fn} is in no registry of src/output/formats.ts`).toContain(
          `(await import("./${file.replace(/\.ts$/, ".js")}")).${fn}(`,
        );
    }
  });

  it("list the formats help and completion offer, in order", () => {
    expect(DIAGNOSE_OUTPUTS.map((f) => f.name)).toEqual([
      "table",
      "json",
      "markdown",
      "sarif",
      "junit",
      "github",
      "ndjson",
      "html",
      "compact",
    ]);
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

  it("agree with --output's help: each format's first extension is named there, and each one named is registered", () => {
    const named = [...OPTIONS.output.describe.matchAll(/\.[a-z]+/g)].map((m) => m[0]);
    const registered = OUTPUT_REGISTRIES.flatMap((r) => r.flatMap((f) => f.extensions));
    for (const ext of named) expect(registered, ext).toContain(ext);
    for (const f of OUTPUT_REGISTRIES.flat()) if (f.extensions.length) expect(named, f.name).toContain(f.extensions[0]);
  });

  it("keep the timeline only for the formats that draw it", () => {
    expect(DIAGNOSE_OUTPUTS.filter((f) => f.keepsTimeline).map((f) => f.name)).toEqual(["html"]);
  });
});

describe("command registry", () => {
  const dir = path.join(ROOT, "src/commands");
  const specFiles = readdirSync(dir).filter((f) => f.endsWith(".command.ts"));
  const help = (args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, "dist/src/cli.js"), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, COLUMNS: "200" },
    });

  it("lists every spec of src/commands/*.command.ts, once", async () => {
    const exported: CommandSpec[] = [];
    for (const f of specFiles) {
      const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as Record<string, unknown>;
      exported.push(
        ...Object.values(mod).filter(
          (v): v is CommandSpec => typeof v === "object" && v !== null && "handler" in v && "builder" in v,
        ),
      );
    }
    expect(exported.length).toBeGreaterThan(0);
    for (const spec of exported) expect(COMMANDS, spec.name).toContain(spec);
    expect(COMMANDS).toHaveLength(exported.length);
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("gives every command module a spec that loads it", () => {
    const specs = specFiles.map((f) => read(`src/commands/${f}`)).join("\n");
    const work = readdirSync(dir).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".command.ts") && !["args.ts", "command.ts", "index.ts"].includes(f),
    );
    for (const f of work)
      expect(specs, `src/commands/${f} is run by no *.command.ts`).toContain(
        `await import("./${f.replace(/\.ts$/, ".js")}")`,
      );
  });

  it("picks only options of the option table", () => {
    for (const f of specFiles) {
      for (const m of read(`src/commands/${f}`).matchAll(/pick\(([^)]*)\)/g)) {
        for (const name of m[1]
          .split(",")
          .map((x) => x.trim().replace(/^"|"$/g, ""))
          .filter((x) => x !== "")
          .flatMap((x) => (x === "...READING_OPTIONS" ? [...READING_OPTIONS] : [x])))
          expect(Object.keys(OPTIONS), `${f}: ${name}`).toContain(name);
      }
    }
  });

  it("offers every command in --help and in shell completion, and each command's --format choices from its registry", () => {
    const top = help(["--help"]).stdout;
    const words = help(["--get-yargs-completions", "patchflow", ""]).stdout.split("\n");
    for (const c of COMMANDS) {
      expect(top, c.name).toContain(`patchflow ${c.name}`);
      expect(words, c.name).toContain(c.name);
    }
    const formats: Record<string, readonly string[]> = {
      diagnose: DIAGNOSE_OUTPUTS.map((f) => f.name),
      merge: DIAGNOSE_OUTPUTS.map((f) => f.name),
      timeline: TIMELINE_OUTPUTS.map((f) => f.name),
      updates: UPDATES_OUTPUTS.map((f) => f.name),
    };
    for (const [cmd, list] of Object.entries(formats)) {
      expect(help([cmd, "--help"]).stdout, cmd).toContain(`[choices: ${list.map((f) => `"${f}"`).join(", ")}]`);
      expect(
        help(["--get-yargs-completions", "patchflow", cmd, "--format", ""]).stdout.split("\n").filter(Boolean),
        cmd,
      ).toEqual([...list]);
    }
  });

  it("suggests the nearest command for a typo of any registered command", () => {
    for (const c of COMMANDS) {
      const typo = c.name.slice(0, -1);
      const r = help([typo]);
      expect(r.status, typo).toBe(2);
      expect(r.stderr, typo).toContain(`did you mean '${c.name}'?`);
    }
  });
});
