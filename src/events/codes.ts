import type { CodeInfo } from "../model/event.js";

/**
 * Offline explanations for the codes that matter in the patch flow: what the code means and the usual cause
 * in this setting. Keyed by system and value.
 */
type Entry = [meaning: string, cause: string];

const HRESULT: Record<number, Entry> = {
  0x80070002: ["The system cannot find the file specified", "the catalog (mssecure.cab/.xml), the package source or the program file is missing"],
  0x80070003: ["The system cannot find the path specified", "a package or target folder does not exist or a drive mapping is missing"],
  0x80070005: ["Access is denied", "the account the program runs as has no rights on the target share, folder or registry key"],
  0x8007000e: ["Not enough storage is available to complete this operation", "the client is out of memory"],
  0x80070020: ["The file is in use by another process", "another program has the file open; retry later"],
  0x80070035: ["The network path was not found", "the distribution point or share name is wrong or unreachable"],
  0x80070043: ["The network name cannot be found", "the share named in the command line does not exist"],
  0x80070047: ["No more connections can be made to this remote computer", "the distribution point reached its connection limit"],
  0x80070057: ["The parameter is incorrect", "a command-line switch or argument is wrong"],
  0x80070070: ["There is not enough space on the disk", "free disk space on the client or the distribution point"],
  0x800700b7: ["Cannot create a file when that file already exists", "a leftover file from an earlier run"],
  0x80070422: ["The service cannot be started", "a required service (Windows Installer, WMI) is disabled"],
  0x80070643: ["Fatal error during installation", "Windows Installer error 1603: see the installer's own log"],
  0x80070652: ["Another installation is already in progress", "Windows Installer error 1618: another setup runs; retry after it ends"],
  0x80070bc2: ["The requested operation is successful; changes take effect after the system is restarted", "restart the client (3010)"],
  0x80072ee2: ["The operation timed out", "no answer from the Internet site or the proxy"],
  0x80072ee7: ["The server name or address could not be resolved", "no DNS resolution of the download site: no Internet access or a proxy is required"],
  0x80072efd: ["A connection with the server could not be established", "no Internet access from the sync host, or a firewall/proxy blocks it"],
  0x80072efe: ["The connection with the server was terminated abnormally", "the download was cut off; a proxy or firewall may interfere"],
  0x80072f78: ["The server returned an invalid or unrecognized response", "a proxy returned an error page instead of the file"],
  0x80190190: ["HTTP 400 Bad Request", "the request was rejected by the server or proxy"],
  0x80190193: ["HTTP 403 Forbidden", "the proxy or server refuses the download"],
  0x80190194: ["HTTP 404 Not Found", "the catalog URL is wrong or moved"],
  0x80190197: ["HTTP 407 Proxy Authentication Required", "the proxy needs credentials the sync account does not have: log on as a user with proxy access or allow the account"],
  0x801901f4: ["HTTP 500 Internal Server Error", "a server or proxy fault; retry"],
  0x801901f6: ["HTTP 502 Bad Gateway", "the proxy could not reach the Internet site"],
  0x80041001: ["WMI: generic failure", "the WMI repository may be damaged"],
  0x80041002: ["WMI: object not found", "the Win32_PatchState class or an instance is missing"],
  0x80041003: ["WMI: access denied", "the program's account cannot write to root\\cimv2"],
  0x80041010: ["WMI: invalid class", "the class is not defined: SMS_def.mof or the scan tool's MOF was not compiled"],
  0x80041013: ["WMI: provider load failure", "a WMI provider is not registered or fails to load"],
  0x80041032: ["WMI: call cancelled", "the WMI query was cancelled or timed out"],
  0x8004100e: ["WMI: invalid namespace", "the namespace (root\\cimv2) cannot be opened"],
  0x800b0100: ["No signature was present in the subject", "the cab or patch file is not signed or was damaged in transfer"],
  0x800b0101: ["A required certificate is not within its validity period", "the cab's certificate is expired or the client clock is wrong"],
  0x80004005: ["Unspecified error", "see the messages before it"],
  0x8000ffff: ["Catastrophic failure", "an unexpected internal error of the program"],
};

const WIN32: Record<number, Entry> = {
  0: ["The operation completed successfully", ""],
  1: ["Incorrect function", "the program failed; see the lines before"],
  2: ["The system cannot find the file specified", "a file named in the command line is missing"],
  3: ["The system cannot find the path specified", "a folder in the command line or the package path does not exist"],
  5: ["Access is denied", "the account has no rights on the file, folder or share"],
  32: ["The process cannot access the file because it is being used by another process", "another program has the file open"],
  53: ["The network path was not found", "the server or share is unreachable"],
  64: ["The specified network name is no longer available", "the connection to the share dropped"],
  67: ["The network name cannot be found", "the share does not exist"],
  71: ["No more connections can be made to this remote computer", "the distribution point reached its connection limit"],
  112: ["There is not enough space on the disk", "free disk space"],
  1223: ["The operation was canceled by the user", "someone cancelled the program"],
  1460: ["This operation returned because the timeout period expired", "the program took too long"],
};

