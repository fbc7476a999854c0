import type { CodeInfo, EventFields, EventSignal, Severity, SignalBasis } from "../model/event.js";
import type { LogId } from "../model/logs.js";
import { SUCCESS_EXIT } from "../model/run.js";
import { hintId, type HintWord, type Hints } from "./words.js";

/**
 * The signal layer: whether a record says something went wrong, from evidence that does not depend on how its
 * message is phrased. Computed for every record, whether or not a message pattern recognized it:
 *
 * - `type`: the record's own format says so (CCM `type="3"` failure, `type="2"` warning);
 * - `prefix`: the message starts the way the SMS 2.0 programs mark errors (`ERROR`, `*** ERROR`, `EXCEPTION`,
 *   `<<CLIEXCEPT>>`, a `<<<< EXCEPTION` banner) or warnings (`WARNING`, `INSTANCE WARNING`);
 * - `code`: a failure code: an HRESULT with the failure bit, an HTTP error status, or a Win32 / Windows Installer /
 *   exit code other than success in an "exit/return/error/returned" context (the code extractors only take codes
 *   from such contexts);
 * - `words`: failure words (error, failed, cannot, unable to, exception...) or warning words (warning, timed out,
 *   retrying, skipped, truncated), not negated ("0 errors", "no error", "without error").
 */

const ERROR_WORD =
  /\b(?:errors?|failed|failures?|fatal|exception|cannot|can ?not|could not|couldn't|unable to|aborted|abort(?:ing)?)\b/gi;
const WARNING_WORD = /\b(?:warning|timed? ?out|retry(?:ing)?|skipped|truncat\w*)\b/gi;
/**
 * A word is negated when these precede it closely: "0 errors", "no error", "without errors"; or follow it: "errors: 0",
 * "error count 0", "error level 0", "(error 0)", "failures: none".
 */
const NEGATED_BEFORE = /(?:\b(?:no|0|zero|without|none)\s+(?:\w+\s+)?)$/i;
const NEGATED_AFTER = /^\s*(?:(?:count|level|code|number)?\s*[:=]?\s*(?:0|0x0+|none)\b|\(0\))/i;

// An optional sub-component prefix as Smsapm32 writes it ("SCHED DATA  : ", "IPC PIPE    : "), then the mark.
const SUB = String.raw`^\s*(?:[A-Z][A-Z ]{1,14}:\s+)?`;
const ERROR_PREFIX = new RegExp(
  `${SUB}(?:<{2,}\\s*)?(?:\\*{3}\\s*)?(?:[A-Z]{3,12} )?(?:ERROR|EXCEPTION)\\b|^\\s*<<CLIEXCEPT>>`,
);
const WARNING_PREFIX = new RegExp(`${SUB}(?:\\*{3}\\s*)?(?:[A-Z]{3,12} )?WARNING\\b`);

/** HRESULTs with the failure bit that mean success (HRESULT_FROM_WIN32 of 3010 and 1641). */
const SUCCESS_HRESULTS = new Set([0x80070bc2, 0x80070669]);

/** Words one of which each list's matches holds (see `words.ts`): a message with none of them is not searched. */
const ERROR_HINTS: readonly HintWord[] = [
  "error",
  "fail",
  "fatal",
  "exception",
  "cannot",
  "can not",
  "could",
  "unable",
  "abort",
];
const WARNING_HINTS: readonly HintWord[] = ["warning", "time", "retry", "skipped", "truncat"];
const ERROR_HINT_IDS = ERROR_HINTS.map(hintId);
const WARNING_HINT_IDS = WARNING_HINTS.map(hintId);

function hinted(lower: string, words: readonly HintWord[], ids: readonly number[], hints: Hints | undefined): boolean {
  if (hints) {
    for (const id of ids) if (hints.has(id)) return true;
    return false;
  }
  for (const w of words) if (lower.includes(w)) return true;
  return false;
}

function hasWord(re: RegExp, message: string): boolean {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(message))) {
    const before = message.slice(Math.max(0, m.index - 24), m.index);
    const after = message.slice(m.index + m[0].length, m.index + m[0].length + 8);
    if (!NEGATED_BEFORE.test(before) && !NEGATED_AFTER.test(after)) return true;
  }
  return false;
}

/** Whether a code found in a message is a failure code. */
export function isFailureCode(c: CodeInfo): boolean {
  switch (c.system) {
    case "hresult":
      return c.value >= 0x80000000 && !SUCCESS_HRESULTS.has(c.value);
    case "http":
      return c.value >= 400;
    default:
      return !SUCCESS_EXIT.has(c.value);
  }
}

/** What the message alone says (prefix, codes, words): the part of the signal that does not need the record. */
export interface MessageSignal {
  prefix?: "failure" | "warning";
  code: boolean;
  words?: "failure" | "warning";
}

/** `lower` (the message in lower case) and `hints` (a scan of it for the hint words) spare a caller that has them the work. */
export function messageSignal(
  message: string,
  codes: CodeInfo[] | undefined,
  lower?: string,
  hints?: Hints,
): MessageSignal {
  const l = hints ? "" : (lower ?? message.toLowerCase());
  const prefix = ERROR_PREFIX.test(message) ? "failure" : WARNING_PREFIX.test(message) ? "warning" : undefined;
  const failing = hinted(l, ERROR_HINTS, ERROR_HINT_IDS, hints) && hasWord(ERROR_WORD, message);
  const words = failing
    ? "failure"
    : hinted(l, WARNING_HINTS, WARNING_HINT_IDS, hints) && hasWord(WARNING_WORD, message)
      ? "warning"
      : undefined;
  return { prefix, code: codes?.some(isFailureCode) ?? false, words };
}

