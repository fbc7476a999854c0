import type { Rule } from "../types.js";
import { hasLines } from "../lib/signals.js";

const STAGES = [
  { stage: "sync", logs: "SecuritySyncXML.log or OfficeSyncXML.log" },
  { stage: "scan", logs: "ScanWrapper.log" },
  { stage: "inventory", logs: "InventoryAgent.log or Hinv32.log" },
  { stage: "install", logs: "PatchInstall.log" },
] as const;

const rule: Rule = {
  id: "flow-no-evidence",
  stage: "flow",
  defaultSeverity: "warning",
  description: "A stage of the patch flow has no log in the input, so nothing can be said about it.",
  messages: {
    missing: "No {logs} was found, so the {stage} stage cannot be checked: a gap in the evidence, not a healthy stage.",
  },
  remedy:
    "Collect {logs} from the machine that runs the {stage} stage (%windir%\\system32\\CCM\\Logs on the Advanced Client, %windir%\\MS\\SMS\\Logs or %windir%\\Temp on SMS 2.0 and the Legacy Client) and run patchflow again. If the log does not exist there, the stage's program never ran on that machine: check its advertisement.",
  check(ctx, report) {
    for (const { stage, logs } of STAGES) {
      if (!hasLines(ctx, stage)) report({ messageId: "missing", data: { stage, logs }, evidence: [], stage });
    }
  },
};
export default rule;
