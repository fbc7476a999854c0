import { Transform, type Readable, type TransformCallback } from "node:stream";
import { crc32 } from "node:zlib";
import type * as Yauzl from "yauzl";
import { InputError } from "../model/errors.js";
import { safeLine } from "../text/terminal.js";

/** Limits that keep a hostile archive (a "zip bomb") from exhausting memory or time. */
export interface ArchiveLimits {
  /** Sum of the entries' uncompressed sizes. */
  maxTotalBytes: number;
  maxEntryBytes: number;
  maxEntries: number;
  /**
   * Uncompressed ÷ compressed size above which an entry (over 1 MiB) is refused; and the archive as a whole: the sum
   * of what its entries declare ÷ the archive file's size (once that sum passes 1 MiB), so that many small entries,
   * or entries declaring compressed sizes they do not have, cannot slip under the limit.
   */
  maxRatio: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxTotalBytes: 4 * 1024 ** 3,
  maxEntryBytes: 1024 ** 3,
  maxEntries: 100_000,
  maxRatio: 200,
};

export interface ArchiveEntry {
  /** Path inside the archive, `/`-separated. */
  name: string;
  size: number;
  open(): Promise<Readable>;
}

export interface Archive {
  entries: ArchiveEntry[];
  close(): void;
}

function mib(n: number): string {
  return `${(n / 1024 ** 2).toFixed(n < 10 * 1024 ** 2 ? 1 : 0)} MiB`;
}

/**
 * Lists a zip archive's files from its central directory, without inflating anything, and refuses it whole when a
 * limit is exceeded. Entries are read later as streams straight from the archive: nothing is extracted to disk.
 * yauzl checks while inflating that no entry grows beyond the size its header declares, so the limits checked here
 * on the declared sizes hold.
 */
export async function openArchive(
  file: string,
  display: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<Archive> {
  // Loaded when an archive is met: most runs read folders, and loading it costs a tenth of a tiny run.
  const { default: yauzl } = await import("yauzl");
  return new Promise((resolve, reject) => {
    yauzl.open(
      file,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true, strictFileNames: false },
      (err, zip) => {
        if (err || !zip) {
          reject(
            new InputError(
              `${safeLine(display)}: not a readable zip archive (${safeLine(err?.message ?? "unknown error")})`,
            ),
          );
          return;
        }
        const entries: ArchiveEntry[] = [];
        let total = 0;
        const fail = (message: string, bomb = true): void => {
          zip.close();
          reject(
            new InputError(
              `${safeLine(display)}: ${message}. The archive is refused as a whole${bomb ? "; it may be an archive bomb" : ""}.`,
            ),
          );
        };
        // The archive's own size, not what its entries declare: those can lie.
        const archiveBytes = Math.max(1, zip.fileSize);
        if (zip.entryCount > limits.maxEntries) {
          fail(
            `${zip.entryCount.toLocaleString("en-US")} entries, over the limit of ${limits.maxEntries.toLocaleString("en-US")}`,
          );
          return;
        }
        zip.on("error", (e: Error) => fail(`cannot be read (${safeLine(e.message)})`, false));
        zip.on("entry", (entry: Yauzl.Entry) => {
          const name = entry.fileName.replace(/\\/g, "/");
          const shown = safeLine(name);
          if (!name.endsWith("/")) {
            const size = entry.uncompressedSize;
            if (size > limits.maxEntryBytes)
              return fail(
                `entry ${shown} would expand to ${mib(size)}, over the per-entry limit of ${mib(limits.maxEntryBytes)}`,
              );
            if (size > 1024 ** 2 && size > entry.compressedSize * limits.maxRatio) {
              return fail(
                `entry ${shown} would expand ${Math.round(size / Math.max(1, entry.compressedSize))} times (${mib(size)}), over the ratio limit of ${limits.maxRatio}`,
              );
            }
            total += size;
            if (total > limits.maxTotalBytes)
              return fail(`entries would expand to more than ${mib(limits.maxTotalBytes)} in total`);
            if (total > 1024 ** 2 && total > archiveBytes * limits.maxRatio) {
              return fail(
                `its entries would expand to more than ${mib(total)}, over ${limits.maxRatio} times the archive's own ${mib(archiveBytes)} (the ratio limit)`,
              );
            }
            entries.push({
              name,
              size,
              open: () =>
                new Promise<Readable>((res, rej) =>
                  zip.openReadStream(entry, (e, stream) =>
                    e || !stream
                      ? rej(
                          new InputError(
                            `${safeLine(display)}/${shown}: cannot be read (${safeLine(String(e?.message))})`,
                          ),
                        )
                      : res(checkCrc(stream, entry.crc32)),
                  ),
                ),
            });
          }
          zip.readEntry();
        });
        zip.on("end", () => resolve({ entries, close: () => zip.close() }));
        zip.readEntry();
      },
    );
  });
}

/** An archive entry's bytes, told once read whole whether they match the checksum the archive recorded. */
export interface CheckedStream extends Readable {
  /** Set at the end of the data when it does not match: what to report for the file. */
  damage?: string;
}

/**
 * Passes an entry's bytes through and checks them against the CRC-32 its archive recorded. Data damaged after it
 * was archived is still read (every line accounted for), and `damage` says so, for the file's report, instead of
 * the entry passing for intact.
 */
function checkCrc(source: Readable, expected: number): CheckedStream {
  let crc = 0;
  const checked: Transform & { damage?: string } = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      crc = crc32(chunk, crc);
      cb(null, chunk);
    },
    flush(cb: TransformCallback) {
      if (crc >>> 0 !== expected >>> 0)
        checked.damage = `damaged: its data does not match the CRC-32 the archive recorded for it (${hex(crc)}, expected ${hex(expected)}); the lines read from it may be wrong`;
      cb();
    },
  });
  // A read error of the entry itself (bad deflate data, more bytes than declared) ends the read as before.
  source.once("error", (e) =>
    checked.destroy(
      /too many bytes in the stream/.test(e.message)
        ? new Error(`${e.message}: the entry holds more than the archive declares for it, and reading stopped there`)
        : e,
    ),
  );
  checked.once("close", () => source.destroy());
  source.pipe(checked);
  return checked;
}

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}
