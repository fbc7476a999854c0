import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { buildTimeline } from "../../src/pipeline/timeline.js";
import { Classifier } from "../../src/events/classify.js";
import { DEFAULT_INPUT } from "../../src/model/input.js";
import { tempDirs } from "../helpers/temp.js";
import { runCli } from "../helpers/cli.js";

// What a long log of short lines costs `diagnose`, which holds every event for the rules: measured in heap bytes
// and under a heap limit, never in time.

const temp = tempDirs("patchflow-memory-");

/** `lines` lines of three letters each (4 bytes with the LF), no time, no component: the cheapest records there are. */
function tinyLines(lines: number): string {
  const dir = temp();
  const buf = Buffer.alloc(lines * 4);
  for (let i = 0; i < lines; i++) {
    buf[i * 4] = 0x61 + (i % 26);
    buf[i * 4 + 1] = 0x62;
    buf[i * 4 + 2] = 0x63;
    buf[i * 4 + 3] = 0x0a;
  }
  writeFileSync(path.join(dir, "ScanWrapper.log"), buf);
  return dir;
}

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

describe("diagnose on a long log of short lines", () => {
  it("holds at most 200 heap bytes per event (events without fields or time share one frozen object each)", async () => {
    const dir = tinyLines(200_000);
    gc();
    const before = process.memoryUsage().heapUsed;
    const tl = await buildTimeline([dir], DEFAULT_INPUT, new Classifier());
    gc();
    const perEvent = (process.memoryUsage().heapUsed - before) / tl.events.length;
    expect(tl.events).toHaveLength(200_000);
    expect(tl.events[0].fields).toBe(tl.events[1].fields);
    expect(Object.isFrozen(tl.events[0].fields)).toBe(true);
    expect(tl.events[0].time).toBe(tl.events[1].time);
    expect(Object.isFrozen(tl.events[0].time)).toBe(true);
    // 304 bytes before: a fields object, a time object and a kind string per event.
    expect(perEvent).toBeLessThan(200);
  });

  it("1.5 million lines (6 MB) under a 400 MB heap: exit 0, every line an event", () => {
    const dir = tinyLines(1_500_000);
    // The time limit only turns a hang into a failure.
    const r = runCli(["diagnose", "--format", "json", "--fail-on", "never", dir], {
      node: ["--max-old-space-size=400"],
      timeout: 300_000,
    });
    expect(r.signal).toBeNull();
    expect(r.err).not.toMatch(/heap out of memory|internal error/);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/1500000 records/);
    const result = JSON.parse(r.out);
    expect(result.schema).toBe("patchflow.diagnosis");
  });
});
