import type { PatchEvent } from "../model/event.js";
import type { LogId } from "../model/logs.js";
import type { LogRecord, ParsedItem } from "../model/record.js";
import type { InputSpec, LogFile } from "../input/discover.js";
import { Classifier, type EventDraft } from "../events/classify.js";
import { buildRuns, type Run } from "../events/runs.js";
import { ingest, newReport, type IngestReport } from "../ingest.js";
import type { InputOptions } from "../input/read.js";

/** One client's merged events and runs, with what reading gave. */
export interface Timeline {
  events: PatchEvent[];
  runs: Run[];
  report: IngestReport;
  /** Per log: records a pattern recognized and records kept as generic events. */
  recognition: Array<{ log: LogId; recognized: number; unrecognized: number }>;
  /** Unparsed spans, in file order, for the output to point at. */
  unparsed: Array<Extract<ParsedItem, { kind: "unparsed" }>>;
}

/** Whether a time can be placed among other logs' times with confidence. */
function certain(rec: LogRecord): boolean {
  return (rec.time.provenance === "bias" || rec.time.provenance === "zone-name") && !rec.time.lowConfidence;
}

function localMs(local: string | null): number | undefined {
  if (!local) return undefined;
  const ms = Date.parse(`${local.slice(0, 23)}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Reads a client's logs and merges their events by UTC time (stable for equal times). Events whose zone is not
 * known keep their order within their file and are marked `timeUncertain`; they are placed by their local time
 * shifted by the bias the client's other logs show (all logs of one machine share its clock), or, with no time
 * at all, right after the event before them in the same file.
 */
export async function buildTimeline(paths: InputSpec[], input: InputOptions & { stdinName?: string }, classifier: Classifier): Promise<Timeline> {
  const report = newReport();
  // Only what ordering needs is kept beside each event; the records themselves (raw text, flags) are dropped.
  const drafts: Array<{ ev: EventDraft; certain: boolean; file: number }> = [];
  const unparsed: Timeline["unparsed"] = [];
  const fileIndex = new Map<string, number>();
  const fileLog = new Map<string, LogId>();
  const biasVotes = new Map<number, number>();
  for await (const { file, items } of ingest(paths, input, report)) {
    let fi = fileIndex.get(file.display);
    if (fi === undefined) {
      fi = fileIndex.size;
      fileIndex.set(file.display, fi);
    }
    for (const it of items) {
      if (it.kind === "unparsed") {
        if (it.reason !== "blank") unparsed.push(it);
        continue;
      }
      const log = logOf(file, it, fileLog, classifier);
      const sure = certain(it);
      if (sure && typeof it.time.bias === "number") biasVotes.set(it.time.bias, (biasVotes.get(it.time.bias) ?? 0) + 1);
      drafts.push({ ev: classifier.classify(it, log), certain: sure, file: fi });
    }
  }
  let machineBias = 0;
  let best = 0;
  for (const [b, n] of biasVotes) if (n > best) [machineBias, best] = [b, n];

  // Sort keys: certain times by UTC; uncertain ones by local time shifted by the machine's bias; untimed ones
  // just after the previous event of their file.
  const keys = new Float64Array(drafts.length);
  const lastKeyOfFile = new Map<number, number>();
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i];
    let key: number | undefined;
    const previous = lastKeyOfFile.get(d.file) ?? Number.NEGATIVE_INFINITY;
    if (d.certain && d.ev.time.utc) key = Date.parse(d.ev.time.utc);
    else {
      // Uncertain times never move an event before one that precedes it in its own file.
      const l = localMs(d.ev.time.local);
      key = l === undefined ? previous : Math.max(previous, l + machineBias * 60_000);
    }
    lastKeyOfFile.set(d.file, key);
    keys[i] = key;
  }
  const order = drafts.map((_, i) => i);
  order.sort((a, b) => keys[a] - keys[b] || drafts[a].file - drafts[b].file || a - b);
  const events: PatchEvent[] = order.map((i, seq) => {
    const e = drafts[i].ev as PatchEvent;
    e.seq = seq;
    e.timeUncertain = !drafts[i].certain;
    return e;
  });
  drafts.length = 0;
  const runs = buildRuns(events);
  const logs = new Set<LogId>([...classifier.recognized.keys(), ...classifier.unrecognized.keys()]);
  const recognition = [...logs].sort().map((log) => ({ log, recognized: classifier.recognized.get(log) ?? 0, unrecognized: classifier.unrecognized.get(log) ?? 0 }));
  return { events, runs, report, recognition, unparsed };
}

function logOf(file: LogFile, rec: LogRecord, cache: Map<string, LogId>, classifier: Classifier): LogId {
  if (file.log !== "other") return file.log;
  const known = cache.get(file.display);
  if (known && known !== "other") return known;
  const byComponent = classifier.logOfComponent(rec.component);
  if (byComponent) {
    cache.set(file.display, byComponent);
    return byComponent;
  }
  return "other";
}
