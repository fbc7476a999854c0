import type { PatchEvent } from "../../model/event.js";
import { stageOfProgram, timeOf, type RuleContext } from "../context.js";
import type { Rule } from "../types.js";
import type { FlowStage } from "../../model/finding.js";

const MAX_EVIDENCE = 10;
const MINUTE = 60_000;
/** Without an end, a SyncXML run's own log lines are looked for this long after its start. */
const SYNC_WINDOW_MS = 30 * MINUTE;

const USER = /^user$/i;
/** execmgr's "Admin context" runs as the local system account, like APM's SERVICE context. */
const SYSTEM = /^(admin|administrator|system|localsystem|service)$/i;
/** Codes of a sync that could not get through to the Internet. */
const NO_INTERNET = /0x80072E(E2|E7|FD|FE)|0x80072F78|0x8019\w{4}|\bHTTP\b[^0-9]{0,20}(407|403|502|504)\b|proxy/i;

function baseName(program: string): string {
  return (
    program
      .replace(/^["']|["']$/g, "")
      .split(/[\\/]/)
      .pop() ?? program
  );
}

/** The sync's own lines that show it could not reach the Internet, during the execution that started at `start`. */
function internetFailures(ctx: RuleContext, start: PatchEvent): PatchEvent[] {
  const run = ctx.runsOf("execution").find((r) => r.start === start.seq);
  const from = timeOf(start);
  if (from === undefined) return [];
  const end = run && run.end !== undefined ? ctx.runEnd(run) : undefined;
  const to = (end ?? from + SYNC_WINDOW_MS) + MINUTE;
  return ctx.events.filter((e) => {
    if (e.stage !== "sync") return false;
    const t = timeOf(e);
    if (t === undefined || t < from - MINUTE || t > to) return false;
    if (e.kind === "catalog.download.failed") return true;
    return (
      (e.kind === "sync.failed" || e.kind === "sync.proxy") && e.severity !== "info" && NO_INTERNET.test(e.message)
    );
  });
}

interface Group {
  program: string;
  stage: FlowStage;
  context: string;
  starts: PatchEvent[];
  /** Per start, in order: the start line, then the sync's failure lines of that run. */
  evidence: PatchEvent[];
}

const rule: Rule = {
  id: "execution-wrong-context",
  stage: "execution",
  defaultSeverity: "warning",
  description:
    "A patch-flow program ran in the wrong security context: a scan or install program with a user's rights, or SyncXML as the system account where it cannot use the user's Internet proxy settings.",
  messages: {
    "user-context":
      "{program} ran with the logged-on user's rights ({context} context, {occurrences}) instead of with administrative rights: it needs them to {need}.",
    "system-context":
      "SyncXML ran as the system account ({context} context, {occurrences}) and then could not download the catalog: the system account has no user's Internet proxy settings or proxy credentials.",
  },
  remedy:
    'Open the program\'s properties in the SMS Administrator console (Environment tab). For ScanWrapper, s_scan/o_scan and PatchInstall choose "Run with administrative rights" (and "Whether or not a user is logged on"), so that the scan can write Win32_PatchState in root\\cimv2 and the patches can install. For the Sync program (SyncXML) choose "Run with user\'s rights" and "Only when a user is logged on", on a sync host an administrator logs on to daily, so that SyncXML uses that user\'s proxy settings; or configure a machine-wide proxy the system account can pass (proxycfg on Windows XP/2003).',
  check(ctx, report) {
    const groups = new Map<string, Group>();
    for (const e of ctx.ofKind("execution.program.started")) {
      const program = typeof e.fields.program === "string" ? e.fields.program : undefined;
      const context = typeof e.fields.context === "string" ? e.fields.context : undefined;
      const stage = stageOfProgram(program);
      if (!program || !context || !stage) continue;
      let kind: "user" | "system" | undefined;
      let failures: PatchEvent[] = [];
      if (stage !== "sync" && USER.test(context)) kind = "user";
      else if (stage === "sync" && SYSTEM.test(context)) {
        // Running SyncXML as SYSTEM is only a fault where it kept the sync from the Internet.
        failures = internetFailures(ctx, e);
        if (failures.length) kind = "system";
      }
      if (!kind) continue;
      const key = `${kind}\u0000${baseName(program).toLowerCase()}`;
      const g = groups.get(key) ?? { program: baseName(program), stage, context, starts: [], evidence: [] };
      g.starts.push(e);
      g.evidence.push(e, ...failures);
      groups.set(key, g);
    }
    for (const [key, g] of groups) {
      const system = key.startsWith("system");
      const last = g.starts[g.starts.length - 1];
      report({
        messageId: system ? "system-context" : "user-context",
        data: {
          program: g.program,
          context: g.context,
          count: g.starts.length,
          occurrences:
            g.starts.length === 1 ? `on ${ctx.when(last)}` : `${g.starts.length} times, the last on ${ctx.when(last)}`,
          last: ctx.when(last),
          need:
            g.stage === "install"
              ? "install patches for every user of the computer"
              : "write the scan results to Win32_PatchState in root\\cimv2 for the hardware inventory",
        },
        evidence: g.evidence.slice(0, MAX_EVIDENCE),
        stage: g.stage,
      });
    }
  },
};
export default rule;
