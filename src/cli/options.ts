import type { Options } from "yargs";
import { ENCODINGS } from "../input/decode.js";
import { FRAME_FORMATS } from "../model/frame.js";

/** Every option in one table; commands pick the ones they take by name. */
export const OPTIONS = {
  format: {
    alias: "f",
    type: "string",
    describe:
      "Output format (default: from --output's extension, else table on a terminal, else the first machine format listed)",
  },
  output: {
    alias: "o",
    type: "string",
    describe:
      "Write the output to this file instead of standard output; its extension picks the format unless --format is given (.html, .sarif, .md, .json, .xml for JUnit, .csv, .ndjson, .txt)",
  },
  encoding: {
    type: "string",
    choices: ENCODINGS as string[],
    default: "auto",
    describe:
      "Input encoding; auto sniffs a byte-order mark, UTF-16 and UTF-8, falling back to Windows-1252 line by line",
  },
  "input-format": {
    type: "string",
    choices: FRAME_FORMATS as string[],
    describe: "Read every line with this grammar instead of detecting the format from the content",
  },
  "assume-tz": {
    type: "string",
    describe:
      "Zone for logs whose times carry none: UTC, +01:00, a Windows name (\"Pacific Standard Time\") or an IANA name (Europe/Berlin); such times are marked 'assumed'",
  },
  "stdin-name": {
    type: "string",
    default: "<stdin>",
    describe: "File name for standard input (-); a log's name, such as ScanWrapper.log, tells which log it is",
  },
  "max-line-bytes": {
    type: "number",
    default: 1024 * 1024,
    describe: "Longest line kept; longer lines are skipped and reported as unparsed",
  },
  stage: {
    type: "string",
    array: true,
    describe:
      "Only events of these stages (sync, scan, inventory, install, execution, other); an unknown stage is a usage error",
  },
  log: {
    type: "string",
    array: true,
    describe:
      "Only events of these logs (SecuritySyncXML, OfficeSyncXML, ScanWrapper, InventoryAgent, Hinv32, PatchInstall, PatchUIMonitor, execmgr, Smsapm32, other); an unknown log is a usage error",
  },
  severity: {
    type: "string",
    choices: ["info", "warning", "error"],
    describe: "Only events at or above this severity",
  },
  since: {
    type: "string",
    describe: "Only events at or after this time (ISO date or date-time; UTC unless an offset is given)",
  },
  until: { type: "string", describe: "Only events at or before this time" },
  grep: {
    type: "string",
    describe:
      "Only events whose message or kind matches this regular expression (case-insensitive; matched in linear time, so backreferences and lookaround are refused)",
  },
  patterns: {
    type: "string",
    describe: 'JSON file of extra message patterns ({"patterns": [{"log", "id", "kind", "match", ...}]})',
  },
  "fail-on": {
    type: "string",
    choices: ["info", "warning", "error", "never"],
    describe: "Exit 1 when a finding is at or above this severity (default error)",
  },
  rule: {
    type: "string",
    array: true,
    describe: "Change a rule's severity: <rule-id>=off|info|warning|error (repeatable)",
  },
  config: {
    type: "string",
    describe:
      'JSON config file: {"rules": {"<id>": "off"}, "failOn": "warning", "maxSyncAgeDays": 8, "maxCatalogAgeDays": 45, "tz": "utc"}. Default: patchflow.config.json, .patchflowrc.json, or the "patchflow" key of package.json in the working directory',
  },
  "print-config": {
    type: "boolean",
    describe: "Print the config in force (where it was found and the values used) as JSON, and exit",
  },
  tz: {
    type: "string",
    describe:
      "Show times in the logs' local time with its UTC offset (local, the default, as CMTrace shows them), in UTC (utc), or in a zone (Europe/Berlin, +02:00)",
  },
  verbose: {
    alias: "v",
    type: "boolean",
    default: false,
    describe: "Per-file reading statistics on standard error (default: one summary line)",
  },
  now: {
    type: "string",
    describe:
      "Reference time for staleness checks (ISO; default: the newest event in the input, so results are reproducible)",
  },
  "max-sync-age-days": { type: "number", describe: "A last sync older than this many days is too old (default 8)" },
  "max-catalog-age-days": {
    type: "number",
    describe: "A catalog whose own date is older than this many days when used is stale (default 45)",
  },
  fleet: {
    type: "boolean",
    describe: "Read the input as a fleet: each subfolder or archive (or each path given) is one client",
  },
  client: { type: "boolean", describe: "Read the input as one client, even if it looks like a fleet" },
  jobs: {
    alias: "j",
    type: "number",
    describe:
      "Threads: clients diagnosed at once in fleet mode (default: the number of cores); for timeline, pieces of a large file read at once (default: the number of cores); for parse, pieces of a large file framed at once (default 1)",
  },
  "max-failed-clients": {
    type: "number",
    default: 0,
    describe: "Fleet mode: exit 1 only when more than this many clients have findings at or above --fail-on",
  },
  kb: {
    type: "string",
    describe:
      "updates: only these updates: KB numbers or bulletins (KB918899, 918899, MS06-042), comma-separated or repeated",
  },
  state: {
    type: "string",
    describe:
      "updates: only updates in these states: compliant, not-reported, restart-pending, failed, never-attempted, no-install-log, no-inventory-log, unknown, not-applicable (comma-separated or repeated)",
  },
  "all-logs": {
    type: "boolean",
    default: false,
    describe:
      "Also read the logs no stage uses (CAS, PolicyAgent, ...) found in folders and archives; by default they are only listed",
  },
  include: {
    type: "string",
    array: true,
    describe:
      'Also read the logs no stage uses whose path matches this glob (repeatable; a glob without / matches the file name at any depth, case-insensitive), e.g. --include "CAS*.log"',
  },
  exclude: {
    type: "string",
    array: true,
    describe:
      'Do not read or list logs whose path matches this glob (repeatable; same rules as --include), e.g. --exclude "old/**"',
  },
  shard: {
    type: "string",
    describe:
      "Fleet mode: diagnose only shard i of n (i/n, 1-based; clients split by a hash of their name) and write a mergeable JSON result for 'patchflow merge'",
  },
  "keep-timeline": {
    type: "boolean",
    describe:
      "With --shard: keep each client's events and runs in the result, so that 'patchflow merge --format html' can draw them",
  },
  quiet: { alias: "q", type: "boolean", default: false, describe: "No summary or progress on standard error" },
} satisfies Record<string, Options>;

export type OptionName = keyof typeof OPTIONS;

/** The options that say how logs are read, in the order every reading command's help lists them. */
export const READING_OPTIONS = [
  "encoding",
  "input-format",
  "assume-tz",
  "stdin-name",
  "max-line-bytes",
  "all-logs",
  "include",
  "exclude",
] as const satisfies readonly OptionName[];

export function pick(...names: OptionName[]): Record<string, Options> {
  return Object.fromEntries(names.map((n) => [n, OPTIONS[n]]));
}

/** `--format` for one command: its choices are listed in its help and checked. */
export function formatOption(choices: readonly string[], defaults: string): Options {
  return { ...OPTIONS.format, choices: [...choices], describe: `Output format. ${defaults}` };
}
