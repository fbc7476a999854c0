import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { RULES } from "../src/rules/registry.js";
import { remedyMarkdown, remedyPlaceholders, remedySection, replaceRemedySection } from "../src/rules/docs.js";

const RULES_DIR = path.resolve(__dirname, "../src/rules");
const ruleFolders = readdirSync(RULES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(RULES_DIR, d.name, "index.ts")))
  .map((d) => d.name)
  .sort();

/** The remedy text a generated paragraph shows: code spans and escapes undone, `<name>` back to `{name}`. */
function shownText(paragraph: string, names: string[]): string {
  return paragraph
    .split("\n")
    .join(" ")
    .split("`")
    .map((part, i) =>
      i % 2
        ? part.replace(/<(\w+)>/g, (m, n: string) => (names.includes(n) ? `{${n}}` : m))
        : part.replace(/\\(.)/g, "$1"),
    )
    .join("");
}

function fixSection(readme: string): string {
  const m = /^## How to fix\n<!-- remedy:begin[^\n]*-->\n([\s\S]*?)\n<!-- remedy:end -->$/m.exec(readme);
  if (!m) throw new Error("no generated How to fix section");
  return m[1];
}

describe("rule READMEs: How to fix is generated from the rule's remedy", () => {
  it("covers every rule folder (src/rules/*/index.ts), each in the registry", () => {
    expect(ruleFolders.length).toBeGreaterThan(0);
    expect(RULES.map((r) => r.id).sort()).toEqual(ruleFolders);
  });

  describe.each(RULES.map((r) => [r.id, r] as const))("%s", (id, rule) => {
    const file = path.join(RULES_DIR, id, "README.md");

    it("has a README whose How to fix section is what `npm run docs` generates (no drift)", () => {
      expect(existsSync(file), `${file} is missing`).toBe(true);
      const readme = readFileSync(file, "utf8");
      expect(replaceRemedySection(readme, rule), "run `npm run docs`").toBe(readme);
    });

    it("shows the remedy's own words, placeholders and all", () => {
      const names = remedyPlaceholders(rule.remedy);
      const [paragraph, legend, ...rest] = fixSection(readFileSync(file, "utf8")).split("\n\n");
      expect(rest).toEqual([]);
      expect(shownText(paragraph, names)).toBe(rule.remedy.replaceAll("`", ""));
      if (names.length) for (const n of names) expect(legend).toContain(`\`<${n}>\``);
      else expect(legend).toBeUndefined();
    });

    it("uses no literal <name> that a {name} placeholder would also show as", () => {
      const names = remedyPlaceholders(rule.remedy);
      const literal = [...rule.remedy.matchAll(/<(\w+)>/g)].map((m) => m[1]);
      expect(literal.filter((n) => names.includes(n))).toEqual([]);
    });
  });
});

