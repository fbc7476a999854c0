import type { PatchEvent, Severity } from "../model/event.js";
import { STAGES, type Stage } from "../model/logs.js";
import { UsageError } from "../errors.js";

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
  const withZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(v) ? v : /T|\s\d/.test(v) ? `${v.replace(" ", "T")}Z` : `${v}T00:00:00Z`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) throw new UsageError(`${option} ${value}: not a date; use e.g. 2006-08-14 or 2006-08-14T09:00:00Z`);
  return ms;
}

export function makeFilter(f: EventFilter): (e: PatchEvent) => boolean {
  for (const s of f.stages ?? []) if (!STAGES.includes(s)) throw new UsageError(`--stage ${s}: choose from ${STAGES.join(", ")}`);
  const logs = f.logs?.map((l) => l.toLowerCase());
  const grep = f.grep?.toLowerCase();
  return (e) => {
    if (f.stages?.length && !f.stages.includes(e.stage)) return false;
    if (logs?.length && !logs.includes(e.log.toLowerCase())) return false;
    if (f.minSeverity && RANK[e.severity] < RANK[f.minSeverity]) return false;
    if (f.since !== undefined || f.until !== undefined) {
      const t = e.time.utc ? Date.parse(e.time.utc) : e.time.local ? Date.parse(`${e.time.local.slice(0, 23)}Z`) : NaN;
      if (Number.isNaN(t)) return false;
      if (f.since !== undefined && t < f.since) return false;
      if (f.until !== undefined && t > f.until) return false;
    }
    if (grep && !e.message.toLowerCase().includes(grep) && !e.kind.includes(grep)) return false;
    return true;
  };
}
