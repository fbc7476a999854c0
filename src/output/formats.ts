import type { PatchEvent } from "../model/event.js";
import type { RunResult } from "../model/result.js";
import type { Timeline } from "../model/timeline.js";
import { timelineCsvHeader } from "../timeline/csv.js";
import type { LineFormatName } from "../timeline/lines.js";
import type { OutputFormat, ReportContext } from "./report-context.js";
import type { UpdatesReportInput } from "./updates-format.js";

export type { OutputFormat, ReportContext };

/**
 * Output format registries, one per command that writes reports: DIAGNOSE_OUTPUTS (`diagnose` and `merge`),
 * TIMELINE_OUTPUTS and UPDATES_OUTPUTS. Each entry says what the CLI needs to offer the format (`--format` choices, help,
 * completion, `-o` inference) and renders through a module loaded only when the format is asked for, so that the
 * CLI can list the formats without loading the reporters (start-up stays short).
 *
 * A new format: a module in src/output with a pure function from the result to a string, and one entry in the
 * command's registry below (for diagnose, copy the `junit` entry of DIAGNOSE_OUTPUTS).
 */
export interface DiagnoseOutput extends OutputFormat {
  /** Draws each client's events and runs: the run keeps the timeline (and merged shards must carry it). */
  keepsTimeline: boolean;
  /** Writes a fleet's result as well as one client's. */
  fleet: boolean;
  /** The whole report: one string, or its pieces in order (written as they come). */
  render(result: RunResult, ctx: ReportContext): Promise<string | Iterable<string>>;
}

/** The formats of `diagnose` and `merge`, in the order help lists them. */
export const DIAGNOSE_OUTPUTS = [
  {
    name: "table",
    extensions: [".txt"],
    keepsTimeline: false,
    fleet: true,
    render: async (r, c) => (await import("./diagnose-report.js")).tableReport(r, c),
  },
  {
    name: "json",
    extensions: [".json"],
    keepsTimeline: false,
    fleet: true,
    render: async (r) => (await import("./diagnose-report.js")).jsonReport(r),
  },
  {
    name: "markdown",
    extensions: [".md", ".markdown"],
    keepsTimeline: false,
    fleet: true,
    render: async (r, c) => (await import("./diagnose-report.js")).markdownReport(r, c),
  },
  {
    name: "sarif",
    extensions: [".sarif", ".sarif.json"],
    keepsTimeline: false,
    fleet: true,
    render: async (r) => withNewLine((await import("./sarif.js")).sarifPieces(r)),
  },
  {
    name: "junit",
    extensions: [".xml"],
    keepsTimeline: false,
    fleet: true,
    render: async (r, c) => (await import("./junit.js")).toJunit(r, { tz: c.tz }),
  },
  {
    name: "github",
    extensions: [],
    keepsTimeline: false,
    fleet: true,
    render: async (r, c) => (await import("./github.js")).githubReport(r, c),
  },
  {
    name: "ndjson",
    extensions: [".ndjson", ".jsonl"],
    keepsTimeline: false,
    fleet: true,
    render: async (r) => (await import("./ndjson.js")).toNdjson(r),
  },
  {
    name: "html",
    extensions: [".html", ".htm"],
    keepsTimeline: true,
    fleet: true,
    render: async (r, c) => (await import("./html.js")).toHtml(r, { tz: c.tz }),
  },
  {
    name: "compact",
    extensions: [],
    keepsTimeline: false,
    fleet: true,
    render: async (r) => (await import("./diagnose-report.js")).compactReport(r),
  },
] as const satisfies readonly DiagnoseOutput[];

export type DiagnoseFormat = (typeof DIAGNOSE_OUTPUTS)[number]["name"];
export const DIAGNOSE_FORMATS: readonly DiagnoseFormat[] = DIAGNOSE_OUTPUTS.map((f) => f.name);

/**
 * A timeline format either streams (each event is written as it is read, in one of the line formats of
 * src/timeline/lines.ts, so memory stays bounded) or renders the whole filtered timeline at the end.
 */
