import type { PatchEvent } from "../../model/event.js";
import type { Rule } from "../types.js";

const MAX_EVIDENCE = 10;

/** An authorization list that names at least one patch. */
function loadedWithPatches(e: PatchEvent): boolean {
  return e.kind === "install.authorization.loaded" && (typeof e.fields.count !== "number" || e.fields.count > 0);
}

const rule: Rule = {
  id: "install-authorization-problem",
  stage: "install",
  defaultSeverity: "error",
  description:
    "PatchInstall found no authorization list (PatchAuthorize.xml) or one that authorizes no patch, so it installs nothing.",
  messages: {
    missing:
      "PatchInstall could not find its authorization list{path} ({occurrences}), so it installed nothing: the package does not carry PatchAuthorize.xml or the program's /m: switch points elsewhere.",
    empty: "PatchInstall's authorization list authorizes no patch ({occurrences}), so it installed nothing.",
  },
  remedy:
    'Open the software updates package in the Distribute Software Updates Wizard, authorize the patches this client needs (only patches at least one client reported Applicable can be chosen) and finish the wizard, so that the package carries PatchAuthorize.xml with authorized patches; update the distribution points. Check that the program\'s command line is patchinstall.exe <switches> /m:"PatchAuthorize.xml" and that the file is in the package folder the program runs from.',
  check(ctx, report) {
    for (const [messageId, kind] of [
      ["missing", "install.authorization.missing"],
      ["empty", "install.authorization.empty"],
    ] as const) {
      const found = ctx.ofKind(kind);
      if (!found.length) continue;
      const last = found[found.length - 1];
      // A later run that loaded a list with patches: the package was fixed since.
      if (ctx.ofKind("install.authorization.loaded").some((e) => e.seq > last.seq && loadedWithPatches(e))) continue;
      const runs = new Set(
        found.map((e) => ctx.runsOf("install").find((r) => r.events.includes(e.seq))?.id ?? `line ${e.line}`),
      );
      const path = [...found].reverse().find((e) => typeof e.fields.path === "string")?.fields.path as
        string | undefined;
      report({
        messageId,
        data: {
          count: runs.size,
          last: ctx.when(last),
          occurrences: runs.size === 1 ? `on ${ctx.when(last)}` : `${runs.size} runs, the last on ${ctx.when(last)}`,
          path: path ? ` ${path}` : "",
        },
        evidence: [...found].reverse().slice(0, MAX_EVIDENCE),
      });
    }
  },
};
export default rule;
