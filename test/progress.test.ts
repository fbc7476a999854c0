import { describe, expect, it } from "vitest";
import { Progress } from "../src/output/progress.js";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { s: { isTTY, write: (x: string) => (writes.push(x), true) } as unknown as NodeJS.WriteStream, writes };
}

describe("progress bar", () => {
  it("draws on a terminal and clears its line at the end", () => {
    const { s, writes } = stream(true);
    const p = new Progress(s, "clients");
    p.update(1, 4);
    p.update(4, 4);
    p.done();
    expect(writes[0]).toMatch(/^\r\[#{8}\.{22}\] 1\/4 clients$/);
    expect(writes.at(-2)).toMatch(/4\/4 clients$/);
    expect(writes.at(-1)).toBe("\r\x1b[2K");
  });
  it("writes nothing when stderr is not a terminal", () => {
    const { s, writes } = stream(false);
    const p = new Progress(s, "clients");
    p.update(1, 2);
    p.done();
    expect(writes).toEqual([]);
  });
});
