import { float64Column, uint32Column } from "../runtime/column.js";

/**
 * What placing an event in the merged timeline needs, kept in columns (typed arrays) in arrival order rather than
 * beside each event: a million events cost 20 bytes each here, and nothing the garbage collector has to trace.
 */
export class OrderColumns {
  /** UTC ms of events whose zone is known with confidence; NaN for the others. */
  private readonly utc = float64Column();
  /** Local wall-clock ms (read as UTC) of the uncertain events; NaN when they have no time. */
  private readonly local = float64Column();
  private readonly file = uint32Column();

  get length(): number {
    return this.utc.length;
  }

  add(utcMs: number, localMs: number, file: number): void {
    this.utc.push(utcMs);
    this.local.push(localMs);
    this.file.push(file);
  }

  /** Appends another reader's columns (a range of a file read elsewhere), its file numbers shifted by `fileBase`. */
  append(other: { utc: Float64Array; local: Float64Array; file: Uint32Array; length: number }, fileBase: number): void {
    for (let i = 0; i < other.length; i++) this.add(other.utc[i], other.local[i], other.file[i] + fileBase);
  }

  /** The columns, trimmed, to send to another thread. */
  export(): { utc: Float64Array; local: Float64Array; file: Uint32Array; length: number } {
    return { utc: this.utc.toArray(), local: this.local.toArray(), file: this.file.toArray(), length: this.length };
  }

  /**
   * Arrival indices in timeline order. Certain times sort by UTC; uncertain ones by local time shifted by the
   * machine's bias, never before an event that precedes them in their own file; untimed ones right after the
   * previous event of their file. Equal keys keep file order, then arrival order (the sort is stable). The keys and
   * the order are JavaScript arrays, in the garbage collector's heap, rather than typed arrays: a typed array of a
   * large log's events is a block of `malloc`'s of several MB, and freeing one raises the size below which `malloc`
   * keeps freed memory for the process (see `NumberColumn` for what this and the columns in blocks measured).
   */
  order(machineBias: number): number[] {
    const n = this.length;
    const keys: number[] = [];
    const lastKeyOfFile = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      let key = this.utc.get(i);
      const f = this.file.get(i);
      if (Number.isNaN(key)) {
        const previous = lastKeyOfFile.get(f) ?? Number.NEGATIVE_INFINITY;
        const l = this.local.get(i);
        key = Number.isNaN(l) ? previous : Math.max(previous, l + machineBias * 60_000);
      }
      lastKeyOfFile.set(f, key);
      keys.push(key);
    }
    const order: number[] = [];
    for (let i = 0; i < n; i++) order.push(i);
    const cmp = (a: number, b: number): number => keys[a] - keys[b] || this.file.get(a) - this.file.get(b) || a - b;
    // Most logs are in time order already: skip the sort when they are.
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = cmp(i - 1, i) < 0;
    if (!sorted) order.sort(cmp);
    return order;
  }
}
