import type { PatchEvent, Severity } from "./event.js";

/** The four stages of the patch flow, and the program executions that carry them. */
export type FlowStage = "sync" | "scan" | "inventory" | "install" | "execution";
export const FLOW_STAGES: readonly FlowStage[] = ["sync", "scan", "inventory", "install", "execution"];

export interface Evidence {
  seq: number;
  file: string;
  line: number;
  utc: string | null;
  local: string | null;
  message: string;
}

/** The line a finding or an update step cites, as its evidence. */
export function evidenceOf(e: PatchEvent): Evidence {
  return { seq: e.seq, file: e.file, line: e.line, utc: e.time.utc, local: e.time.local, message: e.message };
}

export interface Finding {
  ruleId: string;
  stage: FlowStage;
  severity: Severity;
  messageId: string;
  message: string;
  remedy: string;
  data: Record<string, string | number>;
  evidence: Evidence[];
  /** Set when every failure line the finding rests on was recognized by the inferred tier, none by a pattern. */
  inferred?: true;
}

/**
 * The finding as a plain object, its members in the report's order (`inferred` only when set): what JSON reports and
 * other threads get of a finding, whatever object it is (the engine's findings word their message when it is read),
 * with `evidence` in place of its own when given (plain copies of the lines it cites).
 */
export function plainFinding(f: Finding, evidence: Evidence[] = f.evidence): Finding {
  const { ruleId, stage, severity, messageId, message, remedy, data } = f;
  // One literal per shape: a property added later would move the object's properties out of line.
  return f.inferred
    ? { ruleId, stage, severity, messageId, message, remedy, data, evidence, inferred: true }
    : { ruleId, stage, severity, messageId, message, remedy, data, evidence };
}

export type Verdict = "ok" | "warning" | "failed" | "no evidence";

export interface StageSummary {
  stage: FlowStage;
  verdict: Verdict;
  /** Logs that speak for the stage and were found. */
  logs: string[];
  lastRun?: { startUtc: string | null; startLocal: string | null; result: string; file: string; line: number };
  runs: number;
  facts: string[];
  findings: { error: number; warning: number; info: number };
}