export type TimelineOutput = OutputFormat &
  (
    | { streamed: true; lines: LineFormatName; /** Text before the first event (a CSV header). */ header(): string }
    | { streamed: false; render(tl: Timeline, events: PatchEvent[], ctx: ReportContext): Promise<string> }
  );

/** The formats of `timeline`, in the order help lists them. */
export const TIMELINE_OUTPUTS = [
  {
    name: "table",
    extensions: [".txt"],
    streamed: false,
    render: async (_tl, events, c) =>
      (await import("./timeline-format.js")).timelineTable(events, c.style, { tz: c.tz, width: c.width }) + "\n",
  },
  { name: "ndjson", extensions: [".ndjson", ".jsonl"], streamed: true, lines: "ndjson", header: () => "" },
  {
    name: "json",
    extensions: [".json"],
    streamed: false,
    render: async (tl, events) => (await import("./timeline-format.js")).timelineJson(tl, events) + "\n",
  },
  { name: "csv", extensions: [".csv"], streamed: true, lines: "csv", header: timelineCsvHeader },
] as const satisfies readonly TimelineOutput[];

export type TimelineFormat = (typeof TIMELINE_OUTPUTS)[number]["name"];
export const TIMELINE_FORMATS: readonly TimelineFormat[] = TIMELINE_OUTPUTS.map((f) => f.name);

export interface UpdatesOutput extends OutputFormat {
  render(input: UpdatesReportInput, ctx: ReportContext): Promise<string>;
}

/** The formats of `updates`, in the order help lists them. */
export const UPDATES_OUTPUTS = [
  {
    name: "table",
    extensions: [".txt"],
    render: async (u, c) => (await import("./updates-format.js")).updatesTableReport(u, c.style, c.tz),
  },
  {
    name: "json",
    extensions: [".json"],
    render: async (u) => (await import("./updates-format.js")).updatesJsonReport(u),
  },
  {
    name: "csv",
    extensions: [".csv"],
    render: async (u, c) => (await import("./updates-format.js")).updatesCsvReport(u, c.tz),
  },
  {
    name: "markdown",
    extensions: [".md", ".markdown"],
    render: async (u, c) => (await import("./updates-format.js")).updatesMarkdownReport(u, c.tz),
  },
] as const satisfies readonly UpdatesOutput[];

export type UpdatesFormat = (typeof UPDATES_OUTPUTS)[number]["name"];
export const UPDATES_FORMATS: readonly UpdatesFormat[] = UPDATES_OUTPUTS.map((f) => f.name);

/** The pieces, then a line break. */
function* withNewLine(pieces: Iterable<string>): Generator<string> {
  yield* pieces;
  yield "\n";
}

/** Every registry, for `--output` inference (an extension names the same format in each). */
export const OUTPUT_REGISTRIES: ReadonlyArray<readonly OutputFormat[]> = [
  DIAGNOSE_OUTPUTS,
  TIMELINE_OUTPUTS,
  UPDATES_OUTPUTS,
];

/** The entry of a registry by its `--format` name. */
export function formatNamed<F extends OutputFormat>(registry: readonly F[], name: string): F {
  const f = registry.find((x) => x.name === name);
  if (!f) throw new Error(`no output format ${JSON.stringify(name)}`);
  return f;
}

/**
 * The format an `--output` file name asks for, from the longest extension of any registry that it ends with
 * (`r.sarif.json` is SARIF, `r.json` JSON); undefined when none does. A bare extension (`.json`) is a name, no format.
 */
export function formatOfFile(file: string, registries: ReadonlyArray<readonly OutputFormat[]>): string | undefined {
  const base = file.toLowerCase().replace(/^.*[\\/]/, "");
  let best: OutputFormat | undefined;
  let bestLen = 0;
  for (const registry of registries) {
    for (const f of registry) {
      for (const ext of f.extensions)
        if (ext.length > bestLen && base.length > ext.length && base.endsWith(ext)) [best, bestLen] = [f, ext.length];
    }
  }
  return best?.name;
}
