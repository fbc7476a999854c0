/**
 * Deterministic (seeded) benchmark corpora: a CCM log and a `$$<` log of a given size, realistic in their mix
 * (multi-line WMI dumps ~2%, `]` and `<` inside messages, long XML-ish messages ~3%, non-ASCII ~3%, CRLF, the bias
 * changing mid-file so UTC order differs from file order), and a fleet of small client folders.
 */
import { createWriteStream, mkdirSync } from "node:fs";
import { once } from "node:events";
import * as path from "node:path";

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MESSAGES = [
  "Scan complete",
  "Using catalog C:\\WINDOWS\\system32\\vpcache\\ABC00012\\mssecure.xml (catalog date 2006-08-08)",
  "Patch MS06-040 (KB921883) Applicable",
  "Patch MS06-025 (KB911280) Installed",
  "Wrote 42 instances to Win32_PatchState",
  "Loading settings from Scan.ini",
  "Inventory: Successfully sent report. Destination:mp:MP_HinvEndpoint, ID: {5E1A2C1B-8C4B-4B7C-9C1E-2D9C3F1E7A10}",
  "Download failed: 0x80072EFD",
  "Execution Request for package ABC00012 program Security Scan state change from NotExist to NotifyExecution",
  "Value [a] is [b]] with <brackets> inside",
  "Fehler beim Zugriff auf Datei – Überprüfung läuft (ÄÖÜ äöü ß)",
];
const COMPONENTS = ["ScanWrapper", "SyncXML", "InventoryAgent", "PatchInstall", "execmgr"];

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

async function writeUntil(file: string, bytes: number, line: (i: number, r: () => number) => string, seed: number, chunkLines = 2000): Promise<number> {
  mkdirSync(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const r = rng(seed);
  let written = 0;
  let i = 0;
  while (written < bytes) {
    let chunk = "";
    for (let k = 0; k < chunkLines; k++) chunk += line(i++, r);
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return i;
}

function message(r: () => number): string {
  const x = r();
  if (x < 0.02) return `Raising event:\r\n[SMS_CodePage(437), SMS_LocaleID(1033)]\r\ninstance of SoftDistProgramStartedEvent\r\n{\r\n\tClientID = "GUID:F5EC9167-62AB-43BB-870E-4F40A720AB52";\r\n\tDateTime = "20060814163549.724000+000";\r\n};`;
  if (x < 0.05) return `<PatchAuthorize><Patch KB="921883" Bulletin="MS06-040" Authorized="1"/>${"<Item Id=\"x\" State=\"Applicable\"/>".repeat(12)}</PatchAuthorize>`;
  if (x < 0.08) return MESSAGES[10];
  return MESSAGES[Math.floor(r() * 10)];
}

/** A CCM log of about `bytes` bytes; the bias switches from +240 to +300 half-way (a clock turned back an hour). */
export function writeCcm(file: string, bytes: number, seed = 1, components: readonly string[] = COMPONENTS, chunkLines = 2000): Promise<number> {
  const half = Math.floor(bytes / 2);
  let size = 0;
  return writeUntil(file, bytes, (i, r) => {
    const sec = Math.floor(i / 4);
    const bias = size < half ? 240 : 300;
    const shifted = size < half ? sec : sec - 3600;
    const t = new Date(Date.UTC(2006, 7, 1) + shifted * 1000);
    const line = `<![LOG[${message(r)}]LOG]!><time="${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(i % 1000, 3)}+${bias}" date="${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}-${t.getUTCFullYear()}" component="${components[i % components.length]}" context="" type="${r() < 0.05 ? 3 : 1}" thread="${1000 + (i % 7)}" file="source.cpp:${i % 900}">\r\n`;
    size += line.length;
    return line;
  }, seed, chunkLines);
}

/** Logs of a CCM\Logs folder that no stage of the patch flow uses. */
export const OTHER_CCM_LOGS = [
  "CAS", "CcmExec", "PolicyAgent", "PolicyAgentProvider", "PolicyEvaluator", "LocationServices", "ClientIDManagerStartup",
  "DataTransferService", "StatusAgent", "ContentTransferManager", "ClientLocation", "CertificateMaintenance", "FileBITS",
  "mtrmgr", "SoftwareDistribution", "RemoteControl", "SrcUpdateMgr", "UpdatesHandler", "SMSCliUI", "Scheduler",
];

/**
 * A CCM\Logs folder: the patch-flow logs given, and `count` logs no stage uses, of `totalBytes` together (sizes
 * vary, seeded), named as the Advanced Client names its logs and their kept copies.
 */
export async function writeOtherCcmLogs(dir: string, count: number, totalBytes: number, seed = 3): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  const weights = Array.from({ length: count }, () => 0.2 + r() * 1.6);
  const sum = weights.reduce((a, b) => a + b, 0);
  let written = 0;
  for (let i = 0; i < count; i++) {
    const name = OTHER_CCM_LOGS[i % OTHER_CCM_LOGS.length];
    const copy = Math.floor(i / OTHER_CCM_LOGS.length);
    const file = path.join(dir, `${name}${copy ? `-2006${pad(1 + (copy % 12))}${pad(1 + copy)}-${pad(copy)}0000` : ""}.log`);
    const bytes = Math.round((totalBytes * weights[i]) / sum);
    await writeCcm(file, bytes, 100 + i + seed, [name], 20);
    written += bytes;
  }
  return written;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A `$$<` (SMS 2.0 / Legacy Client) log of about `bytes` bytes. */
export function writeTrace(file: string, bytes: number, seed = 2): Promise<number> {
  return writeUntil(file, bytes, (i, r) => {
    const t = new Date(Date.UTC(2000, 4, 5) + Math.floor(i / 4) * 1000);
    const msg = message(r).replace(/\r\n/g, "~");
    return `${msg}~  $$<Hardware Inventory Agent><${DAYS[t.getUTCDay()]} ${MONTHS[t.getUTCMonth()]} ${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(i % 1000, 3)} ${t.getUTCFullYear()}><thread=175 (0xAF)>\r\n`;
  }, seed);
}
