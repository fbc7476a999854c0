import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { buildTimeline } from "../src/pipeline/timeline.js";
import type { Timeline } from "../src/model/timeline.js";
import { Classifier } from "../src/events/classify.js";
import { DEFAULT_INPUT } from "../src/model/input.js";
import { parseAssumedZone } from "../src/time/time.js";
import type { PatchEvent } from "../src/model/event.js";
import { clientUpdates, stateText } from "../src/rules/lib/updates.js";
import { chainText } from "../src/output/updates-format.js";

/**
 * Golden tests: every sample's timeline, one line per event (file:line, kind, stage, severity, key fields), pinned
 * in test/golden/. After a deliberate change, regenerate with `UPDATE_GOLDEN=1 npx vitest run test/samples.test.ts`
 * and review the diff.
 */
const SAMPLES = path.resolve(__dirname, "../samples");
const GOLDEN = path.resolve(__dirname, "golden");
const KEY_FIELDS = [
  "kb",
  "bulletin",
  "exitCode",
  "hresult",
  "catalogDate",
  "program",
  "packageId",
  "className",
  "property",
  "context",
  "kick",
];

/** Zones the SMS 2.0 / Legacy Client samples say they were written in (their logs carry none). */
const ASSUME: Record<string, string> = { "legacy-hinv32-errors": "Europe/Berlin", "sms20-layout": "America/New_York" };

function bundles(): string[] {
  const out: string[] = [];
  for (const name of readdirSync(SAMPLES).sort()) {
    const dir = path.join(SAMPLES, name);
    if (!statSync(dir).isDirectory()) continue;
    if (name === "fleet")
      for (const c of readdirSync(dir).sort()) {
        if (statSync(path.join(dir, c)).isDirectory()) out.push(`fleet/${c}`);
      }
    else out.push(name);
  }
  return out;
}

function line(e: PatchEvent, root: string): string {
  const fields = KEY_FIELDS.filter((k) => e.fields[k] !== undefined).map((k) => `${k}=${JSON.stringify(e.fields[k])}`);
  const t = e.time.utc ?? (e.time.local ? `${e.time.local} local` : "-");
  const how = [
    ...(e.recognizedBy === "inferred" ? ["by=inferred"] : []),
    ...(e.signal ? [`signal=${e.signal.level}(${e.signal.basis.join(",")})`] : []),
  ];
  return [`${path.relative(root, e.file)}:${e.line}`, t, e.kind, e.stage, e.severity, ...fields, ...how].join(" ");
}

async function timelineOf(name: string): Promise<Timeline> {
  const zone = ASSUME[name];
  return buildTimeline(
    [path.join(SAMPLES, name)],
    { ...DEFAULT_INPUT, assume: zone ? parseAssumedZone(zone) : undefined },
    new Classifier(),
  );
}

describe.each(bundles())("sample %s", (name) => {
  it("gives the pinned timeline", async () => {
    const tl = await timelineOf(name);
    const root = path.join(SAMPLES, name);
    const text = tl.events.map((e) => line(e, root)).join("\n") + "\n";
    const file = path.join(GOLDEN, `${name.replace("/", "__")}.events.txt`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, text);
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(text).toBe(readFileSync(file, "utf8"));
  });

  it("gives the pinned update states and chains", async () => {
    const tl = await timelineOf(name);
    const root = path.join(SAMPLES, name);
    const rel = (e: { file: string; line: number }) => `${path.relative(root, e.file)}:${e.line}`;
    const updates = clientUpdates(tl).updates;
    const text =
      updates.length === 0
        ? "(no update is named in these logs)\n"
        : updates
            .map(
              (u) =>
                `${u.key}${u.bulletin && u.bulletin !== u.key ? ` ${u.bulletin}` : ""}: ${stateText(u)} [${u.evidence.map(rel).join(" ")}]\n  ${chainText(u.steps)}`,
            )
            .join("\n") + "\n";
    const file = path.join(GOLDEN, `${name.replace("/", "__")}.updates.txt`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, text);
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(text).toBe(readFileSync(file, "utf8"));
  });

  it("reads every line and counts the unrecognized ones per log", async () => {
    const tl = await timelineOf(name);
    expect(tl.unparsed).toEqual([]);
    const generic = new Map<string, number>();
    for (const e of tl.events) if (!e.pattern) generic.set(e.log, (generic.get(e.log) ?? 0) + 1);
    for (const r of tl.recognition) {
      expect(r.unrecognized).toBe(generic.get(r.log) ?? 0);
      expect(r.recognized + r.unrecognized).toBe(tl.events.filter((e) => e.log === r.log).length);
    }
    const records = tl.report.stats.reduce((n, s) => n + s.records, 0);
    expect(tl.events).toHaveLength(records);
  });
});

it("the merged timeline is ordered by UTC where zones are known, and keeps file order", async () => {
  const tl = await timelineOf("sync-no-user");
  const utc = tl.events.filter((e) => !e.timeUncertain).map((e) => Date.parse(e.time.utc!));
  expect(utc).toEqual([...utc].sort((a, b) => a - b));
  const byFile = new Map<string, number[]>();
  for (const e of tl.events) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e.line]);
  // This sample crosses the end of daylight saving (+240 → +300), so UTC order equals file order here.
  for (const lines of byFile.values()) expect(lines).toEqual([...lines].sort((a, b) => a - b));
});

it("events without a known zone are flagged uncertain, and stay in file order", async () => {
  const tl = await buildTimeline([path.join(SAMPLES, "legacy-hinv32-errors")], DEFAULT_INPUT, new Classifier());
  expect(tl.events.every((e) => e.timeUncertain && e.time.provenance === "none")).toBe(true);
  const hinv = tl.events.filter((e) => e.log === "Hinv32").map((e) => e.line);
  expect(hinv).toEqual([...hinv].sort((a, b) => a - b));
});
