/**
 * Typed errors thrown by deep code; only the CLI entry point maps them to exit codes
 * (UsageError, InputError and OutputError: 2; anything else: internal error, 2).
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The input cannot be read at all (missing path, nothing readable, a limit exceeded). */
export class InputError extends Error {
  override name = "InputError";
}

/** The output cannot be written (a full disk, an I/O error, a file that cannot be created). */
export class OutputError extends Error {
  override name = "OutputError";
}

/** What an operating-system error code means, in a few words (the code kept for searching). */
export function describeSystemError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOSPC: "no space left on the device",
    EDQUOT: "disk quota exceeded",
    EFBIG: "file too large",
    EIO: "input/output error",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "read-only file system",
    EISDIR: "is a folder",
    ENOENT: "no such file or folder",
    ENOTDIR: "a part of the path is not a folder",
    ENXIO: "no such device",
  };
  const w = e?.code ? words[e.code] : undefined;
  return w ? `${w} (${e.code})` : (e?.message ?? String(err));
}
