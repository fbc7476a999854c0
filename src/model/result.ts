import type { Diagnosis } from "./diagnosis.js";
import type { FileStats, SkippedLog } from "./input.js";
import type { Timeline } from "./timeline.js";
import type { PatchEvent } from "./event.js";
import type { Run } from "./run.js";
import type { ClientUpdates } from "./updates.js";

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
