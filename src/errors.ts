/**
 * Typed errors thrown by deep code; only the CLI entry point maps them to exit codes
 * (UsageError and InputError: 2; anything else: internal error, 2).
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The input cannot be read at all (missing path, nothing readable, a limit exceeded). */
export class InputError extends Error {
  override name = "InputError";
}
