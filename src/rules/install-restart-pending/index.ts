import type { PatchEvent } from "../../model/event.js";
import type { Run } from "../../model/run.js";
import { stageOfProgram, type RuleContext } from "../context.js";
import type { Rule } from "../types.js";
import { realPostponement, renamesFound, resolutions } from "../lib/restart.js";

const MAX_EVIDENCE = 10;

function times(n: number): string {
  return n === 1 ? "once" : n === 2 ? "twice" : `${n} times`;
}

function patchName(e: PatchEvent): string | undefined {
  const name = [e.fields.bulletin, e.fields.kb].filter((x) => typeof x === "string").join(" ");
  return name || undefined;
}

function installRunOf(ctx: RuleContext, e: PatchEvent): Run | undefined {
  return ctx.runsOf("install").find((r) => r.events.includes(e.seq));
}

/** The run stopped at the renames: it failed or did not end, and no patch was installed after the line. */
function stoppedBy(ctx: RuleContext, e: PatchEvent): PatchEvent | undefined {
  const run = installRunOf(ctx, e);
  const after = run ? run.events.filter((s) => s > e.seq).map((s) => ctx.event(s)) : [];
  if (after.some((x) => x.kind === "install.patch.started" || x.kind === "install.patch.exit")) return undefined;
  if (run && run.result !== "success") return run.end !== undefined ? ctx.event(run.end) : e;
  if (!run) {
    for (let s = e.seq + 1; s < ctx.events.length; s++) {
      const x = ctx.event(s);
      if (x.file !== e.file) continue;
      if (x.line > e.lastLine + 5 || x.kind.startsWith("install.patch.")) break;
      if (x.kind === "install.failed") return x;
    }
  }
  return undefined;
}

/** The PatchInstall program's execution around an event (its exit line), as the execution log saw it. */
function executionExitAround(ctx: RuleContext, e: PatchEvent): PatchEvent | undefined {
  const t = ctx.runsOf("install").find((r) => r.events.includes(e.seq));
  const from = t ? ctx.runStart(t) : undefined;
  const to = t ? ctx.runEnd(t) : undefined;
  if (from === undefined || to === undefined) return undefined;
  for (const r of ctx.runsOf("execution")) {
    if (stageOfProgram(r.program) !== "install" || r.end === undefined) continue;
    const s = ctx.runStart(r);
    const end = ctx.runEnd(r);
    if (s !== undefined && end !== undefined && s <= from + 60_000 && end >= to - 1000 && end <= to + 5 * 60_000)
      return ctx.event(r.end);
  }
  return undefined;
}

