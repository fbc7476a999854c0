import { buildTimeline } from "./timeline.js";
import { clientResult } from "./result.js";
import type { Timeline } from "../model/timeline.js";
import { InputError } from "../model/errors.js";
import { tablesOf, type EventTables } from "../events/stored.js";
import { Classifier, type UserPatternFile } from "../events/classify.js";
import {
  DEFAULT_INPUT,
  type InputOptions,
  type InputSpec,
  type EncodingName,
  type LogSelection,
} from "../model/input.js";
import type { FrameFormat } from "../model/frame.js";
import type { Diagnosis } from "../model/diagnosis.js";
import type { ClientResult } from "../model/result.js";
import { parseAssumedZone } from "../time/time.js";
import { parseTimeConvention } from "../time/show.js";
import { diagnose, diagnoseWorded, type DiagnoseOptions } from "../rules/engine.js";
import { PlainEvidence } from "../rules/lib/evidence.js";
import { plainUpdates } from "../rules/lib/updates.js";
import { HeapPacer } from "../runtime/heap.js";
import { RULES } from "../rules/registry.js";

/**
 * Reads one client's logs into a timeline and runs the rules on it: the one "diagnose a client" step, behind the
 * library's `diagnosePaths` and every client of `diagnose` and `updates` (on this thread or a fleet worker's).
 * With `requireFlowLog`, a client with no patch-flow log is an input error.
 */
export async function diagnoseLogs(
  inputs: InputSpec[],
  input: InputOptions & { stdinName?: string },
  classifier: Classifier,
  options: { diagnose?: DiagnoseOptions; requireFlowLog?: boolean } = {},
): Promise<{ timeline: Timeline; diagnosis: Diagnosis }> {
  const timeline = await readTimeline(inputs, input, classifier, options.requireFlowLog);
  return { timeline, diagnosis: diagnose(timeline, RULES, options.diagnose) };
}

async function readTimeline(
  inputs: InputSpec[],
  input: InputOptions & { stdinName?: string },
  classifier: Classifier,
  requireFlow = false,
): Promise<Timeline> {
  const timeline = await buildTimeline(inputs, input, classifier);
  if (requireFlow) requireFlowLog(timeline);
  return timeline;
}

/** Everything a client's diagnosis needs, as plain data, so that it can cross to a worker thread. */
export interface JobOptions {
  encoding: EncodingName;
  inputFormat?: FrameFormat;
  assumeTz?: string;
  maxLineBytes: number;
  stdinName?: string;
  /** The user's patterns (`--patterns`), read and checked once by the command; `patternsFile` names them. */
  patterns?: UserPatternFile;
  select?: LogSelection;
  patternsFile?: string;
  diagnose: DiagnoseOptions;
  /** Keep events and runs in the result (the HTML report draws them). */
  keepTimeline: boolean;
}

/** One client to diagnose: its inputs, its name, and the root its paths are shown relative to. */
export interface ClientInputs {
  name: string;
  inputs: InputSpec[];
  root: string;
}

/** Reads and diagnoses one client (a client with no patch-flow log is an input error) and sums it up. */
export async function diagnoseClient(client: ClientInputs, o: JobOptions): Promise<ClientResult> {
  const { result, lines, tables } = await resultOf(client, o);
  try {
    // The timeline's events are no longer held (`resultOf` has returned), only the lines the findings and the update
    // chains cite: their evidence is copied now, once, so that the result no longer reads the timeline. A large
    // timeline is collected first; a small client's is not worth a full collection (a fleet's results may keep the
    // heap past the pacer's floor client after client). The findings still word their message when it is read
    // (`diagnoseWorded`): a result that crosses to another thread is made plain there (`plainOutcome`).
    if (lines >= LARGE_TIMELINE) new HeapPacer().release();
    const evidence = new PlainEvidence();
    for (const f of result.diagnosis.findings) f.evidence = evidence.all(f.evidence);
    plainUpdates(result.updates, evidence);
    return result;
  } finally {
    // The result no longer reads the timeline: its spilled messages are not read again.
    for (const t of tables) t.release();
  }
}

