import type { Rule } from "../types.js";
import { updatesOf } from "../lib/updates.js";
import type { UpdateStep, UpdateStory } from "../../model/updates.js";
import type { Evidence } from "../../model/finding.js";
import { showTime } from "../../time/show.js";
import type { RuleContext } from "../context.js";

function name(u: UpdateStory): string {
  return u.kb && u.bulletin ? `${u.kb} (${u.bulletin})` : u.key;
}

/** A step's time in the report's convention (`--tz`), as `ctx.when` gives an event's. */
function at(ctx: RuleContext, s: UpdateStep): string {
  return showTime(s.utc, s.local, ctx.tz, "minute");
}

/** An install step that put the update in place: exit 0 or 1641, 3010 followed by a restart, or "already present". */
function installedSteps(u: UpdateStory): UpdateStep[] {
  return u.steps.filter((s, i) => {
    if (s.step !== "install") return false;
    if (s.label === "already present" || s.exitCode === 0 || s.exitCode === 1641) return true;
    if (s.exitCode !== 3010) return false;
    const next = u.steps.slice(i + 1).find((x) => x.step === "restart");
    return next?.done === true;
  });
}

const rule: Rule = {
  id: "flow-installed-still-applicable",
  stage: "flow",
  defaultSeverity: "warning",
  description:
    "An update was installed, but the client still reports it Applicable: a later scan says so, or an inventory cycle sent the pre-install scan's state again.",
  messages: {
    "rescan-applicable":
      "{update} was installed on {installTime} ({how}), but the scan on {scanTime} still reports it Applicable: the install did not take (the update's own setup log in %windir% says why), or the scan's detection disagrees with the installer.",
    "inventory-stale":
      "{update} was installed on {installTime} ({how}), but the hardware inventory cycle on {inventoryTime} came before any rescan and sent the scan state of {scanTime} (Applicable) again: the console shows the update as still needed.",
  },
  remedy:
    "For a rescan that still says Applicable: read the update's setup log (%windir%\\KB<number>.log), check the file versions the bulletin lists, reinstall the update by hand if needed, then run `ScanWrapper.exe /s /cache /kick`. For a stale inventory: run `ScanWrapper.exe /s /cache /kick` (SMS 2.0: `s_scan.exe /s /kick`) after installs, or schedule the scan after the install program and the inventory after the scan (install → scan → inventory).",
  check(ctx, report) {
    for (const u of updatesOf(ctx).updates) {
      const installs = installedSteps(u);
      if (!installs.length) continue;
      const first = installs[0];
      const firstSeq = first.evidence[0].seq;
      const how = (s: UpdateStep) =>
        s.label === "already present" ? "found already present" : `exit code ${s.exitCode}`;
      // A written scan after the install that still says Applicable.
      const rescan = u.steps.find(
        (s) => s.step === "scan" && s.scanState === "applicable" && s.written && s.evidence[0].seq > firstSeq,
      );
      if (rescan) {
        const inst = [...installs].reverse().find((s) => s.evidence[0].seq < rescan.evidence[0].seq) ?? first;
        report({
          messageId: "rescan-applicable",
          data: { update: name(u), installTime: at(ctx, inst), how: how(inst), scanTime: at(ctx, rescan) },
          evidence: [...inst.evidence, ...rescan.evidence].map((e: Evidence) => ctx.event(e.seq)),
          stage: "install",
        });
        continue;
      }
      // The newest inventory cycle carries the pre-install Applicable state and no scan came after it.
      const stale = u.steps.filter((s) => s.step === "inventoried" && s.stale);
      const last = stale[stale.length - 1];
      if (!last) continue;
      const lastSeq = last.evidence[last.evidence.length - 1].seq;
      if (u.steps.some((s) => s.step === "scan" && s.evidence[0].seq > lastSeq)) continue;
      const inst = [...installs].reverse().find((s) => s.evidence[0].seq < lastSeq) ?? first;
      const scan = [...u.steps].reverse().find((s) => s.step === "scan" && s.evidence[0].seq < inst.evidence[0].seq);
      if (!scan) continue;
      report({
        messageId: "inventory-stale",
        data: {
          update: name(u),
          installTime: at(ctx, inst),
          how: how(inst),
          inventoryTime: at(ctx, last),
          scanTime: at(ctx, scan),
        },
        evidence: [...inst.evidence, ...last.evidence.slice(-1), ...scan.evidence.slice(-1)].map((e) =>
          ctx.event(e.seq),
        ),
        stage: "install",
        severity: "info",
      });
    }
  },
};
export default rule;
