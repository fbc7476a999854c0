import type { Readable } from "node:stream";
import type * as Yauzl from "yauzl";
import { InputError } from "../errors.js";

/** Limits that keep a hostile archive (a "zip bomb") from exhausting memory or time. */
export interface ArchiveLimits {
  /** Sum of the entries' uncompressed sizes. */
  maxTotalBytes: number;
  maxEntryBytes: number;
  maxEntries: number;
  /** Uncompressed ÷ compressed size above which an entry (over 1 MiB) is refused. */
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
export async function openArchive(file: string, display: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<Archive> {
  // Loaded when an archive is met: most runs read folders, and loading it costs a tenth of a tiny run.
  const { default: yauzl } = await import("yauzl");
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) {
        reject(new InputError(`${display}: not a readable zip archive (${err?.message ?? "unknown error"})`));
        return;
      }
      const entries: ArchiveEntry[] = [];
      let total = 0;
      const fail = (message: string): void => {
        zip.close();
        reject(new InputError(`${display}: ${message}. The archive is refused as a whole; it may be an archive bomb.`));
      };
      if (zip.entryCount > limits.maxEntries) {
        fail(`${zip.entryCount.toLocaleString("en-US")} entries, over the limit of ${limits.maxEntries.toLocaleString("en-US")}`);
        return;
      }
      zip.on("error", (e: Error) => fail(`cannot be read (${e.message})`));
      zip.on("entry", (entry: Yauzl.Entry) => {
        const name = entry.fileName.replace(/\\/g, "/");
        if (!name.endsWith("/")) {
          const size = entry.uncompressedSize;
          if (size > limits.maxEntryBytes) return fail(`entry ${name} would expand to ${mib(size)}, over the per-entry limit of ${mib(limits.maxEntryBytes)}`);
          if (size > 1024 ** 2 && size > entry.compressedSize * limits.maxRatio) {
            return fail(`entry ${name} would expand ${Math.round(size / Math.max(1, entry.compressedSize))} times (${mib(size)}), over the ratio limit of ${limits.maxRatio}`);
          }
          total += size;
          if (total > limits.maxTotalBytes) return fail(`entries would expand to more than ${mib(limits.maxTotalBytes)} in total`);
          entries.push({
            name,
            size,
            open: () =>
              new Promise<Readable>((res, rej) =>
                zip.openReadStream(entry, (e, stream) => (e || !stream ? rej(new InputError(`${display}/${name}: cannot be read (${e?.message})`)) : res(stream))),
              ),
          });
        }
        zip.readEntry();
      });
      zip.on("end", () => resolve({ entries, close: () => zip.close() }));
      zip.readEntry();
    });
  });
}
