/**
 * Deterministic (seeded) benchmark corpora: a CCM log and a `$$<` log of a given size, realistic in their mix
 * (multi-line WMI dumps ~2%, `]` and `<` inside messages, long XML-ish messages ~3%, non-ASCII ~3%, CRLF, the bias
 * changing mid-file so UTC order differs from file order) but repeating about a dozen messages; a CCM log of the
 * same build whose messages do not repeat (GUIDs, paths, URLs, update titles, numbers in every message); and a
 * fleet of small client folders.
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

async function writeUntil(
  file: string,
  bytes: number,
  line: (i: number, r: () => number) => string,
  seed: number,
  chunkLines = 2000,
): Promise<number> {
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
  if (x < 0.02)
    return `Raising event:\r\n[SMS_CodePage(437), SMS_LocaleID(1033)]\r\ninstance of SoftDistProgramStartedEvent\r\n{\r\n\tClientID = "GUID:F5EC9167-62AB-43BB-870E-4F40A720AB52";\r\n\tDateTime = "20060814163549.724000+000";\r\n};`;
  if (x < 0.05)
    return `<PatchAuthorize><Patch KB="921883" Bulletin="MS06-040" Authorized="1"/>${'<Item Id="x" State="Applicable"/>'.repeat(12)}</PatchAuthorize>`;
  if (x < 0.08) return MESSAGES[10];
  return MESSAGES[Math.floor(r() * 10)];
}

/** A CCM log of about `bytes` bytes; the bias switches from +240 to +300 half-way (a clock turned back an hour). */
export function writeCcm(
  file: string,
  bytes: number,
  seed = 1,
  components: readonly string[] = COMPONENTS,
  chunkLines = 2000,
  msg: (r: () => number) => string = message,
): Promise<number> {
  const half = Math.floor(bytes / 2);
  let size = 0;
  return writeUntil(
    file,
    bytes,
    (i, r) => {
      const sec = Math.floor(i / 4);
      const bias = size < half ? 240 : 300;
      const shifted = size < half ? sec : sec - 3600;
      const t = new Date(Date.UTC(2006, 7, 1) + shifted * 1000);
      const line = `<![LOG[${msg(r)}]LOG]!><time="${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(i % 1000, 3)}+${bias}" date="${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}-${t.getUTCFullYear()}" component="${components[i % components.length]}" context="" type="${r() < 0.05 ? 3 : 1}" thread="${1000 + (i % 7)}" file="source.cpp:${i % 900}">\r\n`;
      size += line.length;
      return line;
    },
    seed,
    chunkLines,
  );
}

/** Logs of a CCM\Logs folder that no stage of the patch flow uses. */
export const OTHER_CCM_LOGS = [
  "CAS",
  "CcmExec",
  "PolicyAgent",
  "PolicyAgentProvider",
  "PolicyEvaluator",
  "LocationServices",
  "ClientIDManagerStartup",
  "DataTransferService",
  "StatusAgent",
  "ContentTransferManager",
  "ClientLocation",
  "CertificateMaintenance",
  "FileBITS",
  "mtrmgr",
  "SoftwareDistribution",
  "RemoteControl",
  "SrcUpdateMgr",
  "UpdatesHandler",
  "SMSCliUI",
  "Scheduler",
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
    const file = path.join(
      dir,
      `${name}${copy ? `-2006${pad(1 + (copy % 12))}${pad(1 + copy)}-${pad(copy)}0000` : ""}.log`,
    );
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
  return writeUntil(
    file,
    bytes,
    (i, r) => {
      const t = new Date(Date.UTC(2000, 4, 5) + Math.floor(i / 4) * 1000);
      const msg = message(r).replace(/\r\n/g, "~");
      return `${msg}~  $$<Hardware Inventory Agent><${DAYS[t.getUTCDay()]} ${MONTHS[t.getUTCMonth()]} ${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(i % 1000, 3)} ${t.getUTCFullYear()}><thread=175 (0xAF)>\r\n`;
    },
    seed,
  );
}

const HEX = "0123456789ABCDEF";
const TITLES = [
  "Vulnerability in Server Service Could Allow Remote Code Execution",
  "Cumulative Security Update for Internet Explorer",
  "Vulnerability in Microsoft Office Could Allow Remote Code Execution",
  "Vulnerabilities in Windows Kernel Could Result in Elevation of Privilege",
  "Vulnerability in DHTML Editing Component ActiveX Control Could Allow Remote Code Execution",
  "Vulnerability in Microsoft Excel Could Allow Remote Code Execution",
  "Vulnerability in Hyperlink Object Library Could Allow Remote Code Execution",
  "Vulnerability in Management Console Could Allow Remote Code Execution",
];
const PRODUCTS = [
  "Windows XP",
  "Windows 2000",
  "Windows Server 2003",
  "Office 2003",
  "Office XP",
  "Internet Explorer 6",
];
const STATES = [
  "NotExist",
  "NotifyExecution",
  "WaitingContent",
  "Running",
  "Succeeded",
  "Failed",
  "AdditionalSettingsRequired",
];
const HOSTS = ["download.microsoft.com", "go.microsoft.com", "sms01.contoso.com", "dp02.branch.contoso.com"];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}
function int(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}
function guid(r: () => number): string {
  let s = "";
  for (const n of [8, 4, 4, 4, 12]) {
    if (s) s += "-";
    for (let k = 0; k < n; k++) s += HEX[Math.floor(r() * 16)];
  }
  return s;
}
const kb = (r: () => number): string => `KB${int(r, 810000, 935000)}`;
const bulletin = (r: () => number): string => `MS0${int(r, 3, 6)}-0${String(int(r, 1, 79)).padStart(2, "0")}`;
const pkg = (r: () => number): string => `ABC${String(int(r, 1, 999)).padStart(5, "0")}`;
const hex = (r: () => number): string => `0x${(0x80000000 + int(r, 0, 0x7ffffff)).toString(16).toUpperCase()}`;
const user = (r: () => number): string => `user${int(r, 1, 99999)}`;