describe("remedyMarkdown", () => {
  it("shows {name} as <name> in a code span and names the placeholders after the text", () => {
    expect(remedyMarkdown("Give {account} write access to {target}.")).toBe(
      "Give `<account>` write access to `<target>`.\n\nIn patchflow's output, `<account>` and `<target>` are filled in for the case at hand.",
    );
    expect(remedyMarkdown("Restart the client.")).toBe("Restart the client.");
  });

  it("puts commands with their arguments, switches, options and paths in code spans, punctuation outside", () => {
    expect(
      remedyMarkdown(
        "Run SyncXML.exe /site {site} /target \\\\<host>\\<share>\\PkgSource /package <packageID>, then wait.",
      ),
    ).toBe(
      "Run `SyncXML.exe /site <site> /target \\\\<host>\\<share>\\PkgSource /package <packageID>`, then wait.\n\nIn patchflow's output, `<site>` is filled in for the case at hand.",
    );
    expect(remedyMarkdown("(SMS 2.0: s_scan.exe /s /kick, o_scan.exe /s /kick).")).toBe(
      "(SMS 2.0: `s_scan.exe /s /kick`, `o_scan.exe /s /kick`).",
    );
    expect(remedyMarkdown('let PatchInstall (patchinstall.exe <switches> /m:"PatchAuthorize.xml") run')).toBe(
      'let PatchInstall (`patchinstall.exe <switches> /m:"PatchAuthorize.xml"`) run',
    );
    expect(remedyMarkdown("without /s, e.g. /quiet /norestart; grace (/g:<hours>)")).toBe(
      "without `/s`, e.g. `/quiet /norestart`; grace (`/g:<hours>`)",
    );
    expect(remedyMarkdown("with --rule flow-unexplained-errors=off; a pattern (--patterns)")).toBe(
      "with `--rule flow-unexplained-errors=off`; a pattern (`--patterns`)",
    );
    expect(remedyMarkdown("from %windir%\\system32\\vpcache\\<packageID>: in root\\cimv2.")).toBe(
      "from `%windir%\\system32\\vpcache\\<packageID>`: in `root\\cimv2`.",
    );
  });

  it("keeps the remedy's own code spans and leaves a program named without arguments as prose", () => {
    expect(
      remedyMarkdown("`mofcomp -check Sms_def.mof` shows it; PatchInstall.exe and go.microsoft.com/download"),
    ).toBe("`mofcomp -check Sms_def.mof` shows it; PatchInstall.exe and go.microsoft.com/download");
  });

  it("escapes what Markdown would read as markup in prose, not inside words", () => {
    expect(remedyMarkdown("a *b* [c] x > y _z_ Win32_PatchState")).toBe(
      "a \\*b\\* \\[c\\] x \\> y \\_z\\_ Win32_PatchState",
    );
  });

  it("wraps at 116 columns, never inside a code span, never starting a line with a block marker", () => {
    const long = `${"word ".repeat(20)}SyncXML.exe /site {site} /code {code} /target \\\\<synchost>\\<share>\\SecurityPatch\\PkgSource /package {package} ${"more ".repeat(30)}end.`;
    const lines = remedyMarkdown(long).split("\n\n")[0].split("\n");
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) {
      expect((l.match(/`/g) ?? []).length % 2, l).toBe(0);
      if (l.length > 116) expect(l).toMatch(/^`[^`]+`,?$|^\S+$/);
    }
    const dashes = remedyMarkdown(`${"x".repeat(115)} - 1. y`).split("\n");
    for (const l of dashes) expect(l).not.toMatch(/^(- |1\. )/);
  });
});

describe("replaceRemedySection", () => {
  const rule = { id: "sync-example", remedy: "Do {this}." };
  const generated = remedySection(rule);

  it("fills an empty How to fix section and keeps the sections around it", () => {
    expect(replaceRemedySection("# x\n\n## Why it matters\nBecause.\n\n## How to fix\n\n## Notes\nN.\n", rule)).toBe(
      `# x\n\n## Why it matters\nBecause.\n\n## How to fix\n${generated}\n\n## Notes\nN.\n`,
    );
    expect(replaceRemedySection("# x\n\n## How to fix\n", rule)).toBe(`# x\n\n## How to fix\n${generated}\n`);
  });

  it("replaces a generated block that no longer matches the remedy (drift)", () => {
    const stale = `# x\n\n## How to fix\n${remedySection({ remedy: "Do that." })}\n`;
    expect(replaceRemedySection(stale, rule)).toBe(`# x\n\n## How to fix\n${generated}\n`);
    expect(replaceRemedySection(stale, rule)).not.toBe(stale);
  });

  it("refuses a README without the section, and hand-written text in it that regenerating would lose", () => {
    expect(() => replaceRemedySection("# x\n\n## Why it matters\nBecause.\n", rule)).toThrow(
      /no "## How to fix" section/,
    );
    expect(() => replaceRemedySection("# x\n\n## How to fix\nRestart it.\n", rule)).toThrow(
      /holds text besides the block/,
    );
    expect(() => replaceRemedySection(`# x\n\n## How to fix\n${generated}\nAnd also this.\n`, rule)).toThrow(
      /holds text besides the block/,
    );
  });
});
