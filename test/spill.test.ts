import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync, readlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { EventCompactor } from "../src/events/compact.js";
import { MessageSpill } from "../src/events/spill.js";
import { releaseEvents, StoredEvent } from "../src/events/stored.js";
import { buildTimeline } from "../src/pipeline/timeline.js";
import { diagnoseClient, type JobOptions } from "../src/pipeline/client.js";
import { Classifier } from "../src/events/classify.js";
import { DEFAULT_INPUT } from "../src/model/input.js";
import { InputError } from "../src/model/errors.js";
import type { PatchEvent } from "../src/model/event.js";
import { tempDirs } from "./helpers/temp.js";
import { scanDraft } from "./helpers/events.js";
import { ROOT, runCli, SAMPLES } from "./helpers/cli.js";

const temp = tempDirs("patchflow-spill-");

/** Any string of UTF-16 code units: lone surrogates, wide and one-byte text alike. */
const anyText = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
);

const draft = (message: string, i: number, over: Partial<PatchEvent> = {}): PatchEvent =>
  scanDraft({
    kind: i % 3 ? "scan.message" : "scan.failed",
    severity: i % 3 ? "info" : "error",
    message,
    component: i % 5 ? "ScanWrapper" : null,
    file: i % 2 ? "ScanWrapper.log" : "s_scan.log",
    line: i + 1,
    lastLine: i + 1 + (i % 2),
    ...(i % 4 === 0 ? { pattern: "scanwrapper.failed", recognizedBy: "pattern" as const } : {}),
    ...(i % 7 === 0 ? { signal: { level: "failure" as const, basis: ["code" as const] } } : {}),
    ...over,
  });

/** Stores the drafts with the given budget; the events and the JSON the drafts made. */
function store(messages: string[], budget: number, dir = temp()): { events: StoredEvent[]; drafts: string[] } {
  const c = new EventCompactor({ budget, dir });
  const drafts: string[] = [];
  const events = messages.map((m, i) => {
    const d = draft(m, i);
    drafts.push(JSON.stringify(d));
    return c.compact(d);
  });
  c.finish();
  return { events, drafts };
}

