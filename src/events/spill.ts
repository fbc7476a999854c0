import { closeSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { describeSystemError, InputError } from "../model/errors.js";
import { NumberColumn as Column } from "../runtime/column.js";

/**
 * Where a timeline keeps its messages: in memory up to `budget` characters of message text, the rest in a spill
 * file in `dir`. A small log never reaches the budget; a log of hundreds of MB keeps most of its messages on disk.
 */
export interface MessageKeeping {
  /** Characters of message text kept in memory before messages go to the spill file (0: every message does). */
  budget: number;
  /** The folder the spill file is made in. */
  dir: string;
}

/**
 * The budget unless told otherwise: 4 M characters (4 MB of one-byte text, 8 MB of wide text), reached by a client
 * whose logs hold about 6 MB of CCM lines (an SMS 2003 client rolls a log over at 256 KB by default, SMS 2.0 at
 * 100 KB, so one client's logs seldom do); a 200 MB log holds about 110 M characters of messages. On the 200 MB
 * varied bench log, the timeline's heap is 118 MB with every message spilled, 127 MB with this budget, 141 MB with
 * 16 M, 160 MB with 32 M and 202 MB with 64 M (308 MB with every message in memory); `diagnose` peaked at 517 and
 * 549 MB with this budget against 568 and 571 MB with 16 M, for no CPU above the noise (two interleaved pairs):
 * reading spilled messages back costs little. `PATCHFLOW_SPILL_BUDGET` (characters) overrides it, for tests; the
 * folder is the system's temporary folder (`TMPDIR`, or `TEMP` on Windows).
 */
export const DEFAULT_MESSAGE_BUDGET = 4 * 1024 * 1024;

export function defaultMessageKeeping(): MessageKeeping {
  const env = process.env.PATCHFLOW_SPILL_BUDGET;
  const n = env !== undefined && /^\d+$/.test(env) ? Number(env) : DEFAULT_MESSAGE_BUDGET;
  return { budget: n, dir: tmpdir() };
}

/** The open file behind a spill: its descriptor (-1 once closed) and its path while it is still on disk. */
interface SpillFile {
  fd: number;
  path: string | undefined;
}

function closeFile(f: SpillFile): void {
  if (f.fd >= 0) {
    try {
      closeSync(f.fd);
    } catch {
      // Nothing more can be done with it.
    }
    f.fd = -1;
  }
  if (f.path !== undefined) {
    try {
      unlinkSync(f.path);
    } catch {
      // Already gone.
    }
    f.path = undefined;
  }
}

/** A spill the program no longer reaches has its file closed (and removed, where it could not be before). */
const finalizer = new FinalizationRegistry<SpillFile>(closeFile);

const WRITE_BYTES = 256 * 1024;
const BLOCK_BYTES = 64 * 1024;
const BLOCKS = 16;
/** A character that does not fit in one byte. */
const WIDE = /[^\x00-\xff]/;

/**
 * Messages written to a file, each read back as exactly the string it was: text whose every character fits in one
 * byte is written one byte a character (latin1), other text as its UTF-16 code units (a lone surrogate included).
 * The file is removed as soon as it is opened (where the system allows it; else when the spill is released), so
 * nothing is left behind whatever happens; its descriptor is closed by `release`, or when the spill is collected.
 * Writes go through a buffer; reads through a few cached blocks, so reading messages in file order is cheap.
 */
export class MessageSpill {
  /**
   * Each row's message: its byte offset in the file (32 bits a row until the file passes 4 GB), and twice its length
   * in characters, plus one when two bytes each.
   */
  private readonly at = new Column();
  private readonly len = new Column();
  private out: Buffer = Buffer.allocUnsafe(WRITE_BYTES);
  private outBytes = 0;
  /** Bytes written to the file. */
  private size = 0;
  /** Blocks of the file read, least recently used first; their buffers are reused, never allocated again. */
  private readonly blocks = new Map<number, Buffer>();
  private lastBlock = -1;
  /** Where a message that spans two blocks is read. */
  private scratch: Buffer = Buffer.alloc(0);
  private last: Buffer | undefined;
  private readonly file: SpillFile;

  private constructor(
    file: SpillFile,
    private readonly dir: string,
  ) {
    this.file = file;
    finalizer.register(this, file, file);
  }

  /** Makes a spill file in `dir`; one that cannot be made is an `InputError` saying why. */
  static open(dir: string): MessageSpill {
    const path = join(dir, `patchflow-${process.pid}-${randomBytes(6).toString("hex")}.spill`);
    let fd: number;
    try {
      fd = openSync(path, "wx+", 0o600);
    } catch (err) {
      throw spillError("create", dir, err);
    }
    const file: SpillFile = { fd, path };
    try {
      unlinkSync(path);
      file.path = undefined;
    } catch {
      // A system that cannot remove an open file: removed when the spill is released or collected.
    }
    return new MessageSpill(file, dir);
  }

  /** Writes `s` as the message of `row`. */
  put(row: number, s: string): void {
    const wide = WIDE.test(s);
    const bytes = wide ? s.length * 2 : s.length;
    this.at.set(row, this.size + this.outBytes);
    this.len.set(row, wide ? s.length * 2 + 1 : s.length * 2);
    if (this.outBytes + bytes > this.out.length) {
      this.drain();
      if (bytes > this.out.length) {
        this.writeAll(Buffer.from(s, wide ? "utf16le" : "latin1"));
        return;
      }
    }
    this.out.write(s, this.outBytes, wide ? "utf16le" : "latin1");
    this.outBytes += bytes;
  }

  /** The message of `row`, as it was put. */
  get(row: number): string {
    if (this.file.fd < 0) throw new Error("the timeline's messages were read after the timeline was released");
    const pos = this.at.get(row);
    const n = this.len.get(row);
    const enc = n & 1 ? "utf16le" : "latin1";
    const bytes = n & 1 ? n - 1 : n / 2;
    if (bytes === 0) return "";
    if (pos + bytes > this.size) this.drain();
    const first = Math.floor(pos / BLOCK_BYTES);
    if (Math.floor((pos + bytes - 1) / BLOCK_BYTES) !== first) {
      if (this.scratch.length < bytes) this.scratch = Buffer.allocUnsafeSlow(Math.max(bytes, BLOCK_BYTES));
      this.readAll(this.scratch, pos, bytes);
      return this.scratch.toString(enc, 0, bytes);
    }
    const block = first === this.lastBlock ? this.last! : this.block(first);
    const o = pos - first * BLOCK_BYTES;
    return block.toString(enc, o, o + bytes);
  }

  /** Writes out what is buffered. */
  finish(): void {
    this.drain();
  }

  /** Closes the file; its messages cannot be read after this. */
  release(): void {
    finalizer.unregister(this.file);
    closeFile(this.file);
    this.blocks.clear();
    this.scratch = Buffer.alloc(0);
    this.last = undefined;
    this.lastBlock = -1;
    this.out = Buffer.alloc(0);
    this.outBytes = 0;
  }

  /** Whether the file is still open (for tests). */
  get open(): boolean {
    return this.file.fd >= 0;
  }

  private block(k: number): Buffer {
    let b = this.blocks.get(k);
    if (b === undefined) {
      // Allocating a block for each read costs more than reading it: the least recently used one is read over.
      if (this.blocks.size >= BLOCKS) {
        const lru = this.blocks.keys().next().value!;
        b = this.blocks.get(lru)!;
        this.blocks.delete(lru);
      } else b = Buffer.allocUnsafeSlow(BLOCK_BYTES);
      this.readAll(b, k * BLOCK_BYTES, Math.min(BLOCK_BYTES, this.size - k * BLOCK_BYTES));
    } else this.blocks.delete(k);
    this.blocks.set(k, b);
    this.lastBlock = k;
    this.last = b;
    return b;
  }

  private drain(): void {
    if (this.outBytes === 0) return;
    // The block holding the file's end may have been read before the end grew: it is read again when needed.
    const end = Math.floor(this.size / BLOCK_BYTES);
    this.blocks.delete(end);
    if (this.lastBlock === end) {
      this.lastBlock = -1;
      this.last = undefined;
    }
    const n = this.outBytes;
    this.outBytes = 0;
    this.writeAll(this.out.subarray(0, n));
  }

  private writeAll(buf: Buffer): void {
    if (this.file.fd < 0) throw new Error("the timeline's messages were written after the timeline was released");
    let done = 0;
    try {
      while (done < buf.length) done += writeSync(this.file.fd, buf, done, buf.length - done, this.size + done);
    } catch (err) {
      throw spillError("write", this.dir, err);
    }
    this.size += buf.length;
  }

  /** Reads `bytes` bytes at `pos` into the start of `buf`. */
  private readAll(buf: Buffer, pos: number, bytes: number): void {
    let done = 0;
    while (done < bytes) {
      const n = readSync(this.file.fd, buf, done, bytes - done, pos + done);
      if (n === 0) throw new Error(`the timeline's message file ends before byte ${pos + bytes}`);
      done += n;
    }
  }
}

function spillError(what: "create" | "write", dir: string, err: unknown): InputError {
  return new InputError(
    `cannot ${what} the temporary file that holds the messages of a large timeline, in ${dir}: ${describeSystemError(err)}. ` +
      "Set TMPDIR to a writable folder with room (about the size of the logs), or narrow the input.",
  );
}
