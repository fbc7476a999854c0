import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Keeps a large heap near what is live in it. V8 sizes its heap from what its last full collection found live and
 * lets it grow to up to four times that before the next one; while a long log is read and diagnosed, much of what
 * is made dies soon (the parts of each line, the rules' working lists), so the peak depends on when collections
 * happen to fall. A pacer, told of the work as it goes (`pace`, a counter most calls; the timeline's compactor, the
 * rule context and the JSON writer each have one), looks at the heap every `every` calls and collects it in full
 * once it has grown past `growth` times what its last collection left or by `headroom` more, whichever comes first,
 * and past `floor`: below it, small runs never pay for a collection. Twice is the default: on the 200 MB varied bench
 * log, in one run each, 1.5 times took 13 collections and about 3 s more CPU for a peak of 519 MB, twice 7
 * collections for 543 MB, against 652 MB unpaced; two later pairs of runs, pacer off and on (twice): 638 and 646
 * against 509 and 554 MB, for about 7% more CPU. The headroom (56 MB) matters once more than that is live, at the
 * end of a large diagnosis: two interleaved pairs on the 200 MB logs, without it and with 96 MB, peaked at 597 and
 * 589 against 537 and 520 MB (CCM) and 530 and 527 against 509 and 490 MB (varied). Once the rules held less (cited
 * lines read from the timeline), 56 MB against 96 MB, three interleaved runs each: 393, 408 and 407 against 428, 426
 * and 420 MB (varied), 401, 399 and 409 against 421, 422 and 423 MB (CCM); user CPU (13 to 22 s) within 0.3 s in
 * three of the six pairs, 1.2 to 4.4 s more in the others; 40 and 28 MB were no lower within the noise (410 and 414,
 * 424 and 400 MB on the varied log) and cost more. Counting calls misses work that reports little: the engine also
 * `check`s before each rule, and the rule that goes over every failure line paces per line. Before that, the heap
 * grew unchecked from the timeline's end through the early rules (building the scans of 100,000 runs reports
 * nothing). On the 200 MB CCM
 * log, in runs minutes apart: 480 and 489 MB with the per-line pacing alone, 455 and 452 MB with the checks too, the
 * CPU time about the same (the build of the release before, run alongside each time: 519 to 533 MB).
 */
export class HeapPacer {
  private countdown: number;
  private limit: number;
  private gc: (() => void) | null | undefined;
  /** Full collections made. */
  collections = 0;

  constructor(
    private readonly used: () => number = () => getHeapStatistics().used_heap_size,
    private readonly collector: () => (() => void) | null = fullCollector,
    private readonly floor = 96 * 1024 * 1024,
    private readonly growth = 2,
    private readonly every = 2048,
    private readonly headroom = 56 * 1024 * 1024,
  ) {
    this.countdown = every;
    this.limit = floor;
  }

  /** Told of some work done: now and then, looks at the heap, and collects it when it has grown too far. */
  pace(): void {
    if (--this.countdown > 0) return;
    this.check();
  }

  /**
   * Collects the heap in full twice, whatever its size, once a large structure has been let go. A second collection
   * right after the first still found more to free there (87 against 66 MB live once a 50 MB log's diagnosis was
   * made), as a collection that finishes a marking begun while the structure was still held keeps it until the next.
   */
  release(): void {
    this.collect(2);
  }

  /**
   * Looks at the heap now, and collects it when it has grown too far: at the end of a large step of work (a rule)
   * whose many allocations were not counted by `pace`.
   */
  check(): void {
    this.countdown = this.every;
    if (this.used() >= this.limit) this.collect(1);
  }

  /** `times` full collections, and the next limit from what they left live; none where V8's `gc` cannot be had. */
  private collect(times: number): void {
    if (this.gc === undefined) this.gc = this.collector();
    if (this.gc === null) {
      this.limit = Infinity;
      return;
    }
    for (let k = 0; k < times; k++) this.gc();
    this.collections += times;
    const live = this.used();
    this.limit = Math.max(this.floor, live + Math.min(live * (this.growth - 1), this.headroom));
  }
}

/**
 * V8's full collection, as a function, or null where it cannot be had: a context created after the `--expose-gc`
 * flag is set has `gc`. The CLI's launcher sets the flag before it compiles anything (so that the code cache is made
 * and read under one set of flags); it is set here too, for the library and the tests.
 */
export function fullCollector(): (() => void) | null {
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return null;
  }
}
