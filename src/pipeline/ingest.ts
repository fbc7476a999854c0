import { discover } from "../input/discover.js";
import type { InputSpec, LogFile, InputOptions, LogSelection } from "../model/input.js";
import { groupRollovers, readGroup } from "../input/read.js";
import type { ParsedItem } from "../model/record.js";
import { safeLine } from "../text/terminal.js";
import { InputError } from "../model/errors.js";
import { sizeText } from "../input/select.js";
import type { IngestReport } from "../model/timeline.js";

/**
 * Finds and reads every log under `paths`, yielding records and unparsed spans file by file (rollover
 * generations oldest first). Throws InputError when nothing at all can be read.
 */
export async function* ingest(
  paths: InputSpec[],
  opts: InputOptions & { stdinName?: string },
  report: IngestReport,
): AsyncGenerator<{ file: LogFile; items: ParsedItem[] }> {
  for await (const group of logGroups(paths, opts, report)) yield* readGroup(group, opts, report.stats);
}

/**
 * The logs under `paths`, one rollover group at a time (generations oldest first): the discovery every reader
 * shares. What discovery opened is released when the loop ends, breaks or throws. Throws InputError when nothing
 * at all can be read.
 */
export async function* logGroups(
  paths: InputSpec[],
  opts: { stdinName?: string; select?: LogSelection },
  report: IngestReport,
): AsyncGenerator<LogFile[]> {
  const groups = await discoverGroups(paths, opts, report);
  try {
    yield* groups;
  } finally {
    report.discovery.dispose();
  }
}

/**
 * Finds the logs under `paths` and groups their rollover generations, oldest first. Throws InputError, having
 * released what it opened, when nothing at all can be read; otherwise the caller disposes of `report.discovery`.
 */
async function discoverGroups(
  paths: InputSpec[],
  opts: { stdinName?: string; select?: LogSelection },
  report: IngestReport,
): Promise<LogFile[][]> {
  const found = await discover(paths, opts.stdinName, undefined, opts.select);
  report.discovery = found;
  if (found.files.length === 0) {
    found.dispose();
    if (found.skipped.length) {
      const bytes = found.skipped.reduce((n, s) => n + s.bytes, 0);
      const names =
        found.skipped
          .slice(0, 5)
          .map((s) => s.file)
          .join(", ") + (found.skipped.length > 5 ? ", ..." : "");
      throw new InputError(
        `no patch-flow log under ${paths.map((p) => (typeof p === "string" ? p : `${p.archive}/${p.prefix}`)).join(", ")}: ${found.skipped.length} log${found.skipped.length === 1 ? "" : "s"} (${sizeText(bytes)}) that no stage uses were not read (${names}); --all-logs or --include <glob> reads them`,
      );
    }
    const why = [...found.missing, ...found.warnings];
    throw new InputError(
      why.length
        ? `nothing to read:\n  ${why.map(safeLine).join("\n  ")}`
        : `no log files (*.log, *.lo_) found under ${paths.map((p) => (typeof p === "string" ? p : `${p.archive}/${p.prefix}`)).join(", ")}. Point patchflow at a CCM\\Logs folder, a log file, or - for standard input.`,
    );
  }
  return groupRollovers(found.files);
}

export function newReport(): IngestReport {
  return {
    discovery: { files: [], warnings: [], missing: [], skipped: [], excluded: 0, dispose: () => undefined },
    stats: [],
  };
}
