/**
 * What placing an event in the merged timeline needs, kept in columns (typed arrays) in arrival order rather than
 * beside each event: a million events cost 20 bytes each here, and nothing the garbage collector has to trace.
 */
export class OrderColumns {
  length = 0;
  /** UTC ms of events whose zone is known with confidence; NaN for the others. */
  private utc = new Float64Array(1024);
  /** Local wall-clock ms (read as UTC) of the uncertain events; NaN when they have no time. */
  private local = new Float64Array(1024);
  private file = new Uint32Array(1024);

  add(utcMs: number, localMs: number, file: number): void {
    if (this.length === this.utc.length) {
      const grow = <T extends Float64Array | Uint32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.utc = grow(this.utc);
      this.local = grow(this.local);
      this.file = grow(this.file);
    }
    this.utc[this.length] = utcMs;
    this.local[this.length] = localMs;
    this.file[this.length] = file;
    this.length++;
  }

  /** Appends another reader's columns (a range of a file read elsewhere), its file numbers shifted by `fileBase`. */
  append(other: { utc: Float64Array; local: Float64Array; file: Uint32Array; length: number }, fileBase: number): void {
    for (let i = 0; i < other.length; i++) this.add(other.utc[i], other.local[i], other.file[i] + fileBase);
  }

  /** The columns, trimmed, to send to another thread. */
  export(): { utc: Float64Array; local: Float64Array; file: Uint32Array; length: number } {
    return { utc: this.utc.slice(0, this.length), local: this.local.slice(0, this.length), file: this.file.slice(0, this.length), length: this.length };
  }

  /**
   * Arrival indices in timeline order. Certain times sort by UTC; uncertain ones by local time shifted by the
   * machine's bias, never before an event that precedes them in their own file; untimed ones right after the
   * previous event of their file. Equal keys keep file order, then arrival order (the sort is stable).
   */
  order(machineBias: number): Uint32Array {
    const n = this.length;
    const keys = new Float64Array(n);
    const lastKeyOfFile = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      let key = this.utc[i];
      const f = this.file[i];
      if (Number.isNaN(key)) {
        const previous = lastKeyOfFile.get(f) ?? Number.NEGATIVE_INFINITY;
        const l = this.local[i];
        key = Number.isNaN(l) ? previous : Math.max(previous, l + machineBias * 60_000);
      }
      lastKeyOfFile.set(f, key);
      keys[i] = key;
    }
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    // Most logs are in time order already: skip the sort when they are.
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = cmp(keys, this.file, i - 1, i) < 0;
    if (!sorted) order.sort((a, b) => cmp(keys, this.file, a, b));
    return order;
  }
}

function cmp(keys: Float64Array, file: Uint32Array, a: number, b: number): number {
  return keys[a] - keys[b] || file[a] - file[b] || a - b;
}
