import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { RULES } from "../src/rules/registry.js";
import type { Rule } from "../src/rules/types.js";
import { FLOW_STAGES } from "../src/model/finding.js";
import { buildTimeline } from "../src/pipeline/timeline.js";
import { Classifier } from "../src/events/classify.js";
import { DEFAULT_INPUT } from "../src/model/input.js";
import { diagnose, diagnoseWorded } from "../src/rules/engine.js";
import { plainFinding } from "../src/model/finding.js";
import { parseAssumedZone } from "../src/time/time.js";
import { parseWhen } from "../src/timeline/filter.js";
import { RuleContext } from "../src/rules/context.js";
import { stageLines, type StageLines } from "../src/rules/lib/signals.js";
import { scansWithExecutions, type Scan } from "../src/rules/lib/scans.js";
import { parseTimeConvention } from "../src/time/show.js";
import type { PatchEvent } from "../src/model/event.js";

const RULES_DIR = path.resolve(__dirname, "../src/rules");
// Every folder is a rule, but lib/ (helpers several rules share).
const folders = readdirSync(RULES_DIR)
  .filter((f) => f !== "lib" && statSync(path.join(RULES_DIR, f)).isDirectory())
  .sort();

/** `expect.json` in a fixture folder: options for the run and the findings it must give (message id, file, line). */
interface FixtureExpect {
  now?: string;
  assumeTz?: string;
  findings?: Array<{ messageId: string; file?: string; line?: number; stage?: string; severity?: string }>;
}

async function runFixture(rule: Rule, dir: string) {
  const exp: FixtureExpect = existsSync(path.join(dir, "expect.json"))
    ? JSON.parse(readFileSync(path.join(dir, "expect.json"), "utf8"))
    : {};
  const tl = await buildTimeline(
    [dir],
    { ...DEFAULT_INPUT, assume: exp.assumeTz ? parseAssumedZone(exp.assumeTz) : undefined },
    new Classifier(),
  );
  const d = diagnose(tl, [rule], { now: exp.now ? parseWhen("now", exp.now) : undefined });
  return { exp, findings: d.findings.filter((f) => f.ruleId === rule.id) };
}

describe("rule registry", () => {
  it("lists every rule folder, once, sorted by id", () => {
    expect(RULES.map((r) => r.id)).toEqual(folders);
  });
  it("ids are kebab-case and start with their stage", () => {
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect([...FLOW_STAGES, "flow"]).toContain(r.stage);
      expect(r.id.startsWith(`${r.stage}-`)).toBe(true);
    }
  });
});

describe.each(folders)("rule %s", (id) => {
  const dir = path.join(RULES_DIR, id);
  const fixtures = existsSync(path.join(dir, "fixtures")) ? readdirSync(path.join(dir, "fixtures")).sort() : [];

  it("has a README with the fixed headings", () => {
    const readme = readFileSync(path.join(dir, "README.md"), "utf8");
    expect(readme.startsWith(`# ${id}\n`)).toBe(true);
    for (const h of ["## What it detects", "## Why it matters", "## Example", "## How to fix"])
      expect(readme).toContain(h);
  });

  it("has fixtures that fire and fixtures that do not", () => {
    expect(fixtures.some((f) => f.startsWith("fires"))).toBe(true);
    expect(fixtures.some((f) => f.startsWith("quiet"))).toBe(true);
  });

  it.each(fixtures)("fixture %s", async (fixture) => {
    const rule = (await import(/* @vite-ignore */ `../src/rules/${id}/index.js`)).default as Rule;
    expect(rule.id).toBe(id);
    const { exp, findings } = await runFixture(rule, path.join(dir, "fixtures", fixture));
    if (fixture.startsWith("quiet")) {
      expect(findings.map((f) => `${f.messageId} ${f.evidence[0]?.file}:${f.evidence[0]?.line}`)).toEqual([]);
      return;
    }
    expect(findings.length).toBeGreaterThan(0);
    for (const want of exp.findings ?? []) {
      expect(Object.keys(rule.messages)).toContain(want.messageId);
      const match = findings.find(
        (f) =>
          f.messageId === want.messageId &&
          (want.stage === undefined || f.stage === want.stage) &&
          (want.severity === undefined || f.severity === want.severity) &&
          (want.line === undefined ||
            f.evidence.some((e) => e.line === want.line && (want.file === undefined || e.file.endsWith(want.file)))),
      );
      expect(
        match,
        `${JSON.stringify(want)} among ${JSON.stringify(findings.map((f) => [f.messageId, f.stage, f.severity, f.evidence.map((e) => `${e.file}:${e.line}`)]))}`,
      ).toBeDefined();
    }
  });
});

