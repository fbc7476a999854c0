import type { PatchEvent } from "../../model/event.js";
import type { Run } from "../../model/run.js";
import type { Rule } from "../types.js";
import {
  cap,
  codeKey,
  explainCodes,
  incidents,
  kindOfSyncLog,
  KIND_NAME,
  incidentSpan,
  syncUnits,
  syncCommand,
  type Step,
} from "../lib/sync.js";

type MessageId = "download" | "target-access" | "sync-failed";

interface Failure {
  messageId: MessageId;
  /** The lines the failure rests on, most telling first. */
  lines: PatchEvent[];
  first: PatchEvent;
  target?: string;
}

const FAILURE_KINDS = ["catalog.download.failed", "target.access.failed", "sync.failed"];

function failureOf(events: PatchEvent[], runFailed: boolean): Failure | undefined {
  const download = events.filter((e) => e.kind === "catalog.download.failed");
  const target = events.filter((e) => e.kind === "target.access.failed");
  const end = events.filter((e) => e.kind === "sync.failed");
  const first = events[0];
  if (download.length) return { messageId: "download", lines: [...download, ...target, ...end], first };
  if (target.length) {
    const path = target.find((e) => typeof e.fields.path === "string")?.fields.path as string | undefined;
    return { messageId: "target-access", lines: [...target, ...end], first, target: path };
  }
  if (runFailed || end.length) {
    // The other error lines of the run say why, when the end line does not.
    const errors = events.filter((e) => e.severity === "error" && e.kind !== "sync.failed");
    return { messageId: "sync-failed", lines: [...errors, ...end], first };
  }
  return undefined;
}

function succeeded(events: PatchEvent[], run: Run | undefined): boolean {
  return events.some((e) => e.kind === "catalog.download.completed") || run?.result === "success";
}

const rule: Rule = {
  id: "sync-download-failed",
  stage: "sync",
  defaultSeverity: "error",
  description:
    "SyncXML could not download the catalog (mssecure.cab) or store it in the package source, or the sync run failed.",
  messages: {
    download: "SyncXML could not download the {catalog} catalog {runs}: {explanation}. {outcome}",
    "target-access":
      "SyncXML downloaded nothing into the package source because it cannot access {target} {runs}: {explanation}. {outcome}",
    "sync-failed": "SyncXML failed {runs}{explanation}. {outcome}",
  },
  remedy:
    "The sync host must reach the Internet as {account}. HTTP 407 / 0x80190197: the proxy demands credentials that account does not have; set the WinHTTP proxy (proxycfg) and let the proxy accept the sync host's requests to go.microsoft.com and download.microsoft.com without user authentication (or exempt them). 0x80072EE7 (name not resolved) or 0x80072EFD (cannot connect): the sync host has no DNS or direct Internet access; configure the proxy or open the firewall. HTTP 404: the download address has moved; install the current scan tool package. A package-source error: give that account write access to {target}. Then run SyncXML by hand on the sync host without /s to watch it work: SyncXML.exe /site {site} /code {code} /target {target} /package {package} (the advertised program adds /s), and check that the log shows a new catalog date.",
  check(ctx, report) {
    for (const list of syncUnits(ctx, FAILURE_KINDS)) {
      const steps: Step<Failure>[] = [];
      for (const u of list) {
        const f = failureOf(u.events, u.run?.result === "failure");
        if (f) steps.push({ fail: true, key: `${f.messageId}|${codeKey(f.lines)}`, item: f });
        else if (succeeded(u.events, u.run)) steps.push({ fail: false });
      }
      for (const inc of incidents(steps)) {
        const first = inc.items[0];
        const last = inc.items[inc.items.length - 1];
        const lines = inc.items.flatMap((f) => f.lines);
        const kind = kindOfSyncLog(first.first.log);
        const cmd = syncCommand(ctx, kind);
        // The failure lines explain it; SyncXML's exit code only when nothing else does.
        const causes = lines.filter((e) => e.kind !== "sync.failed");
        const explained = first.messageId === "sync-failed" && !explainCodes(causes) ? lines : causes;
        const explanation = explainCodes(explained);
        const data: Record<string, string | number> = {
          catalog: KIND_NAME[kind],
          runs: incidentSpan(ctx, first.first, last.first, inc.items.length, "sync runs"),
          count: inc.items.length,
          explanation:
            first.messageId === "sync-failed"
              ? explanation
                ? `: ${explanation}`
                : " (the log gives no reason; see the lines before the failure)"
              : explanation || "no error code given",
          outcome: inc.recovered
            ? "A later sync worked again, so this is resolved; keep an eye on it."
            : "No sync has downloaded the catalog since, so scans keep using the last catalog that arrived.",
          site: cmd.site,
          code: cmd.code,
          target: first.target ?? cmd.target,
          package: cmd.package,
          account: cmd.account,
        };
        report({
          messageId: first.messageId,
          data,
          evidence: cap([...inc.items.flatMap((f) => f.lines), ...inc.items.map((f) => f.first)]),
          covers: inc.items.flatMap((f) => f.lines),
          ...(inc.recovered ? { severity: "warning" as const } : {}),
        });
      }
    }
  },
};
export default rule;
