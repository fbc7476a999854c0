import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layers of docs/ARCHITECTURE.md, lowest first. A module may import its own layer and the layers below it,
 * never one above; no import cycle is allowed between files, whatever their layers. A walk from the CLI down to a
 * report therefore passes each layer at most once.
 */
export const LAYERS: ReadonlyArray<{ name: string; paths: string[] }> = [
  { name: "model", paths: ["src/model"] },
  { name: "text and time", paths: ["src/text", "src/time", "src/workers", "src/runtime"] },
  { name: "grammars", paths: ["grammars"] },
  { name: "input", paths: ["src/input"] },
  { name: "events", paths: ["src/events"] },
  { name: "timeline", paths: ["src/timeline"] },
  { name: "rule API", paths: ["src/rules/types.ts", "src/rules/context.ts"] },
  { name: "rule library", paths: ["src/rules/lib", "src/rules/engine.ts"] },
  { name: "rules", paths: ["src/rules/*"] },
  { name: "rule registry", paths: ["src/rules/registry.ts", "src/rules/docs.ts"] },
  { name: "pipeline", paths: ["src/pipeline"] },
  { name: "fleet", paths: ["src/fleet"] },
  { name: "output", paths: ["src/output"] },
  { name: "CLI options", paths: ["src/cli"] },
  { name: "commands", paths: ["src/commands"] },
  { name: "entry points", paths: ["src/cli.ts", "src/api.ts", "src/index.ts"] },
];

const ROOT = path.resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (e.name !== "fixtures" && e.name !== "node_modules") out.push(...sources(rel));
    } else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

/** The layer a source file belongs to (its index in LAYERS), or -1. `src/rules/*` is any rule's own folder. */
export function layerOf(file: string): number {
  let best = -1;
  let bestLen = -1;
  LAYERS.forEach((layer, i) => {
    for (const p of layer.paths) {
      const ruleFolder = p === "src/rules/*" && /^src\/rules\/[^/]+\//.test(file) && !file.startsWith("src/rules/lib/");
      const hit = ruleFolder || file === p || file.startsWith(`${p}/`);
      const len = ruleFolder ? "src/rules/x".length : p.length;
      if (hit && len > bestLen) {
        best = i;
        bestLen = len;
      }
    }
  });
  return best;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)|new URL\(\s*["'](\.{1,2}\/[^"']+\.js)["']\s*,\s*import\.meta\.url\s*\)/g;

/** Relative imports of a file (static, dynamic, and worker entries), as repository paths of `.ts` sources. */
export function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, ".ts");
    if (target.endsWith(".ts")) out.push(target);
  }
  return out;
}

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of [...sources("src"), ...sources("grammars")])
    g.set(f, importsOf(f, readFileSync(path.join(ROOT, f), "utf8")));
  return g;
}

/** Every cycle's files, found by a depth-first walk (one cycle per back edge). */
export function cycles(g: Map<string, string[]>): string[][] {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, 1);
    stack.push(f);
    for (const t of g.get(f) ?? []) {
      if (!g.has(t)) continue;
      if (state.get(t) === 1) found.push([...stack.slice(stack.indexOf(t)), t]);
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of [...g.keys()].sort()) if (!state.has(f)) visit(f);
  return found;
}

describe("architecture", () => {
  const g = graph();

  it("puts every source file in a layer", () => {
    const homeless = [...g.keys()].filter((f) => layerOf(f) < 0);
    expect(homeless).toEqual([]);
  });

  it("imports only from the same layer or below", () => {
    const upward: string[] = [];
    for (const [f, targets] of g)
      for (const t of targets) {
        if (!g.has(t)) continue;
        if (layerOf(t) > layerOf(f))
          upward.push(`${f} (${LAYERS[layerOf(f)].name}) imports ${t} (${LAYERS[layerOf(t)].name})`);
      }
    expect(upward).toEqual([]);
  });

  it("has no import cycle between files", () => {
    expect(cycles(g).map((c) => c.join(" -> "))).toEqual([]);
  });

  it("resolves every relative import to a file", () => {
    const dangling = [...g].flatMap(([f, ts]) => ts.filter((t) => !g.has(t)).map((t) => `${f} -> ${t}`));
    expect(dangling).toEqual([]);
  });

  it("keeps a rule's folder to itself: no rule imports another rule", () => {
    const across = [...g].flatMap(([f, ts]) => {
      const own = /^src\/rules\/([^/]+)\//.exec(f)?.[1];
      if (!own || own === "lib") return [];
      return ts
        .filter(
          (t) =>
            /^src\/rules\/[^/]+\//.test(t) && !t.startsWith(`src/rules/${own}/`) && !t.startsWith("src/rules/lib/"),
        )
        .map((t) => `${f} -> ${t}`);
    });
    expect(across).toEqual([]);
  });

  it("has every layer drawn on the architecture page", () => {
    const page = readFileSync(path.join(ROOT, "docs/ARCHITECTURE.md"), "utf8");
    const missing = LAYERS.flatMap((l) => l.paths.map((p) => p.replace(/\/\*$/, "/<id>"))).filter(
      (p) => !page.includes(p.replace(/^src\/rules\/<id>$/, "src/rules/<id>/")),
    );
    expect(missing).toEqual([]);
  });

  // The checker itself: an upward import and a cycle are caught.
  it("catches an upward import and a cycle in a made-up graph", () => {
    expect(layerOf("src/model/event.ts")).toBeLessThan(layerOf("src/output/html.ts"));
    expect(layerOf("src/rules/scan-failed/index.ts")).toBeGreaterThan(layerOf("src/rules/lib/scan.ts"));
    expect(layerOf("src/rules/registry.ts")).toBeGreaterThan(layerOf("src/rules/scan-failed/index.ts"));
    expect(
      importsOf(
        "src/model/a.ts",
        'import { x } from "../output/html.js";\nconst w = new URL("./w.js", import.meta.url);',
      ),
    ).toEqual(["src/output/html.ts", "src/model/w.ts"]);
    const made = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
    ]);
    expect(cycles(made)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });
});
