import { describe, expect, it } from "vitest";
import { fullCollector, HeapPacer } from "../src/runtime/heap.js";

const MB = 1024 * 1024;

describe("HeapPacer", () => {
  /** A heap whose size the test sets; a collection leaves `live`. */
  function fakeHeap(live: () => number, headroom = Infinity) {
    const heap = { used: 0, looks: 0, collections: 0 };
    const pacer = new HeapPacer(
      () => {
        heap.looks++;
        return heap.used;
      },
      () => () => {
        heap.collections++;
        heap.used = live();
      },
      100 * MB,
      1.5,
      4,
      headroom,
    );
    /** Sets the heap's size and tells the pacer of enough work that it looks once. */
    const step = (used: number) => {
      heap.used = used;
      for (let i = 0; i < 4; i++) pacer.pace();
    };
    return { heap, pacer, step };
  }

  it("looks at the heap once every few calls", () => {
    const { heap, pacer } = fakeHeap(() => 0);
    for (let i = 0; i < 40; i++) pacer.pace();
    expect(heap.looks).toBe(10);
    expect(heap.collections).toBe(0);
  });

  it("looks at once when asked to check, and counts its calls from there", () => {
    const { heap, pacer } = fakeHeap(() => 10 * MB);
    heap.used = 150 * MB;
    pacer.check();
    expect([heap.looks, heap.collections]).toEqual([2, 1]);
    // Past the check, the next look is a full round of calls away, however far the count had got before it.
    for (let i = 0; i < 3; i++) pacer.pace();
    expect(heap.looks).toBe(2);
    pacer.pace();
    expect(heap.looks).toBe(3);
  });

  it("collects twice when told a large structure was let go, below its floor too, and paces from what is left", () => {
    const { heap, pacer, step } = fakeHeap(() => 120 * MB);
    heap.used = 50 * MB;
    pacer.release();
    expect(heap.collections).toBe(2);
    expect(pacer.collections).toBe(2);
    // 120 MB left: the next collection comes past 1.5 times that, not before.
    step(179 * MB);
    expect(heap.collections).toBe(2);
    step(181 * MB);
    expect(heap.collections).toBe(3);
  });

  it("keeps its floor as the limit when little is left", () => {
    let live = 10 * MB;
    const { heap, pacer } = fakeHeap(() => live);
    heap.used = 100 * MB;
    for (let i = 0; i < 4; i++) pacer.pace();
    expect(heap.collections).toBe(1);
    live = 0;
    heap.used = 99 * MB;
    for (let i = 0; i < 40; i++) pacer.pace();
    expect(heap.collections).toBe(1);
  });

  it("never collects below its floor", () => {
    const { heap, pacer } = fakeHeap(() => 0);
    heap.used = 99 * MB;
    for (let i = 0; i < 400; i++) pacer.pace();
    expect(heap.collections).toBe(0);
  });

  it.each([
    { headroom: Infinity, next: 300, by: "1.5 times what was left" },
    { headroom: 64, next: 264, by: "its headroom (64 MB) more than was left, before 1.5 times" },
  ])("collects past the floor, then once the heap has grown to $by", ({ headroom, next }) => {
    let live = 80 * MB;
    const { heap, pacer, step } = fakeHeap(() => live, headroom * MB);
    step(120 * MB);
    expect(heap.collections).toBe(1);
    // Left 80 MB: half of it is 40 MB, less than the headroom, so the next one at 120 MB.
    step(119 * MB);
    expect(heap.collections).toBe(1);
    live = 200 * MB;
    step(120 * MB);
    expect(heap.collections).toBe(2);
    // Left 200 MB: the next one at 300 MB, or at 264 MB with a headroom of 64 MB.
    step((next - 1) * MB);
    expect(heap.collections).toBe(2);
    step(next * MB);
    expect(heap.collections).toBe(3);
    expect(pacer.collections).toBe(3);
  });

  it("stops looking for a collector it cannot have", () => {
    let asked = 0;
    const pacer = new HeapPacer(
      () => 500 * MB,
      () => {
        asked++;
        return null;
      },
      100 * MB,
      1.5,
      1,
    );
    for (let i = 0; i < 10; i++) pacer.pace();
    expect(asked).toBe(1);
    expect(pacer.collections).toBe(0);
  });

  it("has V8's full collection in this process", () => {
    const gc = fullCollector();
    expect(typeof gc).toBe("function");
    gc!();
  });
});
