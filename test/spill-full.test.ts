import { describe, expect, it, vi } from "vitest";
import { EventCompactor } from "../src/events/compact.js";
import { InputError } from "../src/model/errors.js";
import type { PatchEvent } from "../src/model/event.js";
import { tempDirs } from "./helpers/temp.js";
import { scanDraft } from "./helpers/events.js";

/** A disk that fills up: every write to a file fails with ENOSPC while `full` is set. */
const disk = vi.hoisted(() => ({ full: false }));
vi.mock("node:fs", async (original) => {
  const fs = await original<typeof import("node:fs")>();
  return {
    ...fs,
    writeSync: (...args: Parameters<typeof fs.writeSync>) => {
      if (disk.full) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      return (fs.writeSync as (...a: unknown[]) => number)(...args);
    },
  };
});

const temp = tempDirs("patchflow-spill-full-");

const event = (i: number): PatchEvent =>
  scanDraft({
    message: `Message ${i} of a log too large to keep in memory, ${"padding ".repeat(20)}`,
    line: i + 1,
    lastLine: i + 1,
  });

describe("a spill file on a full disk", () => {
  it("is an input error naming the folder and the cause, not a crash", () => {
    const dir = temp();
    const c = new EventCompactor({ budget: 0, dir });
    disk.full = true;
    let thrown: unknown;
    try {
      // More than the write buffer holds: the spill has to write.
      for (let i = 0; i < 5000; i++) c.compact(event(i));
      c.finish();
    } catch (err) {
      thrown = err;
    } finally {
      disk.full = false;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as Error).message).toContain(
      `cannot write the temporary file that holds the messages of a large timeline, in ${dir}`,
    );
    expect((thrown as Error).message).toContain("no space left on the device (ENOSPC)");
  });

  it("reads back what was written before the disk filled up when nothing more is written", () => {
    const c = new EventCompactor({ budget: 0, dir: temp() });
    const events = Array.from({ length: 100 }, (_, i) => c.compact(event(i)));
    c.finish();
    disk.full = true;
    try {
      events.forEach((e, i) => expect(e.message).toBe(event(i).message));
    } finally {
      disk.full = false;
    }
  });
});
