import type { LogId } from "../model/logs.js";
import type { LogRecord, UnparsedSpan } from "../model/record.js";
import type { InputSpec, LogFile, InputOptions } from "../model/input.js";
import type { Classifier, EventDraft } from "../events/classify.js";
import { logGroups, newReport } from "./ingest.js";
import type { IngestReport } from "../model/timeline.js";
import { OrderColumns } from "../timeline/order.js";
import { localAsUtc } from "../time/time.js";
import { readGroup } from "../input/read.js";

/** Whether a time can be placed among other logs' times with confidence. */
export function certain(rec: LogRecord): boolean {
  return (rec.time.provenance === "bias" || rec.time.provenance === "zone-name") && !rec.time.lowConfidence;
}

function localMs(local: string | null): number {
  return local ? localAsUtc(local) : NaN;
}

/**
 * Turns one client's records into events, one at a time, and keeps what ordering them needs. It is shared by the
 * timeline that keeps every event (for rules and JSON) and the one that streams them out (NDJSON, CSV), so the
 * two order events the same way.
 */
export class EventReader {
  readonly columns = new OrderColumns();
  readonly unparsed: UnparsedSpan[] = [];
  private readonly biasVotes = new Map<number, number>();
  private readonly fileLog = new Map<string, LogId>();
  private readonly fileIndex = new Map<string, number>();

  constructor(
    private readonly classifier: Classifier,
    private readonly onEvent: (ev: EventDraft) => void,
  ) {}

  fileNumber(display: string): number {
    let fi = this.fileIndex.get(display);
    if (fi === undefined) {
      fi = this.fileIndex.size;
      this.fileIndex.set(display, fi);
    }
    return fi;
  }

  /** Starts a file whose log was already told by the part of it read before (a range read on its own). */
  presetLog(display: string, log: LogId): void {
    this.fileLog.set(display, log);
  }

  take(file: LogFile, items: Iterable<LogRecord | UnparsedSpan>): void {
    const fi = this.fileNumber(file.display);
    for (const it of items) {
      if (it.kind === "unparsed") {
        if (it.reason !== "blank") this.unparsed.push(it);
        continue;
      }
      const log = this.logOf(file, it);
      const sure = certain(it);
      if (sure && typeof it.time.bias === "number")
        this.biasVotes.set(it.time.bias, (this.biasVotes.get(it.time.bias) ?? 0) + 1);
      const ev = this.classifier.classify(it, log);
      ev.timeUncertain = !sure;
      this.columns.add(
        sure && it.time.utc ? Date.parse(it.time.utc) : NaN,
        sure && it.time.utc ? NaN : localMs(it.time.local),
        fi,
      );
      this.onEvent(ev);
    }
  }

  /** What this reader read, as plain data for another reader to add (a range read on a worker thread). */
  export(): ReaderPart {
    return {
      columns: this.columns.export(),
      votes: [...this.biasVotes],
      unparsed: this.unparsed,
      recognized: [...this.classifier.recognized],
      unrecognized: [...this.classifier.unrecognized],
    };
  }

  /** Adds what another reader read of file `fileNumber`, after what this one read. */
  absorb(part: ReaderPart, fileNumber: number): void {
    this.columns.append(part.columns, fileNumber);
    for (const [b, n] of part.votes) this.biasVotes.set(b, (this.biasVotes.get(b) ?? 0) + n);
    for (const u of part.unparsed) this.unparsed.push(u);
    const c = this.classifier;
    for (const [log, n] of part.recognized) c.recognized.set(log, (c.recognized.get(log) ?? 0) + n);
    for (const [log, n] of part.unrecognized) c.unrecognized.set(log, (c.unrecognized.get(log) ?? 0) + n);
  }

  /** The events' timeline order: the arrival index of each event, by time (see OrderColumns). */
  order(): number[] {
    return this.columns.order(this.machineBias());
  }

  /** The bias most certain times carry: all logs of one machine share its clock. */
  machineBias(): number {
    let machineBias = 0;
    let best = 0;
    for (const [b, n] of this.biasVotes) if (n > best) [machineBias, best] = [b, n];
    return machineBias;
  }

  /** The log a file speaks for: its name, or else the first record whose component names one. */
  logOf(file: LogFile, rec: LogRecord): LogId {
    if (file.log !== "other") return file.log;
    const known = this.fileLog.get(file.display);
    if (known && known !== "other") return known;
    const byComponent = this.classifier.logOfComponent(rec.component);
    if (byComponent) {
      this.fileLog.set(file.display, byComponent);
      return byComponent;
    }
    return "other";
  }

  /** The log a file was found to speak for (by its name or its records' component), or `other`. */
  logOfFile(file: { display: string; log: LogId }): LogId {
    return file.log !== "other" ? file.log : (this.fileLog.get(file.display) ?? "other");
  }

  recognition(): Array<{ log: LogId; recognized: number; unrecognized: number }> {
    const c = this.classifier;
    const logs = new Set<LogId>([...c.recognized.keys(), ...c.unrecognized.keys()]);
    return [...logs]
      .sort()
      .map((log) => ({ log, recognized: c.recognized.get(log) ?? 0, unrecognized: c.unrecognized.get(log) ?? 0 }));
  }
}

/** What an EventReader read, as plain data (see `export`). */
export interface ReaderPart {
  columns: ReturnType<OrderColumns["export"]>;
  votes: Array<[number, number]>;
  unparsed: UnparsedSpan[];
  recognized: Array<[LogId, number]>;
  unrecognized: Array<[LogId, number]>;
}

/**
 * Reads every input into an EventReader: discovery, rollover groups, and each group read and framed in one go,
 * unless `inRanges` read it (it returns whether it did). Returns what reading gave.
 */
export async function readEvents(
  paths: InputSpec[],
  input: InputOptions & { stdinName?: string },
  reader: EventReader,
  inRanges?: (group: LogFile[], report: IngestReport) => Promise<boolean>,
): Promise<IngestReport> {
  const report = newReport();
  for await (const group of logGroups(paths, input, report)) {
    if (inRanges && (await inRanges(group, report))) continue;
    for await (const { file, items } of readGroup(group, input, report.stats)) reader.take(file, items);
  }
  return report;
}
