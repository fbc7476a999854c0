const SHIFT = 16;
const BLOCK = 1 << SHIFT;
const MASK = BLOCK - 1;

type Typed = Float64Array | Uint32Array;

/**
 * A growable typed-array column in blocks of 65,536 values: growing never copies, and never holds an old and a
 * new array at once (which doubling does, at the peak of memory).
 */
export class Column<T extends Typed> {
  private readonly blocks: T[] = [];
  length = 0;

  constructor(private readonly make: (n: number) => T) {}

  push(v: number): void {
    const b = this.length >>> SHIFT;
    if (b === this.blocks.length) this.blocks.push(this.make(BLOCK));
    this.blocks[b][this.length & MASK] = v;
    this.length++;
  }

  get(i: number): number {
    return this.blocks[i >>> SHIFT][i & MASK];
  }

  set(i: number, v: number): void {
    this.blocks[i >>> SHIFT][i & MASK] = v;
  }

  /** The values as one array (to send to another thread). */
  toArray(): T {
    const out = this.make(this.length);
    for (let b = 0; b < this.blocks.length; b++) {
      const start = b << SHIFT;
      const n = Math.min(BLOCK, this.length - start);
      out.set(n === BLOCK ? this.blocks[b] : (this.blocks[b].subarray(0, n) as T), start);
    }
    return out;
  }
}

export const float64Column = (): Column<Float64Array> => new Column((n) => new Float64Array(n));
export const uint32Column = (): Column<Uint32Array> => new Column((n) => new Uint32Array(n));

/**
 * One number per row, in blocks of 65,536 rows, each block in the smallest typed array that holds every value set in
 * it so far: 16 bits, then 32 bits, then 64-bit floats (any number, exactly). The first block grows by doubling
 * from 1,024 rows (a small log's columns stay small); past it, blocks are whole and never copied or freed while the
 * column is in use, where one array per column, doubled as rows come and cut to size at the end, leaves the arrays
 * it outgrew as holes in `malloc`'s heap. Together with the timeline order in JavaScript arrays (`OrderColumns`),
 * two interleaved pairs of runs on the 200 MB CCM bench log peaked at 488 and 492 MB against 517 and 520 MB; of
 * that, the blocks alone made at most 15 MB, within what varies between runs. (`Column` above keeps one type and
 * is only appended to: the order's and the spool's columns, sent to another thread as one typed array of that type.)
 */
export class NumberColumn {
  private readonly blocks: Cells[] = [];

  /** `wide`: 64-bit floats from the start (a column of times, where most values need them). */
  constructor(private readonly wide = false) {}

  get(i: number): number {
    return this.blocks[i >>> SHIFT][i & MASK];
  }

  set(i: number, v: number): void {
    const k = i >>> SHIFT;
    const j = i & MASK;
    let a = this.blocks[k];
    if (a === undefined || j >= a.length) a = this.room(k, j);
    if (a instanceof Uint16Array ? (v & 0xffff) !== v : a instanceof Uint32Array && v >>> 0 !== v) a = this.widen(k, v);
    else if (v === 0 && Object.is(v, -0) && !(a instanceof Float64Array)) a = this.widen(k, v);
    a[j] = v;
  }

  /** Block `k` with room for its row `j`; the blocks before it whole. */
  private room(k: number, j: number): Cells {
    for (let b = 0; b < k; b++)
      if (this.blocks[b] === undefined || this.blocks[b].length < BLOCK) this.resize(b, BLOCK);
    const a = this.blocks[k];
    let size = k === 0 ? Math.max(1024, a?.length ?? 0) : BLOCK;
    while (size <= j) size *= 2;
    return this.resize(k, Math.min(size, BLOCK));
  }

  private resize(k: number, size: number): Cells {
    const a = this.blocks[k];
    const b = a
      ? new (a.constructor as Uint16ArrayConstructor)(size)
      : this.wide
        ? new Float64Array(size)
        : new Uint16Array(size);
    if (a) b.set(a);
    return (this.blocks[k] = b);
  }

  private widen(k: number, v: number): Cells {
    const a = this.blocks[k];
    const b = v >>> 0 === v && !Object.is(v, -0) ? new Uint32Array(a.length) : new Float64Array(a.length);
    b.set(a);
    return (this.blocks[k] = b);
  }
}

type Cells = Uint16Array | Uint32Array | Float64Array;