describe("messages past the budget", () => {
  it("can be set after reading, as a kind can, spilled or not", () => {
    for (const budget of [0, Infinity]) {
      const { events } = store(["Scan failed: 0x80070005", "Scan complete"], budget);
      const [e, other] = events;
      e.message = "Scan failed <script>";
      e.kind = "scan.failed<b>";
      expect([e.message, e.kind, JSON.parse(JSON.stringify(e)).message]).toEqual([
        "Scan failed <script>",
        "scan.failed<b>",
        "Scan failed <script>",
      ]);
      expect([other.message, other.kind]).toEqual(["Scan complete", "scan.message"]);
    }
  });

  it("read back exactly from the spill file as from memory (any text, lone surrogates included)", () => {
    const dir = temp();
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 1, maxLength: 60 }), fc.nat(2000), (messages, budget) => {
        const kept = store(messages, Infinity, dir);
        const spilled = store(messages, 0, dir);
        const part = store(messages, budget, dir);
        expect(spilled.events[0].table.spilling).toBeDefined();
        expect(kept.events[0].table.spilling).toBeUndefined();
        for (const s of [kept, spilled, part]) {
          s.events.forEach((e, i) => expect(e.message).toBe(messages[i]));
          expect(s.events.map((e) => JSON.stringify(e))).toEqual(kept.drafts);
          // Out of order too: a read does not depend on the one before.
          for (let i = s.events.length - 1; i >= 0; i -= 3) expect(s.events[i].message).toBe(messages[i]);
          releaseEvents(s.events);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("reads back many messages across the file's blocks, long ones and repeated ones", () => {
    const messages: string[] = [];
    for (let i = 0; i < 20_000; i++)
      messages.push(
        i % 1000 === 7
          ? `${"long message ".repeat(30_000)}${i}`
          : i % 11 === 0
            ? "Scan failed with a repeated message"
            : `Message ${i} – with an en dash${i % 3 ? "" : " and a lone \ud800 surrogate"}`,
      );
    const { events } = store(messages, 0);
    expect(events[0].table.spilling).toEqual({ open: true });
    for (let i = 0; i < messages.length; i++)
      if (events[i].message !== messages[i]) expect(events[i].message).toBe(messages[i]);
    for (let i = messages.length - 1; i >= 0; i -= 7)
      if (events[i].message !== messages[i]) expect(events[i].message).toBe(messages[i]);
  });

  it("read back while more are written (messages still in the write buffer, the file's end read before it grew)", () => {
    const spill = MessageSpill.open(temp());
    const text = (i: number): string => `Message ${i} of a log written while it is read${i % 5 ? "" : " – wide"}`;
    let rows = 0;
    for (const batch of [1000, 1, 10_000, 3, 20_000]) {
      for (let k = 0; k < batch; k++, rows++) spill.put(rows, text(rows));
      for (let i = rows - 1; i >= 0; i -= 97) expect(spill.get(i)).toBe(text(i));
      expect(spill.get(rows - 1)).toBe(text(rows - 1));
    }
    spill.finish();
    for (let i = 0; i < rows; i++) if (spill.get(i) !== text(i)) expect(spill.get(i)).toBe(text(i));
    spill.release();
  });

  it("stay in memory while the budget lasts, and only those past it go to the file", () => {
    const messages = Array.from({ length: 100 }, (_, i) => `Message number ${i} of the log, not repeated`);
    const { events } = store(messages, 20 * messages[0].length);
    expect(events.slice(0, 20).every((e) => e.m !== undefined)).toBe(true);
    expect(events.slice(20).every((e) => e.m === undefined)).toBe(true);
    expect(events.map((e) => e.message)).toEqual(messages);
  });

  it("leave a timeline of a small log in memory with the default budget", async () => {
    const tl = await buildTimeline([path.join(SAMPLES, "default")], { ...DEFAULT_INPUT }, new Classifier());
    expect(tl.events.length).toBeGreaterThan(100);
    expect((tl.events[0] as StoredEvent).table.spilling).toBeUndefined();
  });

  it("give the same timeline from a log whether spilled or not", async () => {
    const build = (budget: number) =>
      buildTimeline([path.join(SAMPLES, "default")], { ...DEFAULT_INPUT }, new Classifier(), { budget, dir: temp() });
    const [kept, spilled] = [await build(Infinity), await build(0)];
    expect((spilled.events[0] as StoredEvent).table.spilling).toEqual({ open: true });
    expect(JSON.stringify(spilled)).toBe(JSON.stringify(kept));
  });
});

describe("the spill file", () => {
  it("is removed from its folder as soon as it is made, and closed when released", () => {
    const dir = temp();
    const { events } = store(["first message of the log", "second message of the log"], 0, dir);
    expect(readdirSync(dir)).toEqual([]);
    expect(events[1].message).toBe("second message of the log");
    releaseEvents(events);
    expect(events[0].table.spilling).toEqual({ open: false });
    expect(() => events[0].message).toThrow(/released/);
  });

  it.runIf(process.platform === "linux")("is closed once a client's result is made", async () => {
    const dir = temp();
    const before = process.env.PATCHFLOW_SPILL_BUDGET;
    const tmp = process.env.TMPDIR;
    process.env.PATCHFLOW_SPILL_BUDGET = "0";
    process.env.TMPDIR = dir;
    const openSpills = (): string[] =>
      readdirSync("/proc/self/fd").flatMap((fd) => {
        try {
          const to = readlinkSync(`/proc/self/fd/${fd}`);
          return to.startsWith(dir) ? [to] : [];
        } catch {
          return [];
        }
      });
    try {
      const timeline = await buildTimeline([path.join(SAMPLES, "default")], { ...DEFAULT_INPUT }, new Classifier());
      expect(openSpills()).toHaveLength(1);
      releaseEvents(timeline.events);
      expect(openSpills()).toEqual([]);
      const result = await diagnoseClient({ name: "c", inputs: [path.join(SAMPLES, "default")], root: SAMPLES }, JOB);
      expect(result.events?.length).toBeGreaterThan(100);
      expect(result.diagnosis.findings.length).toBeGreaterThan(0);
      expect(openSpills()).toEqual([]);
      // The lines cited were copied out before the file closed: plain objects, read without it.
      const cited = [
        ...result.diagnosis.findings.flatMap((f) => f.evidence),
        ...result.updates.updates.flatMap((u) => [...u.evidence, ...u.steps.flatMap((s) => s.evidence)]),
      ];
      expect(cited.length).toBeGreaterThan(10);
      for (const e of cited) {
        expect(Object.keys(e)).toEqual(["seq", "file", "line", "utc", "local", "message"]);
        expect(e.message.length).toBeGreaterThan(0);
      }
    } finally {
      restore("PATCHFLOW_SPILL_BUDGET", before);
      restore("TMPDIR", tmp);
    }
  });

  it.runIf(process.platform === "linux")("is closed once its timeline is collected", () => {
    const dir = temp();
    const script = path.join(dir, "collect.mjs");
    const dist = (m: string): string => JSON.stringify(pathToFileURL(path.join(ROOT, "dist/src", m)).href);
    writeFileSync(
      script,
      `import { readdirSync, readlinkSync } from "node:fs";
import { buildTimeline } from ${dist("pipeline/timeline.js")};
import { Classifier } from ${dist("events/classify.js")};
import { DEFAULT_INPUT } from ${dist("model/input.js")};
const dir = ${JSON.stringify(dir)};
const open = () => readdirSync("/proc/self/fd").filter((fd) => {
  try { return readlinkSync("/proc/self/fd/" + fd).startsWith(dir); } catch { return false; }
}).length;
let tl = await buildTimeline([${JSON.stringify(path.join(SAMPLES, "default"))}], { ...DEFAULT_INPUT }, new Classifier(), { budget: 0, dir });
const before = [tl.events.length > 100, open()];
tl = undefined;
for (let i = 0; i < 20 && open() > 0; i++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 10));
}
console.log(JSON.stringify({ before, after: open() }));
`,
    );
    const r = runCli([], { bin: script, node: ["--expose-gc"] });
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ before: [true, 1], after: 0 });
  });

  it("that cannot be made is an input error saying where and why", () => {
    const dir = temp();
    const file = path.join(dir, "not-a-folder");
    writeFileSync(file, "");
    for (const where of [path.join(dir, "missing"), file]) {
      const c = new EventCompactor({ budget: 0, dir: where });
      let thrown: unknown;
      try {
        c.compact(draft("a message that has to go to the spill file", 1));
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(InputError);
      expect((thrown as Error).message).toContain(where);
      expect((thrown as Error).message).toMatch(/no such file or folder|not a folder/);
    }
    expect(() => MessageSpill.open(path.join(dir, "missing"))).toThrow(InputError);
  });

  it("that cannot be made stops the command with exit code 2 and says why", () => {
    const env = { PATCHFLOW_SPILL_BUDGET: "0", TMPDIR: path.join(temp(), "missing") };
    for (const args of [
      ["diagnose", "samples/default", "--format", "json"],
      ["timeline", "samples/default", "--format", "json"],
      ["diagnose", "samples/fleet", "--format", "json", "--jobs", "2"],
    ]) {
      const r = runCli(args, { env });
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(
        /cannot create the temporary file that holds the messages of a large timeline, in .*missing: no such file or folder/,
      );
      expect(r.err).not.toMatch(/internal error/);
    }
  });

  it("gives the same reports when every message is spilled, on worker threads too", () => {
    for (const args of [
      ["diagnose", "samples/default", "--format", "json", "--fail-on", "never"],
      ["diagnose", "samples/fleet", "--format", "json", "--fail-on", "never", "--jobs", "2"],
      ["timeline", "samples/default", "--format", "json"],
    ]) {
      const kept = runCli(args);
      const spilled = runCli(args, { env: { PATCHFLOW_SPILL_BUDGET: "0", TMPDIR: temp() } });
      expect(kept.code, kept.err).toBe(0);
      expect(spilled.code, spilled.err).toBe(0);
      expect(spilled.out).toBe(kept.out);
    }
  });
});

const JOB: JobOptions = {
  encoding: DEFAULT_INPUT.encoding,
  maxLineBytes: DEFAULT_INPUT.maxLineBytes,
  diagnose: {},
  keepTimeline: true,
};

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
