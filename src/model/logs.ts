/** The logs patchflow knows by name, and the stage of the patch flow each one speaks for. */
export type Stage = "sync" | "scan" | "inventory" | "install" | "execution" | "other";
export const STAGES: readonly Stage[] = ["sync", "scan", "inventory", "install", "execution", "other"];

export type KnownLog =
  | "SecuritySyncXML"
  | "OfficeSyncXML"
  | "ScanWrapper"
  | "InventoryAgent"
  | "Hinv32"
  | "PatchInstall"
  | "PatchUIMonitor"
  | "execmgr"
  | "Smsapm32";

export type LogId = KnownLog | "other";

interface LogInfo {
  id: KnownLog;
  stage: Stage;
  /** Base names (lower case, no extension) that identify the log. */
  names: string[];
}

// s_scan/o_scan are the SMS 2.0 scan programs; their log names are not published, so their own names are
// accepted besides ScanWrapper's.
export const KNOWN_LOGS: readonly LogInfo[] = [
  { id: "SecuritySyncXML", stage: "sync", names: ["securitysyncxml"] },
  { id: "OfficeSyncXML", stage: "sync", names: ["officesyncxml"] },
  { id: "ScanWrapper", stage: "scan", names: ["scanwrapper", "s_scan", "o_scan"] },
  { id: "InventoryAgent", stage: "inventory", names: ["inventoryagent"] },
  { id: "Hinv32", stage: "inventory", names: ["hinv32"] },
  { id: "PatchInstall", stage: "install", names: ["patchinstall"] },
  { id: "PatchUIMonitor", stage: "install", names: ["patchuimonitor"] },
  { id: "execmgr", stage: "execution", names: ["execmgr"] },
  { id: "Smsapm32", stage: "execution", names: ["smsapm32"] },
];

const BY_NAME = new Map<string, LogInfo>();
for (const info of KNOWN_LOGS) for (const n of info.names) BY_NAME.set(n, info);

/** `C:\x\CCM\Logs\ScanWrapper.lo_` → `scanwrapper`: the name shared by all rollover generations of a log. */
export function logBaseName(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  return file
    .replace(/\.(log|lo_)(\.?\d+)?$/i, "")
    .replace(/[-_.]\d{8,14}$/, "")
    .toLowerCase();
}

/**
 * Where a file stands among its log's rollover generations, oldest first: dated copies (`X-20060812.log`, by
 * date), numbered copies (`X.log.2` before `X.log.1`, `X.lo_2` before `X.lo_1`), `X.lo_`, then `X.log`.
 */
function generationKey(name: string): [number, string] {
  const base = name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1);
  const dated = /[-_.](\d{8,14})\.(?:log|lo_)(?:\.?\d+)?$/i.exec(base);
  if (dated) return [0, dated[1].padEnd(14, "0")];
  const numbered = /\.(?:log|lo_)\.?(\d+)$/i.exec(base);
  if (numbered) return [1, String(Math.max(0, 1e9 - Number(numbered[1]))).padStart(10, "0")];
  return [/\.lo_$/i.test(base) ? 2 : 3, ""];
}

/** Orders two files of one log's rollover group: the older generation first (see generationKey). */
export function olderGenerationFirst(a: string, b: string): number {
  const [ra, ka] = generationKey(a);
  const [rb, kb] = generationKey(b);
  return ra - rb || (ka < kb ? -1 : ka > kb ? 1 : 0) || (a < b ? 1 : a > b ? -1 : 0);
}

export function identifyLog(path: string): { log: LogId; stage: Stage } {
  const info = BY_NAME.get(logBaseName(path));
  return info ? { log: info.id, stage: info.stage } : { log: "other", stage: "other" };
}

export function stageOfLog(log: LogId): Stage {
  return KNOWN_LOGS.find((l) => l.id === log)?.stage ?? "other";
}
