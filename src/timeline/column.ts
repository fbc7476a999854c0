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