/**
 * The record's signal. Failure when the record's format says so (type 3, an ERROR/EXCEPTION prefix) or it carries a
 * failure code; warning when its format says warning (type 2, a WARNING prefix). Words count where the format says
 * nothing (a WARNING line that is "unable to" do something stays a warning), only when no pattern matched (a matched
 * pattern knows its message), and at most as a warning on a record typed informational. The basis lists everything
 * that points the same way.
 */
export function recordSignal(m: MessageSignal, type: number | null, matched: boolean): EventSignal | undefined {
  const format = type === 3 ? "failure" : type === 2 ? "warning" : undefined;
  const words = matched ? undefined : m.words;
  let level: EventSignal["level"] | undefined;
  if (format === "failure" || m.prefix === "failure" || m.code) level = "failure";
  else if (format === "warning" || m.prefix === "warning") level = "warning";
  // A record whose format marks it informational (CCM type 1) and that only has failure words is a warning: the
  // words alone ("Exception handler installed", "Error reporting disabled") are too weak to overrule the format.
  else if (words && type !== null && type !== undefined) level = "warning";
  else level = words;
  if (!level) return undefined;
  const basis: SignalBasis[] = [];
  if (format) basis.push("type");
  if (m.prefix) basis.push("prefix");
  if (m.code) basis.push("code");
  if (words) basis.push("words");
  return { level, basis };
}

/** What the tolerant tier infers from a message no pattern recognized. */
export interface Inference {
  kind: string;
  severity?: Severity;
  fields?: EventFields;
}

const SYNC_LOGS = new Set<LogId>(["SecuritySyncXML", "OfficeSyncXML"]);
const EXIT_CONTEXT = /\b(?:exit(?:s|ed|ing)?|return(?:s|ed|ing)?|terminat\w*|ended|ending|finish\w*|quit\w*|done)\b/i;
const KB = /\b(?:KB|Q)\d{5,7}\b|\bMS\d{2}-\d{3}\b/i;
/** A download verb: the failure is the catalog's download whatever else the line names. */
const SYNC_DOWNLOAD = /\b(?:download\w*|retriev\w*|fetch\w*|obtain\w*)\b/i;
/** The way to the Internet: a download failure unless the line speaks of writing to the package source. */
const SYNC_TRANSPORT = /\b(?:http|https|proxy|internet|winhttp\w*|go\.microsoft\.com|download\.microsoft\.com)\b/i;
const SYNC_TARGET = /\b(?:writ\w*|wrote|cop(?:y|ied|ying)|share|pkgsource|package source|smspkg)\b/i;
const SCAN_WRITE = /\b(?:writ\w*|wrote|stor\w*|sav\w*|wmi|win32_patchstate|cimv2|instances?|put)\b/i;
const SCAN_CATALOG = /\b(?:catalog\w*|mssecure\w*|msoffice\w*)\b|\.(?:xml|cab)\b/i;
const SCAN_NOUN = /\b(?:scan\w*|inventory tool)\b/i;
const EXEC_PROGRAM =
  /\bProgram\b.{0,200}?\b(?:terminated|ended|exited|finished|stopped|quit|returned|completed|failed)\b/i;

/**
 * The tolerant classification tier, between exact patterns and a generic event: the stage's nouns and verbs
 * together with a failure signal or a code give the event kind (`recognizedBy: "inferred"`). Only kinds the rules
 * build on are inferred; anything else stays generic (and its signal still counts).
 */
export function inferKind(message: string, log: LogId, fields: EventFields, failing: boolean): Inference | undefined {
  const exit = typeof fields.exitCode === "number" && EXIT_CONTEXT.test(message) ? fields.exitCode : undefined;
  if (SYNC_LOGS.has(log)) {
    if (exit !== undefined && !KB.test(message))
      return SUCCESS_EXIT.has(exit) ? { kind: "sync.completed" } : { kind: "sync.failed", severity: "error" };
    if (failing && (SYNC_DOWNLOAD.test(message) || (SYNC_TRANSPORT.test(message) && !SYNC_TARGET.test(message)))) {
      return { kind: "catalog.download.failed", severity: "error" };
    }
    return undefined;
  }
  if (log === "ScanWrapper") {
    if (exit !== undefined && !KB.test(message)) return { kind: "scan.exit" };
    if (!failing) return undefined;
    if (SCAN_WRITE.test(message)) return { kind: "scan.wmi.failed", severity: "error" };
    if (SCAN_CATALOG.test(message)) return { kind: "scan.catalog.invalid", severity: "error" };
    if (SCAN_NOUN.test(message)) return { kind: "scan.failed", severity: "error" };
    return undefined;
  }
  if (log === "PatchInstall") {
    const kb = /\b(?:KB|Q)\d{5,7}\b/i.exec(message)?.[0];
    const bulletin = /\bMS\d{2}-\d{3}\b/i.exec(message)?.[0];
    if ((kb || bulletin) && typeof fields.exitCode === "number") {
      const f: EventFields = {};
      if (kb) f.kb = kb.toUpperCase();
      if (bulletin) f.bulletin = bulletin.toUpperCase();
      return { kind: "install.patch.exit", fields: f };
    }
    return undefined;
  }
  // The program's name is left out: the run it closes is found by time, as for execmgr's own "Program exit code".
  if (log === "execmgr" && exit !== undefined && EXEC_PROGRAM.test(message)) return { kind: "execution.program.exit" };
  return undefined;
}
