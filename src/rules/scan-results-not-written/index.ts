import type { CodeInfo, PatchEvent } from "../../model/event.js";
import type { Rule } from "../types.js";
import { cap, codeKey, explainCodes, incidents, incidentSpan, unitsByFile, type Step } from "../lib/sync.js";
import { scans } from "../lib/scans.js";

interface Item {
  first: PatchEvent;
  lines: PatchEvent[];
}

/** What to do about the WMI codes that stop ScanWrapper from writing Win32_PatchState. */
const ADVICE: Record<number, string> = {
  0x80041003:
    "0x80041003 is WMI access denied: check the security of the root\\cimv2 namespace (wmimgmt.msc, WMI Control, Properties, Security) and that the scan program runs in Admin context (the advertisement's program must run with administrative rights)",
  0x80041010:
    "0x80041010 is an invalid class: Win32_PatchState is not defined; the scan tool's MOF was not compiled (mofcomp) or the WMI repository lost it",
  0x8004100e: "0x8004100E is an invalid namespace: root\\cimv2 cannot be opened; the WMI repository may be damaged",
  0x80041001: "0x80041001 is a generic WMI failure: the WMI repository may be damaged",
  0x80041013: "0x80041013 is a provider load failure: a WMI provider is not registered",
};

function advice(lines: PatchEvent[]): string {
  const out: string[] = [];
  for (const e of lines)
    for (const c of (e.fields.codes ?? []) as CodeInfo[])
      if (ADVICE[c.value] && !out.includes(ADVICE[c.value])) out.push(ADVICE[c.value]);
  return out.length
    ? `${out.join("; ")}.`
    : "Look the code up (WMI error codes are 0x8004xxxx) and check the WMI service and repository.";
}

const rule: Rule = {
  id: "scan-results-not-written",
  stage: "scan",
  defaultSeverity: "error",
  description:
    "The scan could not write its results to WMI (root\\cimv2, Win32_PatchState), so inventory has nothing current to report.",
  messages: {
    "not-written":
      "The scan could not write its results to WMI (root\\cimv2, Win32_PatchState) {runs}: {explanation}. Hardware inventory can only report what Win32_PatchState held before, so the console never shows this client's current patch state. {outcome}",
  },
  remedy:
    "{advice} To see what WMI holds: run WBEMTEST, Connect to root\\cimv2, Enum Classes (recursive), open Win32_PatchState, Instances, pick a bulletin or KB, Show MOF and read Status; a missing class or old instances confirm the fault. If the repository is damaged, repair it. Then rerun the scan on the client from %windir%\\system32\\vpcache\\<packageID>: ScanWrapper.exe /s /cache /kick, and check ScanWrapper.log says it wrote the instances.",
  check(ctx, report) {
    const all = scans(ctx);
    for (const list of unitsByFile(
      all.map((s) => ({ file: s.source, first: s.first, events: s.events, run: s })),
      ctx.ofKind("scan.wmi.failed"),
    )) {
      const steps: Step<Item>[] = [];
      for (const u of list) {
        const failed = u.events.filter((e) => e.kind === "scan.wmi.failed");
        if (failed.length) steps.push({ fail: true, key: codeKey(failed), item: { first: u.first, lines: failed } });
        else if (u.events.some((e) => e.kind === "scan.wmi.written")) steps.push({ fail: false });
      }
      for (const inc of incidents(steps)) {
        const first = inc.items[0];
        const last = inc.items[inc.items.length - 1];
        const lines = inc.items.flatMap((it) => it.lines);
        report({
          messageId: "not-written",
          data: {
            runs: incidentSpan(ctx, first.first, last.first, inc.items.length, "scans"),
            explanation: explainCodes(lines) || "no error code given",
            count: inc.items.length,
            advice: advice(lines),
            outcome: inc.recovered
              ? "A later scan wrote its results again, so this is resolved."
              : "No scan has written its results since.",
          },
          evidence: cap(lines),
          covers: lines,
          ...(inc.recovered ? { severity: "warning" as const } : {}),
        });
      }
    }
  },
};
export default rule;
