import type { PatchEvent, Severity } from "../model/event.js";
import { KNOWN_LOGS, logBaseName, STAGES, type Stage } from "../model/logs.js";
import { closest } from "../text/suggest.js";
import { UsageError } from "../model/errors.js";
import { compileGrep } from "./grep.js";
import { eventInstant } from "../events/stored.js";

export interface EventFilter {
  stages?: Stage[];
  logs?: string[];
  minSeverity?: Severity;
  since?: number;
  until?: number;
  grep?: string;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** `--since`/`--until`: an ISO date or date-time; without an offset it is read as UTC. */
export function parseWhen(option: string, value: string): number {
  const v = value.trim();
  const withZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(v)
    ? v
    : /T|\s\d/.test(v)
      ? `${v.replace(" ", "T")}Z`
      : `${v}T00:00:00Z`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms))
    throw new UsageError(`${option} ${value}: not a date; use e.g. 2006-08-14 or 2006-08-14T09:00:00Z`);
  return ms;
}

/** A `--log` value as a log id: the id or a file name of a known log (`ScanWrapper`, `s_scan`, `hinv32.log`), or `other`. */
export function logId(value: string): string {
  const v = value.trim();
  if (v.toLowerCase() === "other") return "other";
  const byName = KNOWN_LOGS.find((l) => l.id.toLowerCase() === v.toLowerCase() || l.names.includes(logBaseName(v)));
  if (byName) return byName.id;
  const choices = [...KNOWN_LOGS.map((l) => l.id), "other"];
  const near = closest(v, choices);
  throw new UsageError(
    `--log ${value}: no such log${near ? ` (did you mean ${near}?)` : ""}; choose from ${choices.join(", ")}`,
  );
}

/** Checks the filter's values (unknown stages and logs, bad patterns are usage errors) and returns it normalized. */
export function checkFilter(f: EventFilter): EventFilter {
  for (const s of f.stages ?? []) {
    if (!STAGES.includes(s)) {
      const near = closest(s, STAGES);
      throw new UsageError(
        `--stage ${s}: no such stage${near ? ` (did you mean ${near}?)` : ""}; choose from ${STAGES.join(", ")}`,
      );
    }
  }
  if (f.grep !== undefined) compileGrep(f.grep);
  return { ...f, logs: f.logs?.map(logId) };
}

export function makeFilter(f: EventFilter): (e: PatchEvent) => boolean {
  f = checkFilter(f);
  const logs = f.logs?.map((l) => l.toLowerCase());
  const grep = f.grep === undefined ? undefined : compileGrep(f.grep);
  return (e) => {
    if (f.stages?.length && !f.stages.includes(e.stage)) return false;
    if (logs?.length && !logs.includes(e.log.toLowerCase())) return false;
    if (f.minSeverity && RANK[e.severity] < RANK[f.minSeverity]) return false;
    if (f.since !== undefined || f.until !== undefined) {
      const t = eventInstant(e);
      if (t === undefined) return false;
      if (f.since !== undefined && t < f.since) return false;
      if (f.until !== undefined && t > f.until) return false;
    }
    if (grep && !grep.test(e.message) && !grep.test(e.kind)) return false;
    return true;
  };
}