const MSI: Record<number, Entry> = {
  0: ["Success", ""],
  1602: ["The user cancelled the installation", "someone cancelled the patch installation"],
  1603: ["Fatal error during installation", "the patch itself failed; read the patch's own log (setup log in %windir%) and the KB article for its switches"],
  1618: ["Another installation is already in progress", "another Windows Installer setup was running; PatchInstall retries at the next schedule"],
  1619: ["The installation package could not be opened", "the package file is missing or unreadable in the cache"],
  1620: ["The installation package could not be opened (invalid package)", "the downloaded package is damaged"],
  1635: ["This patch package could not be opened", "the patch file is missing, damaged, or not a Windows Installer patch; download it again in the DSUW"],
  1636: ["This patch package could not be opened (not applicable)", "the patch does not apply to the installed product version"],
  1638: ["Another version of this product is already installed", "a different version is present"],
  1641: ["The installer has started a restart", "the install succeeded and the client restarts now"],
  3010: ["A restart is required to complete the install", "the install succeeded; the client must restart before the patch takes effect and before other installs"],
};

const HTTP: Record<number, Entry> = {
  400: ["Bad Request", "the request was rejected"],
  401: ["Unauthorized", "the site needs credentials"],
  403: ["Forbidden", "the proxy or site refuses the download"],
  404: ["Not Found", "the catalog URL is wrong or moved"],
  407: ["Proxy Authentication Required", "the proxy needs credentials the sync account does not have"],
  500: ["Internal Server Error", "a server fault; retry"],
  502: ["Bad Gateway", "the proxy could not reach the site"],
  503: ["Service Unavailable", "the site is down or overloaded; retry"],
  504: ["Gateway Timeout", "the proxy timed out reaching the site"],
};

function info(code: string, system: CodeInfo["system"], value: number): CodeInfo {
  const table = system === "hresult" ? HRESULT : system === "win32" ? WIN32 : system === "msi" ? MSI : system === "http" ? HTTP : system === "exit" ? { ...WIN32, ...MSI } : {};
  const e = table[value];
  const out: CodeInfo = { code, system, value };
  if (e) {
    out.meaning = e[0];
    if (e[1]) out.cause = e[1];
  } else if (system === "hresult" && (value & 0xffff0000) >>> 0 === 0x80070000) {
    // HRESULT_FROM_WIN32: the low word is a Win32 code.
    const w = WIN32[value & 0xffff];
    if (w) {
      out.meaning = w[0];
      if (w[1]) out.cause = w[1];
    }
  }
  return out;
}

export function explainCode(system: CodeInfo["system"], value: number): CodeInfo {
  const code = system === "hresult" ? `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, "0")}` : String(value);
  return info(code, system, value);
}

// Each extractor is bounded; together they find the codes these logs write.
const EXTRACTORS: Array<[RegExp, (m: RegExpExecArray) => CodeInfo | undefined]> = [
  [/\b0x([89A-Fa-f][0-9A-Fa-f]{7})\b/g, (m) => info(`0x${m[1].toUpperCase()}`, "hresult", parseInt(m[1], 16))],
  [/(?:exit|return|result|error)[ -]?(?:code|value|status)\s*(?:=|:|of|is)?\s*(0x[0-9A-Fa-f]{1,4}|-?\d{1,10})\b/gi, (m) => exitInfo(m[1])],
  [/\breturned\s+(-?\d{1,10})\b/gi, (m) => exitInfo(m[1])],
  [/\bexit(?:s|ed|ing)?\s+with\s+(?:exit\s+|return\s+|error\s+)?code\s*[:=]?\s*(0x[0-9A-Fa-f]{1,4}|-?\d{1,10})\b/gi, (m) => exitInfo(m[1])],
  [/\bWin32\s*(?:=|error|:)\s*(\d{1,6})\b/gi, (m) => info(m[1], "win32", Number(m[1]))],
  [/\(#0x([0-9A-Fa-f]{1,8})\)/g, (m) => info(`#0x${m[1]}`, "win32", parseInt(m[1], 16))],
  [/\bHTTP(?:\s+status)?(?:\s+code)?\s*[:=]?\s*([1-5]\d\d)\b/gi, (m) => info(m[1], "http", Number(m[1]))],
  [/\bMSI\b[^\r\n]{0,80}?\breturning\s+(\d{1,5})\b/gi, (m) => info(m[1], "msi", Number(m[1]))],
];

function exitInfo(text: string): CodeInfo {
  const v = /^0x/i.test(text) ? parseInt(text, 16) : Number(text);
  if (MSI[v] && v !== 0) return info(text, "msi", v);
  return info(text, "exit", v);
}

/** All codes in a message, first occurrence of each value once. */
export function extractCodes(message: string): CodeInfo[] {
  const out: CodeInfo[] = [];
  const seen = new Set<string>();
  for (const [re, make] of EXTRACTORS) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(message))) {
      const c = make(m);
      if (!c) continue;
      const key = `${c.system}:${c.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(c);
    }
  }
  return out;
}
