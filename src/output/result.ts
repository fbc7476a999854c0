import type { Diagnosis } from "../rules/engine.js";
import type { FileStats } from "../input/read.js";
import type { PatchEvent } from "../model/event.js";
import type { Run } from "../events/runs.js";
import type { Timeline } from "../timeline/timeline.js";
import { clientUpdates, type ClientUpdates } from "../updates/model.js";
import type { SkippedLog } from "../input/select.js";

/** One client's outcome: what every reporter formats. */
export interface ClientResult {
  /** Client name: its folder or archive name under the fleet root; the input's name for a single client. */
  client: string;
  /** Root the client's file paths are shown relative to (for SARIF locations). */
  root: string;
  diagnosis: Diagnosis;
  files: FileStats[];
  recognition: Timeline["recognition"];
  unparsed: number;
  /** Paths that could not be read, and other things the user should know. */
  missing: string[];
  warnings: string[];
  /** Logs found that no stage uses, listed but not read; and how many an --exclude glob dropped. */
  skipped: SkippedLog[];
  excluded: number;
  /** Kept only when a reporter needs them (HTML); otherwise dropped to keep fleet memory bounded. */
  events?: PatchEvent[];
  runs?: Run[];
  /** Each update's chain of facts and state (README, "Updates"). */
  updates: ClientUpdates;
}

/** The whole run: one client, or a fleet. */
export interface RunResult {
  tool: { name: "patchflow"; version: string };
  fleet: boolean;
  /** What was given on the command line. */
  inputs: string[];
  clients: ClientResult[];
  /** Clients that could not be read at all, with why. */
  failedClients: Array<{ client: string; error: string }>;
  /** The time convention asked for (`--tz`): `local` when absent. */
  tz?: string;
}

export function clientResult(client: string, root: string, tl: Timeline, diagnosis: Diagnosis, keepTimeline: boolean): ClientResult {
  const r: ClientResult = {
    client,
    root,
    diagnosis,
    files: tl.report.stats,
    recognition: tl.recognition,
    unparsed: tl.unparsed.length,
    missing: tl.report.discovery.missing,
    warnings: tl.report.discovery.warnings,
    updates: clientUpdates(tl),
    skipped: tl.report.discovery.skipped,
    excluded: tl.report.discovery.excluded,
  };
  if (keepTimeline) {
    r.events = tl.events;
    r.runs = tl.runs;
  }
  return r;
}
