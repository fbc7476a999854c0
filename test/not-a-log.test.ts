import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { buildTimeline } from "../src/pipeline/timeline.js";
import { Classifier } from "../src/events/classify.js";
import { DEFAULT_INPUT } from "../src/model/input.js";
import { tempTree } from "./helpers/read.js";
import { ROOT, runCli } from "./helpers/cli.js";

const run = (args: string[], input = "") => runCli(args, { input });
const HEALTHY = path.join(ROOT, "samples/healthy-advanced-client");

// A README that quotes failure lines as prose: words, codes and even a CCM-looking severity, but no log line format.
const README = [
  "# Notes on the patch rollout",
  "",
  "Last week the scan said: Scan failed: 0x80070002 and then ScanWrapper exiting with code 2.",
  'The sync reported ERROR - Failed to download the catalog, hr=0x80190197, type="3".',
  "*** ERROR: PatchInstall returned 1603",
  "",
].join("\r\n");

const CCM_OTHER =
  '<![LOG[Download started for content CEN0005E.2]LOG]!><time="16:35:49.724+000" date="10-26-2007" component="ContentAccess" context="" type="1" thread="5348" file="contentaccessservice.cpp:1299">\r\n';

describe("files that are not a recognized log", () => {
  it("a README among the logs is said not to be a log, and gives no evidence: the findings are those of the logs alone", async () => {
    const root = tempTree({ "README.md": README });
    const inputs = [path.join(HEALTHY, "CCM/Logs"), path.join(root, "README.md")];
    const tl = await buildTimeline(inputs, DEFAULT_INPUT, new Classifier());
    expect(tl.notLogs).toEqual([`${root}/README.md`]);
    expect(tl.flowLogs).toHaveLength(6);
    expect(tl.report.discovery.warnings).toEqual([
      `${root}/README.md: not a recognized log (no line in a known log format, and not the name of a patch-flow log); no evidence for any stage`,
    ]);
    // Its lines are still accounted for (plain records), as events of no stage.
    const own = tl.events.filter((e) => e.file.endsWith("README.md"));
    expect(own.map((e) => e.stage)).toEqual(["other", "other", "other", "other"]);

    const withReadme = JSON.parse(run(["diagnose", "--format", "json", ...inputs]).out);
    const alone = JSON.parse(run(["diagnose", "--format", "json", path.join(HEALTHY, "CCM/Logs")]).out);
    expect(withReadme.findings).toEqual(alone.findings);
    expect(withReadme.stages).toEqual(alone.stages);
    expect(withReadme.warnings).toEqual([
      `${root}/README.md: not a recognized log (no line in a known log format, and not the name of a patch-flow log); no evidence for any stage`,
    ]);
  });

  it("a file named like a patch-flow log is a log even with message-only lines; one whose lines name the component is too", async () => {
    const root = tempTree({
      "Smsapm32.log": "  SCHEDULER : Checking if a user is actually logged on.\r\n",
      "pasted.txt":
        "CLASS - Process Class: Win32_Processor  $$<Hardware Inventory Agent><Fri May 05 10:00:14.466 2000><thread=175 (0xAF)>\r\n",
    });
    const tl = await buildTimeline(
      [path.join(root, "Smsapm32.log"), path.join(root, "pasted.txt")],
      DEFAULT_INPUT,
      new Classifier(),
    );
    expect(tl.flowLogs).toEqual([`${root}/Smsapm32.log`, `${root}/pasted.txt`]);
    expect(tl.notLogs).toEqual([]);
    expect(tl.report.discovery.warnings).toEqual([]);
  });
});

describe("diagnose with no patch-flow log: input error (2)", () => {
  it("empty standard input", () => {
    const r = run(["diagnose", "-"]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("patchflow: nothing to diagnose: standard input is empty");
  });

  it("no paths and an empty pipe (an unset variable in CI)", () => {
    const r = run(["diagnose"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("nothing to diagnose: standard input is empty");
  });

  it("a README alone", () => {
    const root = tempTree({ "README.md": README });
    const r = run(["diagnose", "--format", "json", path.join(root, "README.md")]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(
      `no patch-flow log recognized, so there is nothing to diagnose:\n  ${root}/README.md: not a recognized log\n`,
    );
  });

  it("text on standard input that names no log: the message says how to name it", () => {
    const r = run(["diagnose", "-"], "  SCHEDULER : Checking if a user is actually logged on.\r\n");
    expect(r.code).toBe(2);
    expect(r.err).toContain("standard input: not a recognized log");
    expect(r.err).toContain("--stdin-name");
    // Named, the same text is read as the log it is.
    const named = run(
      ["diagnose", "-", "--stdin-name", "Smsapm32.log", "--format", "json"],
      "  SCHEDULER : Checking if a user is actually logged on.\r\n",
    );
    expect([0, 1]).toContain(named.code);
    expect(JSON.parse(named.out).files[0].log).toBe("Smsapm32");
  });

  it("another product's log in a known line format, given by name", () => {
    const root = tempTree({ "CAS.log": CCM_OTHER });
    const r = run(["diagnose", path.join(root, "CAS.log")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${root}/CAS.log: not a patch-flow log`);
  });

  it("a patch-flow log that is empty is still the log: 0 or 1, not an input error", () => {
    const root = tempTree({ "ScanWrapper.log": "" });
    expect([0, 1]).toContain(run(["diagnose", root]).code);
  });

  it("in a fleet, a client with no patch-flow log is a client that could not be read", () => {
    const root = tempTree({
      "WKS1/CCM/Logs/ScanWrapper.log": readFileSync(path.join(HEALTHY, "CCM/Logs/ScanWrapper.log")),
      "WKS2/CCM/Logs/CAS.log": CCM_OTHER,
    });
    const r = run(["diagnose", "--fleet", "--format", "json", root]);
    const out = JSON.parse(r.out);
    expect(out.unreadableClients).toEqual([
      expect.objectContaining({ client: "WKS2", error: expect.stringContaining("no patch-flow log") }),
    ]);
    expect(out.clients.map((c: { client: string }) => c.client)).toEqual(["WKS1"]);
  });
});
