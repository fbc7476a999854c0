import type { PatchEvent } from "../../model/event.js";
import type { Run, RunOutcome } from "../../model/run.js";
import { timeOf, type RuleContext } from "../context.js";
import type { CatalogKind } from "./sync.js";

/** Scan runs with what the scan rules need to know about each, shared by them. (Candidate for `context.ts`.) */
export interface Scan {
  file: string;
  run: Run;
  events: PatchEvent[];
  /** The start line when the log has it, else the first line of the run. */
  first: PatchEvent;
  last: PatchEvent;
  start: number | undefined;
  end: number | undefined;
  /** The run's result, with `scan.exit` taken as the end when no end marker was written. */
  result: RunOutcome;
  kind: CatalogKind;
  /** The `scan.catalog.loaded` line, if any. */
  catalog: PatchEvent | undefined;
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).toLowerCase();
}

export function scanKind(file: string, events: PatchEvent[]): CatalogKind {
  const name = baseName(file);
  if (name.startsWith("o_scan")) return "office";
  if (name.startsWith("s_scan")) return "security";
  const cat = events.find((e) => e.kind === "scan.catalog.loaded" || e.kind === "scan.catalog.missing" || e.kind === "scan.catalog.invalid");
  const p = cat ? `${String(cat.fields.path ?? "")} ${cat.message}` : "";
  return /invc|office/i.test(p) ? "office" : "security";
}

/** Every scan run in timeline order. */
export function scans(ctx: RuleContext): Scan[] {
  return ctx.runsOf("scan").map((r) => makeScan(ctx, r)).sort((a, b) => a.first.seq - b.first.seq);
}

function makeScan(ctx: RuleContext, run: Run): Scan {
  const events = run.events.map((s) => ctx.event(s));
  let result = run.result;
  if (result === "did-not-end") {
    const exit = [...events].reverse().find((e) => e.kind === "scan.exit" && typeof e.fields.exitCode === "number");
    if (exit) result = exit.fields.exitCode === 0 ? "success" : "failure";
  }
  const first = ctx.firstEvent(run);
  const last = events[events.length - 1];
  return {
    file: run.file,
    run,
    events,
    first,
    last,
    start: timeOf(first),
    end: timeOf(last),
    result,
    kind: scanKind(run.file, events),
    catalog: events.find((e) => e.kind === "scan.catalog.loaded"),
  };
}
