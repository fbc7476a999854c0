import type { PatchEvent } from "../../model/event.js";
import type { Rule } from "../types.js";
import { stageOfProgram, timeOf } from "../context.js";
import { cap } from "../lib/sync.js";
import { scans } from "../lib/scans.js";

const HOUR = 3_600_000;

/**
 * The scan program as execution logs name it: the executable (ScanWrapper.exe, s_scan.exe, o_scan.exe) or the
 * program's name in the package (`Security Update Inventory Tool (expedited)`, `Security Scan`).
 */
function isScanProgram(p: unknown): p is string {
  if (typeof p !== "string") return false;
  return stageOfProgram(p) === "scan" || (/inventory tool|\bscan\b/i.test(p) && !/sync|install/i.test(p));
}

/** Lines that show the scan program actually ran: started, command line, exit (a failure with an exit code ran too). */
function ran(e: PatchEvent): boolean {
  if (
    e.kind === "execution.program.started" ||
    e.kind === "execution.program.command" ||
    e.kind === "execution.program.exit"
  )
    return true;
  return e.kind === "execution.program.failed" && typeof e.fields.exitCode === "number";
}

const BLOCKERS: Record<string, string> = {
  "execution.content.unavailable": "the package content is not available",
  "execution.user.not-logged-on": "no user is logged on",
  "execution.program.unscheduled": "the program was unscheduled",
  "execution.program.failed": "the program could not be started",
};

const rule: Rule = {
  id: "scan-never-ran",
  stage: "scan",
  defaultSeverity: "error",
  description:
    "The scan log exists but holds no scan run, or the execution log shows the scan program requested but never started.",
  messages: {
    "no-run":
      "{file} holds {lines} lines ({first} to {last}) but none of them records a scan run: no start, end, catalog or patch result that patchflow recognizes. The scan program was not run, or it stopped before doing anything.",
    "program-never-started":
      "The execution log shows the scan program ({program}) requested {count} time{s} ({first} to {last}) but never started{blockers}. No scan ran, so this client has no current patch state.",
  },
  remedy:
    "In the execution log (execmgr.log, SMS 2.0: Smsapm32.log) follow the scan program's request: content not available means the package is not on a distribution point the client can reach (Update Distribution Points, check the client's boundaries); a program that needs a logged-on user or waits for a maintenance window must be changed to run whether or not a user is logged on. Then run the scan by hand on the client from %windir%\\system32\\vpcache\\<packageID>: ScanWrapper.exe /cache /kick (without /s it runs visibly; SMS 2.0: s_scan.exe /kick, o_scan.exe /kick) and check that ScanWrapper.log records a scan. If the log holds lines patchflow does not recognize, read them: they may be a phrasing to add with --patterns.",
  check(ctx, report) {
    // --- a scan log with no run in it
    const byFile = new Map<string, PatchEvent[]>();
    for (const e of ctx.events) {
      if (e.log !== "ScanWrapper") continue;
      const list = byFile.get(e.file);
      if (list) list.push(e);
      else byFile.set(e.file, [e]);
    }
    for (const [file, events] of byFile) {
      if (events.some((e) => e.kind !== "scan.message")) continue;
      events.sort((a, b) => a.line - b.line);
      const first = events[0];
      const last = events[events.length - 1];
      report({
        messageId: "no-run",
        data: {
          file: file.split(/[\\/]/).pop() ?? file,
          lines: events.length,
          first: ctx.when(first),
          last: ctx.when(last),
        },
        evidence: first === last ? [first] : [first, last],
      });
    }

    // --- the scan program requested but never started
    const scanEvents = ctx.events.filter((e) => e.stage === "execution" && isScanProgram(e.fields.program));
    if (!scanEvents.length || scanEvents.some(ran) || scans(ctx).length) return;
    let newest: number | undefined;
    for (const e of ctx.events) {
      const t = timeOf(e);
      if (t !== undefined && (newest === undefined || t > newest)) newest = t;
    }
    const firstT = timeOf(scanEvents[0]);
    if (newest === undefined || firstT === undefined || newest - firstT < HOUR) return;
    // What the execution log says right after each request (the next few lines of the same file).
    const blockers: PatchEvent[] = [];
    for (const r of scanEvents) {
      for (const e of ctx.events) {
        if (e.file === r.file && e.line > r.line && e.line - r.line <= 4 && BLOCKERS[e.kind] && !blockers.includes(e))
          blockers.push(e);
      }
    }
    const reasons = [...new Set(blockers.map((e) => BLOCKERS[e.kind]))];
    // A request starts with the change from NotExist; later state changes of the same request do not count again.
    const requests = scanEvents.filter(
      (e) =>
        e.kind === "execution.request.state" && (e.fields.fromState === undefined || e.fields.fromState === "NotExist"),
    );
    const shown = requests.length ? requests : scanEvents;
    const program = String(shown[0].fields.program);
    report({
      messageId: "program-never-started",
      data: {
        program,
        count: shown.length,
        s: shown.length === 1 ? "" : "s",
        first: ctx.when(shown[0]),
        last: ctx.when(shown[shown.length - 1]),
        blockers: reasons.length ? `; it says ${reasons.join(" and ")}` : "",
      },
      evidence: cap([...blockers.slice(0, 3), ...shown.slice(0, 3), ...shown.slice(-2)].sort((a, b) => a.seq - b.seq)),
    });
  },
};
export default rule;