describe("README", () => {
  it("has the rule table generated from the registry (run `npm run docs` after changing rules)", async () => {
    const { replaceRulesTable } = await import("../src/rules/docs.js");
    const readme = readFileSync(path.resolve(__dirname, "../README.md"), "utf8");
    expect(replaceRulesTable(readme)).toBe(readme);
  });
});

describe("the rule context words times under the report's convention", () => {
  const at = (utc: string | null, local: string | null, line = 4): PatchEvent =>
    ({
      seq: line,
      file: "logs/PatchInstall.log",
      line,
      lastLine: line,
      log: "PatchInstall",
      stage: "install",
      kind: "install.message",
      severity: "info",
      message: "",
      fields: {},
      time: { utc, local, provenance: utc ? "bias" : "none" },
    }) as unknown as PatchEvent;
  const timed = at("2006-08-13T09:00:05.000Z", "2006-08-13T02:00:05.000");
  const late = at("2006-08-13T23:30:00.000Z", "2006-08-13T16:30:00.000");
  const untimed = at(null, null, 7);
  const ctx = (tz?: string) =>
    new RuleContext([timed, late, untimed], [], new Set(), {
      now: 0,
      maxSyncAgeDays: 8,
      maxCatalogAgeDays: 45,
      ...(tz ? { tz: parseTimeConvention(tz) } : {}),
    });
  it("to the minute, to the second and by day, in local time by default", () => {
    expect(ctx().when(timed)).toBe("2006-08-13 02:00 -07:00");
    expect(ctx().whenToSecond(timed)).toBe("2006-08-13 02:00:05 -07:00");
    expect(ctx().day(late)).toBe("2006-08-13");
  });
  it("under utc or a zone", () => {
    expect(ctx("utc").when(timed)).toBe("2006-08-13 09:00Z");
    expect(ctx("utc").whenToSecond(timed)).toBe("2006-08-13 09:00:05Z");
    expect(ctx("Europe/Berlin").day(late)).toBe("2006-08-14");
  });
  it("an untimed or missing line says so", () => {
    for (const c of [ctx(), ctx("utc")]) {
      expect(c.when(untimed)).toBe("an unknown time");
      expect(c.when(undefined)).toBe("an unknown time");
      expect(c.day(untimed)).toBe("an unknown day");
      expect(c.whenToSecond(untimed)).toBe("PatchInstall.log line 7 (no time in the log)");
    }
  });
});

