import { closeSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { float64Column } from "../runtime/column.js";
import { describeSystemError, InputError } from "../model/errors.js";

function tempFileError(what: "create" | "write", err: unknown): InputError {
  return new InputError(
    `cannot ${what} the temporary file that holds the timeline's events while they are put in order, in ${tmpdir()}: ${describeSystemError(err)}. ` +
      "Set TMPDIR to a writable folder with room (about the size of the output), or narrow the input.",
  );
}

const CHUNK = 8 << 20;
const BLOCK = 64 * 1024;
const CACHED_BLOCKS = 64;
/** A block evicted after serving fewer entries than this was a waste to read whole. */
const POOR_BLOCK = 8;
const EMPTY = Buffer.alloc(0);

/**
 * Serialized events waiting for their place in the timeline, numbered in arrival order (an entry may be empty: an
 * event the filter left out). They stay in memory up to `memoryLimit` bytes; past that, they go to a temporary file
 * (unlinked as soon as it is opened, so nothing is left behind even if the process is killed) and are read back in
 * blocks, so memory stays bounded however large the input.
 */
export class Spool {
  /** Bytes written so far. */
  private size = 0;
  private chunks: Array<{ start: number; buf: Buffer; used: number }> = [];
  private fd: number | undefined;
  /** Bytes of the spool that are in the file (everything before the first chunk still in memory). */
  private fileSize = 0;
  private inMemory = 0;
  private readonly blocks = new Map<number, { buf: Buffer; hits: number }>();
  /** Blocks evicted in a row after serving few entries: reads are scattered (many interleaved files). */
  private poorEvictions = 0;
  /** Where each entry starts (-1: empty). */
  private readonly starts = float64Column();
  private ends: Float64Array | undefined;
  get length(): number {
    return this.starts.length;
  }

  constructor(
    private memoryLimit = 32 * 1024 * 1024,
    private readonly chunkBytes = CHUNK,
  ) {}

  /** Adds an entry. */
  add(text: string): void {
    this.starts.push(this.writeText(text));
  }

  /** Adds an empty entry. */
  skip(): void {
    this.starts.push(-1);
  }

  /** Writes text as UTF-8 into the current chunk (or a new one); returns its offset. */
  private writeText(text: string): number {
    const at = this.size;
    let last = this.chunks[this.chunks.length - 1];
    // A string takes at most 3 bytes per UTF-16 unit; one that may not fit starts a new chunk.
    if (!last || last.buf.length - last.used < text.length * 3) {
      if (last && this.inMemory > this.memoryLimit) this.spill();
      last = { start: this.size, buf: Buffer.allocUnsafe(Math.max(this.chunkBytes, text.length * 3)), used: 0 };
      this.chunks.push(last);
    }
    const n = last.buf.write(text, last.used, "utf8");
    last.used += n;
    this.size += n;
    this.inMemory += n;
    return at;
  }

  /** Appends the entries of a spool filled elsewhere (a worker thread): its bytes and where its entries start. */
  appendSpool(bytes: Uint8Array, starts: Float64Array): void {
    const base = this.size;
    if (this.inMemory > this.memoryLimit) this.spill();
    this.chunks.push({
      start: this.size,
      buf: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      used: bytes.byteLength,
    });
    this.size += bytes.byteLength;
    this.inMemory += bytes.byteLength;
    for (let i = 0; i < starts.length; i++) this.starts.push(starts[i] < 0 ? -1 : base + starts[i]);
  }

  /** Everything added, as one buffer of its own memory (to hand to another thread), and where entries start. */
  export(): { bytes: Buffer; starts: Float64Array } {
    if (this.fd !== undefined) throw new Error("the spool went to a file");
    const bytes = Buffer.allocUnsafeSlow(this.size);
    let at = 0;
    for (const c of this.chunks) at += c.buf.copy(bytes, at, 0, c.used);
    return { bytes, starts: this.starts.toArray() };
  }

  /**
   * Moves every full chunk to the temporary file. A temporary file that cannot be made or written (`TMPDIR` missing,
   * not writable, full) is an `InputError` that says so: holding everything in memory instead would break the bound.
   */
  private spill(): void {
    if (this.fd === undefined) {
      const path = join(tmpdir(), `patchflow-${process.pid}-${randomBytes(6).toString("hex")}.spool`);
      try {
        this.fd = openSync(path, "wx+", 0o600);
        unlinkSync(path);
      } catch (err) {
        throw tempFileError("create", err);
      }
    }
    const keep = this.chunks.pop()!;
    for (const c of this.chunks) {
      let off = 0;
      try {
        while (off < c.used) off += writeSync(this.fd, c.buf, off, c.used - off, c.start + off);
      } catch (err) {
        throw tempFileError("write", err);
      }
      this.fileSize = c.start + c.used;
    }
    this.chunks = [keep];
    this.inMemory = keep.used;
  }

  /**
   * The bytes of entry `i` (empty for an empty entry). The result may share memory with the spool: use it before
   * the next read.
   */
  entry(i: number): Buffer {
    if (!this.ends) {
      // An entry ends where the next non-empty one starts, or at the end.
      const ends = new Float64Array(this.length);
      let next = this.size;
      for (let k = this.length - 1; k >= 0; k--) {
        const s = this.starts.get(k);
        if (s < 0) continue;
        ends[k] = next;
        next = s;
      }
      this.ends = ends;
    }
    const start = this.starts.get(i);
    return start < 0 ? EMPTY : this.read(start, this.ends[i] - start);
  }

  private read(offset: number, length: number): Buffer {
    if (offset >= this.fileSize) {
      const c = this.chunkAt(offset);
      return c.buf.subarray(offset - c.start, offset - c.start + length);
    }
    const b = Math.floor(offset / BLOCK);
    const cached = this.blocks.get(b);
    if (cached && offset + length <= b * BLOCK + cached.buf.length) {
      // Most recently used last.
      this.blocks.delete(b);
      this.blocks.set(b, cached);
      cached.hits++;
      return cached.buf.subarray(offset - b * BLOCK, offset - b * BLOCK + length);
    }
    // Entries that cross a block, and reads scattered over the file (the timeline interleaves many files), are read
    // on their own: reading a whole block for one entry would copy the spool many times over.
    if (Math.floor((offset + length - 1) / BLOCK) !== b || this.poorEvictions >= 16) return this.readAt(offset, length);
    if (this.blocks.size >= CACHED_BLOCKS) {
      const oldest = this.blocks.keys().next().value!;
      this.poorEvictions = this.blocks.get(oldest)!.hits < POOR_BLOCK ? this.poorEvictions + 1 : 0;
      this.blocks.delete(oldest);
    }
    const block = this.readAt(b * BLOCK, Math.min(BLOCK, this.fileSize - b * BLOCK));
    this.blocks.set(b, { buf: block, hits: 1 });
    return block.subarray(offset - b * BLOCK, offset - b * BLOCK + length);
  }

  private readAt(offset: number, length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd!, out, got, length - got, offset + got);
      if (n === 0) throw new Error("the spool file ended early");
      got += n;
    }
    return out;
  }

  private chunkAt(offset: number): { start: number; buf: Buffer } {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.chunks[lo];
  }

  /** Whether part of the spool went to a temporary file. */
  get spilled(): boolean {
    return this.fd !== undefined;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.chunks = [];
    this.blocks.clear();
  }
}