const rule: Rule = {
  id: "install-restart-pending",
  stage: "install",
  defaultSeverity: "warning",
  description:
    "A restart the patch installation needs has not happened: a patch returned 3010 with no restart after it, or pending file renames stop PatchInstall.",
  messages: {
    "renames-blocked":
      "PatchInstall stopped without installing anything because file rename operations are pending from an earlier installation ({occurrences}): the computer must restart first.{cause}",
    "renames-pending":
      "PatchInstall found pending file rename operations ({occurrences}): the computer must restart before the patches it installs take full effect.{cause}",
    "restart-required":
      "{patches} asked for a restart on {first} to complete the installation, and no restart followed{postponed}: the patch is not in effect yet, and the next PatchInstall run will stop at the pending file renames.",
  },
  remedy:
    'Restart the client (or have its user restart it); that completes the pending installation and clears the pending file rename operations. Then let PatchInstall run again (or start the program patchinstall.exe <switches> /m:"PatchAuthorize.xml" from the advertisement), and run ScanWrapper.exe /s /cache /kick so that the console shows the patches Installed. If users keep postponing, shorten the grace period (/g:<hours>) in the Distribute Software Updates Wizard so that the restart becomes mandatory.',
  check(ctx, report) {
    const resolved = resolutions(ctx);
    const resolvedAfter = (seq: number): boolean => resolved.some((r) => r.seq > seq);
    const resolvedBetween = (a: number, b: number): boolean => resolved.some((r) => r.seq > a && r.seq < b);

    // --- a restart asked for (3010 / "restart required") and never done
    const needs: PatchEvent[] = [
      ...ctx.ofKind("install.patch.exit").filter((e) => e.fields.exitCode === 3010),
      ...ctx.ofKind("install.restart.required"),
      // The execution log's 3010 alone only where the install logs, which would show the restart, were read.
      ...(ctx.hasStage("install") ? ctx.executionsFor("install") : [])
        .filter((r) => r.exitCode === 3010 && r.end !== undefined)
        .map((r) => ctx.event(r.end as number)),
    ].sort((a, b) => a.seq - b.seq);
    const open = needs.filter((n) => !resolvedAfter(n.seq));
    let pendingRestart: { first: PatchEvent; patches: string } | undefined;
    if (open.length) {
      const first = open[0];
      const patches = [
        ...new Set(open.filter((e) => e.kind === "install.patch.exit").map((e) => patchName(e) ?? "a patch")),
      ];
      const postponed = ctx.ofKind("install.ui.postponed").filter((e) => realPostponement(e) && e.seq > first.seq);
      const notRestarted = ctx
        .ofKind("install.message")
        .filter((e) => e.seq > first.seq && /\bnot (been )?restarted\b/i.test(e.message));
      const patchText = patches.length ? patches.join(", ") : "The patch installation";
      pendingRestart = { first, patches: patchText };
      const evidence = [
        ...open.filter((e) => e.log !== "execmgr" && e.log !== "Smsapm32"),
        ...postponed,
        ...notRestarted,
        ...open.filter((e) => e.log === "execmgr" || e.log === "Smsapm32"),
      ];
      report({
        messageId: "restart-required",
        data: {
          patches: patchText,
          first: ctx.when(first),
          postponed: postponed.length
            ? ` (the user postponed it ${times(postponed.length)}, the last time on ${ctx.when(postponed[postponed.length - 1])})`
            : "",
        },
        evidence: [...new Set(evidence)].slice(0, MAX_EVIDENCE),
      });
    }

    // --- pending file renames, grouped into incidents that no restart separates
    const found = ctx.ofKind("install.renames.pending").filter(renamesFound);
    const incidents: PatchEvent[][] = [];
    for (const e of found) {
      const cur = incidents[incidents.length - 1];
      if (cur && !resolvedBetween(cur[cur.length - 1].seq, e.seq)) cur.push(e);
      else incidents.push([e]);
    }
    for (const inc of incidents) {
      const last = inc[inc.length - 1];
      const lastRun = installRunOf(ctx, last);
      if (resolved.some((r) => r.seq > last.seq && (!lastRun || r.seq > (lastRun.end ?? last.seq)))) continue;
      const runs = new Set(inc.map((e) => installRunOf(ctx, e)?.id ?? `line ${e.line}`)).size;
      const evidence: PatchEvent[] = [];
      let blocked = false;
      for (const e of [...inc].reverse()) {
        evidence.push(e);
        const stop = stoppedBy(ctx, e);
        if (stop) {
          blocked = true;
          if (stop !== e) evidence.push(stop);
          const exec = executionExitAround(ctx, e);
          if (exec) evidence.push(exec);
        }
      }
      const cause =
        pendingRestart && pendingRestart.first.seq < inc[0].seq
          ? ` They come from ${pendingRestart.patches}, which asked for a restart on ${ctx.when(pendingRestart.first)} that never happened.`
          : "";
      if (cause && pendingRestart) evidence.push(pendingRestart.first);
      report({
        messageId: blocked ? "renames-blocked" : "renames-pending",
        data: {
          count: runs,
          last: ctx.when(last),
          occurrences: runs === 1 ? `on ${ctx.when(last)}` : `${runs} runs, the last on ${ctx.when(last)}`,
          cause,
        },
        evidence: [...new Set(evidence)].slice(0, MAX_EVIDENCE),
        severity: blocked ? "error" : "warning",
      });
    }
  },
};
export default rule;
