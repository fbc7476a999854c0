import type { PatchEvent } from "../../src/model/event.js";

/** A ScanWrapper event as classification makes it (a draft), at a written bias; `over` changes any of it. */
export function scanDraft(over: Partial<PatchEvent> = {}): PatchEvent {
  return {
    v: 1,
    seq: -1,
    time: { local: "2006-08-01T10:00:00.000", utc: "2006-08-01T14:00:00.000Z", provenance: "bias", bias: 240 },
    timeUncertain: false,
    log: "ScanWrapper",
    stage: "scan",
    kind: "scan.message",
    severity: "info",
    message: "Scan complete",
    component: "ScanWrapper",
    fields: {},
    file: "ScanWrapper.log",
    line: 1,
    lastLine: 1,
    ...over,
  };
}