/**
 * Messages as varied as real logs: every message carries numbers, most a GUID, a path, a URL or an update's
 * title, so exact repeats are rare (a message memo gains next to nothing) while the phrasings are the real ones.
 */
export function variedMessage(r: () => number): string {
  switch (int(r, 0, 13)) {
    case 0:
      return `Using catalog C:\\WINDOWS\\system32\\vpcache\\${pkg(r)}\\${guid(r)}\\mssecure.xml (catalog date 2006-${String(int(r, 1, 12)).padStart(2, "0")}-${String(int(r, 1, 28)).padStart(2, "0")})`;
    case 1:
      return `Patch ${bulletin(r)} (${kb(r)}) ${pick(r, ["Applicable", "Installed", "Not Applicable"])}: Security Update for ${pick(r, PRODUCTS)} (${kb(r)}) - ${pick(r, TITLES)}, ${int(r, 100, 99999)} bytes`;
    case 2:
      return `Wrote ${int(r, 1, 5000)} instances to Win32_PatchState in ${int(r, 1, 99999)} ms`;
    case 3:
      return `Inventory: Successfully sent report. Destination:mp:MP_HinvEndpoint, ID: {${guid(r)}}, Timeout: ${int(r, 60, 604800)} minutes MsgMode: Signed, Not Compressed`;
    case 4:
      return `Download of http://${pick(r, HOSTS)}/download/${guid(r).toLowerCase()}/WindowsXP-${kb(r)}-x86-ENU.exe failed: ${hex(r)}`;
    case 5:
      return `Execution Request for package ${pkg(r)} program ${pick(r, ["Security Scan", "Software Updates Installation Agent", "Security Catalog Sync"])} (${int(r, 1, 9999)}) state change from ${pick(r, STATES)} to ${pick(r, STATES)}`;
    case 6:
      return `Copying C:\\Documents and Settings\\${user(r)}\\Local Settings\\Temp\\{${guid(r)}}\\${kb(r)}.cab to \\\\SMS01\\SMSPKGC$\\${pkg(r)}\\${int(r, 1, 99999)}.tmp`;
    case 7:
      return `Raising event:\r\n[SMS_CodePage(${pick(r, [437, 850, 1252])}), SMS_LocaleID(${pick(r, [1031, 1033, 1036])})]\r\ninstance of SoftDistProgramStartedEvent\r\n{\r\n\tAdvertisementId = "${pkg(r)}";\r\n\tClientID = "GUID:${guid(r)}";\r\n\tDateTime = "2006${String(int(r, 1, 12)).padStart(2, "0")}${String(int(r, 10, 28))}${int(r, 100000, 235959)}.${int(r, 100000, 999999)}+000";\r\n};`;
    case 8:
      return `<PatchAuthorize Version="${int(r, 1, 99)}">${Array.from({ length: int(r, 2, 8) }, () => `<Patch KB="${int(r, 810000, 935000)}" Bulletin="${bulletin(r)}" Authorized="${int(r, 0, 1)}" Id="{${guid(r)}}"/>`).join("")}</PatchAuthorize>`;
    case 9:
      return `Fehler ${hex(r)} beim Zugriff auf C:\\Programme\\Übersicht ${int(r, 1, 9999)}\\Datei_${int(r, 1, 99999)}.dat – Überprüfung läuft (${user(r)})`;
    case 10:
      return `${bulletin(r)} ${kb(r)} exit code ${pick(r, [0, 0, 0, 3010, 1603, 1618, 1641])} after ${int(r, 1, 3600)} s, ${int(r, 0, 40)} files replaced [${guid(r)}]`;
    case 11:
      return `Value [${int(r, 0, 99999)}] is [${guid(r)}]] with <brackets> in http://${pick(r, HOSTS)}/fwlink/?LinkId=${int(r, 10000, 99999)}`;
    case 12:
      return `Collecting class Win32_${pick(r, ["PatchState", "QuickFixEngineering", "Product", "Service"])} instance ${int(r, 1, 99999)} of ${int(r, 1, 99999)}, ${int(r, 0, 65535)} properties, ${int(r, 0, 999)} ms`;
    default:
      return `Download failed: ${hex(r)} (${int(r, 1, 99)} retries, ${int(r, 0, 2 ** 31)} bytes from http://${pick(r, HOSTS)}/${guid(r)}/mssecure.cab)`;
  }
}

/** A CCM log like `writeCcm`'s, with messages that do not repeat (`variedMessage`). */
export function writeVaried(file: string, bytes: number, seed = 3): Promise<number> {
  return writeCcm(file, bytes, seed, COMPONENTS, 2000, variedMessage);
}
