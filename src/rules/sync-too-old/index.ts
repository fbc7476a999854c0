import type { PatchEvent } from "../../model/event.js";
import type { Rule } from "../types.js";
import { stageOfProgram, timeOf } from "../context.js";
import { cap, median, runBySeq, syncCommand } from "../lib/sync.js";
import { showDuration } from "../../time/show.js";
import { scans } from "../lib/scans.js";

const DAY = 86_400_000;

/** Program names of the Sync advertisement as execution logs write them: `SyncXML.exe`, `Security Update Sync`. */
function isSyncProgram(p: unknown): boolean {
  return stageOfProgram(p) === "sync" || (typeof p === "string" && /\bsync\b/i.test(p));
}

const rule: Rule = {
  id: "sync-too-old",
  stage: "sync",
  defaultSeverity: "error",
  description:
    "The catalog sync has not run for longer than the allowed sync age, or it ran only once while the scan kept running.",
  messages: {
    stale:
      "The last catalog sync ran on {date}, {days} days before {now} (the limit is {max} days){why}. Scans since then compare the clients with an old catalog.",
    "not-recurring":
      "The catalog sync ran only once ({date}) while the scan ran {scans} times over {period} (to {lastScan}): the Sync advertisement does not seem to recur, so the catalog will not be refreshed.",
  },
  remedy:
    "Check the Sync advertisement: it must recur on the same interval as the scan and run shortly before it, on a sync host where a user is logged on if the program requires one (otherwise the program waits for a user forever; a locked session is enough, or move the Sync program to an administrator's workstation). Then run SyncXML by hand on the sync host without /s to watch it: SyncXML.exe /site {site} /code {code} /target {target} /package {package}, check the log for a new catalog date, and let the scan run again.",
  check(ctx, report) {
    const runs = ctx.runsOf("sync");
    const bySeq = runBySeq(runs);
    let latest: PatchEvent | undefined;
    let latestMs = -Infinity;
    const consider = (e: PatchEvent): void => {
      const t = timeOf(e);
      if (t !== undefined && t > latestMs) {
        latest = e;
        latestMs = t;
      }
    };
    for (const e of ctx.events) if (e.stage === "sync") consider(e);
    for (const e of ctx.ofKind("execution.program.started"))
      if (stageOfProgram(e.fields.program) === "sync") consider(e);
    if (!latest) return;
    const last = latest;

    const cmd = syncCommand(ctx);
    const base = {
      site: cmd.site,
      code: cmd.code,
      target: cmd.target,
      package: cmd.package,
      max: ctx.options.maxSyncAgeDays,
    };
    const ageMs = ctx.now - latestMs;

    if (ageMs > ctx.options.maxSyncAgeDays * DAY) {
      const run = bySeq.get(last.seq);
      const start = run ? ctx.firstEvent(run) : undefined;
      // Why it stopped, when the execution log says: the Sync program waiting for a logged-on user.
      const waits = ctx
        .ofKind("execution.user.required")
        .filter((e) => isSyncProgram(e.fields.program) && (timeOf(e) ?? -Infinity) > latestMs);
      const noUser = ctx
        .ofKind("execution.user.not-logged-on")
        .filter((e) => waits.some((w) => w.file === e.file && e.line > w.line && e.line - w.line <= 3));
      const why = waits.length
        ? `; since then the execution log shows the Sync program waiting for a logged-on user ${waits.length} time${waits.length === 1 ? "" : "s"} (last on ${ctx.when(waits[waits.length - 1])})`
        : "";
      const support = [...waits.slice(-2), ...noUser.slice(-2)].sort((a, b) => a.seq - b.seq);
      report({
        messageId: "stale",
        data: {
          ...base,
          date: ctx.when(last),
          days: Math.floor(ageMs / DAY),
          now: new Date(ctx.now).toISOString().slice(0, 10),
          why,
        },
        evidence: cap([last, ...(start && start !== last ? [start] : []), ...support]),
      });
      return;
    }

    // Only one sync in the logs while the scan ran on, over more than one and a half scan intervals after it.
    const syncStarts = ctx
      .ofKind("execution.program.started")
      .filter((e) => stageOfProgram(e.fields.program) === "sync");
    if (runs.length !== 1 || syncStarts.length > 1) return;
    const run = runs[0];
    const syncStart = ctx.runStart(run);
    const syncEnd = ctx.runEnd(run);
    if (syncStart === undefined || syncEnd === undefined) return;
    const all = scans(ctx).filter((s) => s.start !== undefined);
    if (all.length < 3) return;
    const after = all.filter((s) => (s.start as number) > syncEnd);
    if (after.length < 2) return;
    const starts = all.map((s) => s.start as number);
    const gaps = starts
      .slice(1)
      .map((t, i) => t - starts[i])
      .filter((g) => g > 0);
    const interval = median(gaps) ?? DAY;
    const lastScan = after[after.length - 1];
    const reach = (lastScan.start as number) - syncStart;
    if (reach < Math.max(DAY, 1.5 * interval)) return;
    report({
      messageId: "not-recurring",
      severity: "warning",
      data: {
        ...base,
        date: ctx.when(ctx.firstEvent(run)),
        scans: all.length,
        period: showDuration(starts[starts.length - 1] - starts[0]),
        lastScan: ctx.when(lastScan.first),
      },
      evidence: cap([ctx.firstEvent(run), ctx.lastEvent(run), after[0].first, lastScan.first]),
    });
  },
};
export default rule;
