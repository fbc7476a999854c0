import type { CodeInfo, PatchEvent } from "../../model/event.js";
import { explainCode } from "../../events/codes.js";
import { SUCCESS_EXIT } from "../../model/run.js";
import type { Rule } from "../types.js";
import { exitsByPatch } from "../lib/install.js";

/** 1618 (another installation in progress) has its own rule: it is not the patch's fault. */
const ANOTHER_IN_PROGRESS = 1618;
/** Codes that mean the package file itself is unusable: the DSUW must distribute it again. */
const BAD_PACKAGE = new Set([1619, 1620, 1635, 1636]);
const MAX_EVIDENCE = 10;

function codeInfo(e: PatchEvent, code: number): CodeInfo {
  return e.fields.codes?.find((c) => c.value === code && c.meaning) ?? explainCode("msi", code);
}

/** The patch's own setup log as PatchInstall names it right after the exit line, if it does. */
function setupLogAfter(ctx: { events: PatchEvent[] }, exit: PatchEvent): PatchEvent | undefined {
  for (let s = exit.seq + 1; s < ctx.events.length && s <= exit.seq + 20; s++) {
    const e = ctx.events[s];
    if (e.file !== exit.file) continue;
    if (e.line > exit.lastLine + 3) break;
    if (/\\KB\d+\.log\b/i.test(e.message) || /setup log/i.test(e.message)) return e;
  }
  return undefined;
}

const rule: Rule = {
  id: "install-patch-failed",
  stage: "install",
  defaultSeverity: "error",
  description:
    "A patch that PatchInstall ran ended with a failure exit code (1603, 1635, 1636, ...) and was not installed later.",
  messages: {
    failed: "{patch} did not install: {attempts}. Exit code {code} means: {meaning}. Usual cause: {cause}.",
  },
  remedy:
    'Read the patch\'s own setup log on the client ({setupLog}) at {failedAt} for the step that failed. Check the command-line switches the Distribute Software Updates Wizard gave {patch} against its KB article (e.g. /quiet /norestart), and install it once by hand with them. Check free disk space and that the Windows Installer service starts. For 1619, 1620, 1635 or 1636 (package file unusable or not for this product version) open the package in the Distribute Software Updates Wizard, download the patch again and update the distribution points, then let PatchInstall (patchinstall.exe <switches> /m:"PatchAuthorize.xml") run again.',
  check(ctx, report) {
    for (const [patch, exits] of exitsByPatch(ctx)) {
      const failures = exits.filter(
        (e) => !SUCCESS_EXIT.has(e.fields.exitCode as number) && e.fields.exitCode !== ANOTHER_IN_PROGRESS,
      );
      if (!failures.length) continue;
      const lastFailure = failures[failures.length - 1];
      // Installed by a later attempt (the timeline is in time order): nothing left to fix.
      if (exits.some((e) => SUCCESS_EXIT.has(e.fields.exitCode as number) && e.seq > lastFailure.seq)) continue;
      const failedAttempts = exits.filter((e) => !SUCCESS_EXIT.has(e.fields.exitCode as number));
      const code = lastFailure.fields.exitCode as number;
      const info = codeInfo(lastFailure, code);
      const setupLogEvent = setupLogAfter(ctx, lastFailure);
      const kbNumber = typeof lastFailure.fields.kb === "string" ? lastFailure.fields.kb.toUpperCase() : undefined;
      const setupLogPath = setupLogEvent?.message.match(/[A-Za-z]:\\[^\s"']*\\KB\d+\.log/i)?.[0];
      const setupLog = setupLogPath ?? (kbNumber ? `%windir%\\${kbNumber}.log` : "the patch's log in %windir%");
      const name =
        [lastFailure.fields.bulletin, lastFailure.fields.kb].filter((x) => typeof x === "string").join(" ") || patch;
      const evidence = [lastFailure, ...failedAttempts.filter((e) => e !== lastFailure).reverse()];
      if (setupLogEvent) evidence.splice(1, 0, setupLogEvent);
      report({
        messageId: "failed",
        data: {
          patch: name,
          attempts: failedAttempts
            .map((e) => `exit code ${e.fields.exitCode as number} on ${ctx.when(e)}`)
            .join(", then "),
          count: failedAttempts.length,
          failedAt: ctx.when(lastFailure),
          code,
          meaning: info.meaning ?? "no explanation known for this code",
          cause:
            info.cause ??
            (BAD_PACKAGE.has(code)
              ? "the patch file is damaged or not meant for this product version"
              : "see the patch's own setup log"),
          setupLog,
        },
        evidence: evidence.slice(0, MAX_EVIDENCE),
        covers: evidence,
      });
    }
  },
};
export default rule;
