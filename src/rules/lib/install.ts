import type { PatchEvent } from "../../model/event.js";
import type { RuleContext } from "../context.js";

/** Which patch an install line speaks of: its KB, else its bulletin, else the program as written. */
export function patchKey(e: PatchEvent): string {
  const f = e.fields;
  if (typeof f.kb === "string") return f.kb.toUpperCase();
  if (typeof f.bulletin === "string") return f.bulletin.toUpperCase();
  if (typeof f.program === "string") return f.program;
  return "(unnamed patch)";
}

/** PatchInstall's exit lines with an exit code, grouped by patch, in timeline order. */
export function exitsByPatch(ctx: RuleContext): Map<string, PatchEvent[]> {
  const byPatch = new Map<string, PatchEvent[]>();
  for (const e of ctx.ofKind("install.patch.exit")) {
    if (typeof e.fields.exitCode !== "number") continue;
    const k = patchKey(e);
    const list = byPatch.get(k);
    if (list) list.push(e);
    else byPatch.set(k, [e]);
  }
  return byPatch;
}