/** Lines of a timeline large enough to be collected before its evidence is made plain (a log of about 20 MB). */
const LARGE_TIMELINE = 100_000;

/**
 * The client's result with findings that word their message when read and evidence that reads the timeline's events,
 * how many lines its timeline had, and the tables behind its events (to release once the result is plain).
 */
async function resultOf(
  client: ClientInputs,
  o: JobOptions,
): Promise<{ result: ClientResult; lines: number; tables: EventTables }> {
  const timeline = await readTimeline(client.inputs, inputOptions(o), classifierFor(o), true);
  const tables = tablesOf(timeline.events);
  try {
    const diagnosis = diagnoseWorded(timeline, RULES, o.diagnose);
    const result = clientResult(
      client.name,
      client.root,
      timeline,
      diagnosis,
      o.keepTimeline,
      parseTimeConvention(o.diagnose.tz),
    );
    const lines = timeline.events.length;
    // Emptied in place, as the rule context's lists are (`RuleContext.close`): whatever still reaches the array for
    // a while (an optimizing compiler's job on a closure that read it) holds no event through it.
    timeline.events.length = 0;
    return { result, lines, tables };
  } catch (err) {
    for (const t of tables) t.release();
    throw err;
  }
}

export function inputOptions(o: JobOptions): InputOptions & { stdinName?: string } {
  return {
    ...DEFAULT_INPUT,
    encoding: o.encoding,
    inputFormat: o.inputFormat,
    assume: o.assumeTz ? parseAssumedZone(o.assumeTz) : undefined,
    maxLineBytes: o.maxLineBytes,
    stdinName: o.stdinName,
    select: o.select,
  };
}

let classifierCache: { patterns?: UserPatternFile; file?: string; classifier: Classifier } | undefined;

function classifierFor(o: JobOptions): Classifier {
  // Compiled patterns are reused across clients; only the counters are per client. A worker thread receives a copy
  // of the patterns with each client, so there the file's name says they are the same.
  const c = classifierCache;
  const same =
    c &&
    (c.patterns === o.patterns ||
      (o.patterns && c.patterns && o.patternsFile !== undefined && c.file === o.patternsFile));
  if (!same) classifierCache = { patterns: o.patterns, file: o.patternsFile, classifier: new Classifier(o.patterns) };
  return classifierCache!.classifier.fresh();
}

/**
 * A diagnosis needs at least one patch-flow log: with none (empty standard input, a README, another product's log)
 * every stage would be "no evidence" and the run would look like a pass, so it is an input error instead.
 */
function requireFlowLog(tl: Timeline): void {
  const stats = tl.report.stats;
  // Nothing could be read at all: the caller says so, naming each file's error.
  if (tl.flowLogs.length > 0 || stats.every((s) => s.error && s.lines === 0)) return;
  const name = (file: string): string => (file === "<stdin>" ? "standard input" : file);
  if (stats.length > 0 && stats.every((s) => s.lines === 0 && !s.error)) {
    throw new InputError(
      `nothing to diagnose: ${stats.map((s) => name(s.file)).join(", ")} ${stats.length === 1 ? "is" : "are"} empty`,
    );
  }
  const why = stats.map(
    (s) =>
      `${name(s.file)}: ${tl.notLogs.includes(s.file) ? "not a recognized log" : s.error ? s.error : "not a patch-flow log"}`,
  );
  throw new InputError(
    `no patch-flow log recognized, so there is nothing to diagnose:\n  ${why.join("\n  ")}\n` +
      "patchflow reads SecuritySyncXML.log, OfficeSyncXML.log, ScanWrapper.log (s_scan.log, o_scan.log), InventoryAgent.log, " +
      "Hinv32.log, PatchInstall.log, PatchUIMonitor.log, execmgr.log and Smsapm32.log. A file is known by its name or by " +
      "the component its lines name; give standard input a log's name with --stdin-name (for example --stdin-name Hinv32.log).",
  );
}