describe("the engine takes each report as it is made", () => {
  const sample = path.resolve(__dirname, "../samples/install-failures");
  const scanSample = path.resolve(__dirname, "../samples/scan-not-inventoried");
  const custom = (check: Rule["check"]): Rule => ({
    id: "install-custom",
    stage: "install",
    defaultSeverity: "warning",
    description: "A rule of the test's.",
    messages: { said: "It said {what} at {line}." },
    remedy: "Read {what}.",
    check,
  });

  it("words a frozen data object without changing it", async () => {
    const tl = await buildTimeline([sample], DEFAULT_INPUT, new Classifier());
    const data = Object.freeze({ what: `a line ${"of text ".repeat(3)}`, line: 3 });
    const d = diagnose(tl, [custom((ctx, report) => report({ messageId: "said", data, evidence: [ctx.events[0]] }))]);
    expect(d.findings).toHaveLength(1);
    expect(d.findings[0].message).toBe(`It said ${data.what} at 3.`);
    expect(d.findings[0].remedy).toBe(`Read ${data.what}.`);
    expect(d.findings[0].data).toEqual(data);
    expect(d.findings[0].evidence.map((e) => e.seq)).toEqual([tl.events[0].seq]);
  });

  it("lets the early rules' look-ups go before the late rules, and keeps each stage's lines", async () => {
    const tl = await buildTimeline([scanSample], DEFAULT_INPUT, new Classifier());
    const seen: { lines: StageLines[]; counts: number[]; scans: Scan[][] } = { lines: [], counts: [], scans: [] };
    const look = (ctx: Parameters<Rule["check"]>[0]): void => {
      seen.lines.push(stageLines(ctx, "scan"));
      seen.counts.push(stageLines(ctx, "scan").events.length);
      seen.scans.push(scansWithExecutions(ctx));
    };
    const early = custom((ctx) => {
      look(ctx);
      look(ctx);
    });
    const late: Rule = { ...custom(look), id: "install-custom-late", late: true };
    diagnose(tl, [early, late]);
    const [first, again, afterForget] = seen.scans;
    expect(first.length).toBeGreaterThan(0);
    // The same scans while the early rules run; made again, the same content, for the late ones.
    expect(again[0]).toBe(first[0]);
    expect(afterForget[0]).not.toBe(first[0]);
    expect(afterForget.map((x) => x.run.id)).toEqual(first.map((x) => x.run.id));
    // Each stage's lines are one list for the context's life, emptied once the diagnosis is made; the timeline's
    // own list is left as it was.
    expect(seen.lines[2]).toBe(seen.lines[0]);
    expect(seen.counts[0]).toBeGreaterThan(0);
    expect(seen.counts[2]).toBe(seen.counts[0]);
    expect(seen.lines[0].events).not.toBe(tl.events);
    expect(seen.lines[0].events).toHaveLength(0);
    expect(tl.events.length).toBeGreaterThan(seen.counts[0]);
  });

  it("lists a single log's lines as the timeline's own list, and leaves it whole when done", async () => {
    const scanOnly = await buildTimeline(
      [path.join(scanSample, "CCM/Logs/ScanWrapper.log")],
      DEFAULT_INPUT,
      new Classifier(),
    );
    const n = scanOnly.events.length;
    expect(scanOnly.events.every((e) => e.stage === "scan")).toBe(true);
    const seen: { lines?: StageLines; messages: number } = { messages: -1 };
    diagnose(scanOnly, [
      custom((ctx) => {
        seen.lines = stageLines(ctx, "scan");
        seen.messages = ctx.ofKind("scan.message").length;
      }),
    ]);
    expect(n).toBeGreaterThan(0);
    expect(seen.lines?.events).toBe(scanOnly.events);
    expect(scanOnly.events).toHaveLength(n);
    // The generic kind's lines are listed when asked for, as the others are.
    expect(seen.messages).toBe(scanOnly.events.filter((e) => e.kind === "scan.message").length);
    expect(seen.messages).toBeGreaterThan(0);
  });

  it("words a message when it is read, and gives callers plain findings with the same text", async () => {
    const tl = await buildTimeline([sample], DEFAULT_INPUT, new Classifier());
    const worded = diagnoseWorded(tl, RULES);
    const plain = diagnose(tl, RULES);
    expect(plain.findings.length).toBeGreaterThan(1);
    expect(worded.findings.map((f) => f.message)).toEqual(plain.findings.map((f) => f.message));
    // Plain: the message is a field of its own, so that a copy, a spread or another thread keeps it.
    for (const f of plain.findings)
      expect(Object.keys(f).slice(0, 6)).toEqual(Object.keys(plainFinding(f)).slice(0, 6));
    expect(structuredClone(plain.findings)).toEqual(plain.findings);
    expect({ ...plain.findings[0] }.message).toBe(plain.findings[0].message);
    // The report's text is the same either way.
    expect(JSON.stringify(worded.findings, null, 1)).toBe(JSON.stringify(plain.findings, null, 1));
  });

  it("says which rule reported an unknown message, and which rule failed", async () => {
    const tl = await buildTimeline([sample], DEFAULT_INPUT, new Classifier());
    expect(() => diagnose(tl, [custom((_, report) => report({ messageId: "nope", evidence: [] }))])).toThrow(
      /^rule install-custom reported unknown message id nope$/,
    );
    expect(() =>
      diagnose(tl, [
        custom(() => {
          throw new Error("boom");
        }),
      ]),
    ).toThrow(/^rule install-custom failed: boom$/);
  });
});
