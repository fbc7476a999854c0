import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compilePattern, matchPattern, type CompiledPattern } from "../../src/events/patterns.js";
import type { MessageCatalog } from "../../src/model/catalog.js";
import { runTemplate } from "../../src/events/template.js";
import type { EventFields } from "../../src/model/event.js";
import { KNOWN_LOGS } from "../../src/model/logs.js";
import { checkPatternSafety } from "../../src/events/safety.js";
import { CATALOGS, catalogFor, hinv32Catalog, smsapm32Catalog } from "./index.js";

/** The event kinds the README's table names (`<stage>.message` aside). */
function vocabulary(): Set<string> {
  const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");
  const section = readme.slice(
    readme.indexOf("## Event kinds"),
    readme.indexOf("\n## ", readme.indexOf("## Event kinds") + 1),
  );
  const kinds = new Set<string>();
  for (const line of section.split("\n")) {
    if (!line.startsWith("|")) continue;
    for (const m of line.matchAll(/`([a-z]+(?:\.[a-z][a-z-]*)+)`/g)) kinds.add(m[1]);
  }
  return kinds;
}

const KINDS = vocabulary();
const SEVERITIES = new Set(["info", "warning", "error"]);
const EVIDENCE = new Set(["seen", "doc", "3p", "inferred"]);

function prefixOf(cat: MessageCatalog): string {
  return cat.patterns[0].id.split(".")[0];
}

/** First match wins, as in the classifier. */
function firstMatch(
  compiled: CompiledPattern[],
  message: string,
): { id: string; kind: string; fields: EventFields } | undefined {
  const lower = message.toLowerCase();
  for (const c of compiled) {
    const fields = matchPattern(c, message, lower);
    if (fields) return { id: c.pattern.id, kind: c.pattern.kind, fields };
  }
  return undefined;
}

describe("catalog list", () => {
  it("is sorted by file name and covers every known log exactly once", () => {
    const prefixes = CATALOGS.map(prefixOf);
    expect(prefixes).toEqual([...prefixes].sort());
    for (const { id } of KNOWN_LOGS) {
      const owners = CATALOGS.filter((c) => c.logs.includes(id));
      expect(owners, id).toHaveLength(1);
      expect(catalogFor(id), id).toBe(owners[0]);
    }
  });

  it("has no component claimed by two catalogs", () => {
    const all = CATALOGS.flatMap((c) => c.components.map((x) => x.toLowerCase()));
    expect(new Set(all).size).toBe(all.length);
  });

  it("reads a vocabulary from the README", () => {
    expect(KINDS.has("scan.started")).toBe(true);
    expect(KINDS.has("execution.user.required")).toBe(true);
  });
});

describe("patterns", () => {
  const ids = new Set<string>();
  for (const cat of CATALOGS) {
    const prefix = prefixOf(cat);
    describe(prefix, () => {
      const compiled = cat.patterns.map((p) => compilePattern(p));

      it("is named after its log and has unique ids", () => {
        const allowed = [...cat.logs, ...cat.components].map((s) => s.toLowerCase());
        expect(allowed).toContain(prefix);
        for (const p of cat.patterns) {
          expect(p.id, p.id).toMatch(new RegExp(`^${prefix}\\.[a-z0-9]+(?:-[a-z0-9]+)*$`));
          expect(ids.has(p.id), `duplicate id ${p.id}`).toBe(false);
          ids.add(p.id);
        }
      });

      for (const [i, p] of cat.patterns.entries()) {
        describe(p.id, () => {
          it("is well formed and safe", () => {
            expect(() => compilePattern(p)).not.toThrow();
            expect(() => checkPatternSafety(p)).not.toThrow();
            expect(KINDS.has(p.kind), `kind ${p.kind} is not in the README vocabulary`).toBe(true);
            expect(EVIDENCE.has(p.evidence)).toBe(true);
            if (p.severity) expect(SEVERITIES.has(p.severity)).toBe(true);
            expect(p.samples.length).toBeGreaterThanOrEqual(1);
            // Inferred phrasing: show that the keywords hold with other words around them.
            if (p.evidence === "inferred" && cat !== smsapm32Catalog && cat !== hinv32Catalog)
              expect(p.samples.length).toBeGreaterThanOrEqual(2);
          });

          for (const [j, s] of p.samples.entries()) {
            it(`sample ${j + 1}: ${JSON.stringify(s.message).slice(0, 90)}`, () => {
              const own = matchPattern(compiled[i], s.message, s.message.toLowerCase());
              expect(own, "its own pattern does not match it").toBeDefined();
              for (const [k, v] of Object.entries(s.fields ?? {})) expect(own![k], k).toEqual(v);
              if (s.severity) expect(p.severity).toBe(s.severity);
              const first = firstMatch(compiled, s.message);
              expect(first?.id, "an earlier pattern takes it").toBe(p.id);
            });
          }
        });
      }
    });
  }
});

describe("long blank runs", () => {
  it("keep every pattern linear (each sample cut at a blank and padded with 2,000 or 4,000 blanks: counted steps)", () => {
    const slow: string[] = [];
    for (const cat of CATALOGS) {
      for (const p of cat.patterns) {
        const c = compilePattern(p);
        for (const s of p.samples) {
          for (let i = 1; i < s.message.length; i++) {
            if (!/\s/.test(s.message[i])) continue;
            const steps = (blanks: number) => {
              const text = `${s.message.slice(0, i)}${" ".repeat(blanks)}!`;
              const r = runTemplate(c.elements, c.groups.length, text, text.toLowerCase());
              return r.steps;
            };
            // Linear: twice the blanks, at most twice the work.
            const [short, long] = [steps(2000), steps(4000)];
            if (long > 2.1 * short)
              slow.push(
                `${p.id} (${short} steps with 2,000 blanks, ${long} with 4,000, after ${JSON.stringify(s.message.slice(0, i))})`,
              );
          }
        }
      }
    }
    expect(slow).toEqual([]);
  });
});

interface RealLine {
  message: string;
  /** Expected kind; null: no pattern may claim it (it stays a generic message). */
  kind: string | null;
  fields?: EventFields;
}

function expectKinds(cat: MessageCatalog, lines: RealLine[], decode: boolean): void {
  const compiled = cat.patterns.map((p) => compilePattern(p));
  for (const line of lines) {
    const message = decode ? line.message.replaceAll("~", "\n") : line.message;
    const hit = firstMatch(compiled, message);
    expect(hit?.kind ?? null, JSON.stringify(message)).toBe(line.kind);
    for (const [k, v] of Object.entries(line.fields ?? {}))
      expect(hit?.fields[k], `${k} of ${JSON.stringify(message)}`).toEqual(v);
  }
}

// Messages as published, with the KB indentation, the `$$<...>` suffix (or the viewer's TAB columns) and the
// spaces before it removed; entries the KB wrapped are re-joined with one space at the wrap.
const HINV32_REAL: RealLine[] = [
  // source: shared/real-excerpts/hinv32-Q225507.txt (SMS Trace viewer copy; message column)
  {
    message: "CLASS - Process Class: Win32_NetworkAdapterConfiguration",
    kind: "inventory.class",
    fields: { className: "Win32_NetworkAdapterConfiguration" },
  },
  {
    message: "CLASS - Process Class: Win32_NetworkClient",
    kind: "inventory.class",
    fields: { className: "Win32_NetworkClient" },
  },
  { message: "INSTANCE WARNING - Enumeration Timeout", kind: "inventory.enumeration.timeout" },
  {
    message: "CLASS - Process Class: Win32_OperatingSystem",
    kind: "inventory.class",
    fields: { className: "Win32_OperatingSystem" },
  },
  // source: shared/real-excerpts/hinv32-Q262242.txt (wrapped entries re-joined)
  {
    message: "CLASS - Process Class: Win32_NTEventlogFile",
    kind: "inventory.class",
    fields: { className: "Win32_NTEventlogFile" },
  },
  {
    message: "WARNING - Unable to return all values of property Sources of Win32_NTEventlogFile, max length reached !!",
    kind: "inventory.property.truncated",
    fields: { property: "Sources", className: "Win32_NTEventlogFile" },
  },
  {
    message: "CLASS - Process Class: Win32_NTLogEvent",
    kind: "inventory.class",
    fields: { className: "Win32_NTLogEvent" },
  },
  {
    message:
      "WARNING - Property EventIdentifier of Win32_NTLogEvent has been skipped. Integer 2147490648 is too large !!",
    kind: "inventory.property.skipped",
    fields: { property: "EventIdentifier", className: "Win32_NTLogEvent" },
  },
  {
    message:
      "WARNING - Property EventIdentifier of Win32_NTLogEvent has been skipped. Integer 2147489653 is too large !!",
    kind: "inventory.property.skipped",
    fields: { property: "EventIdentifier", className: "Win32_NTLogEvent" },
  },
  // source: shared/real-excerpts/hinv32-Q302354.txt (message text only; wrapped entries re-joined)
  {
    message: "Hardware Inventory Agent completed in 00 hours, 00 mins, 42 secs !",
    kind: "inventory.cycle.completed",
    fields: { duration: "00 hours, 00 mins, 42 secs" },
  },
  { message: "<<<<<<<<<<<<< EXCEPTION EXCEPTION EXCEPTION >>>>>>>>>>>>>", kind: "inventory.exception" },
  {
    message:
      "<<CLIEXCEPT>> (Logged to all threads) An exception was raised in the application '<unknown>', thread 0x500 (<unknown>)~",
    kind: "inventory.exception",
  },
  {
    message: "<<CLIEXCEPT>> A fatal exception occurred in THIS THREAD. Information follows:~",
    kind: "inventory.exception",
  },
  {
    message: "<<CLIEXCEPT>> The exception was not an MFC CException. A detailed information dump will follow...~",
    kind: "inventory.exception",
  },
  {
    message: '======= Logging initialized for module "Hardware Inventory Agent" =======',
    kind: "inventory.module.initialized",
  },
  { message: "Hardware Inventory Agent cycle started ..... !", kind: "inventory.cycle.started" },
];

const HINV32_KB: RealLine[] = [
  // source: KB Q279441 (jeffpar/kbarchive), not in shared/real-excerpts
  {
    message: "CLASS - Process Class: Win32_Environment",
    kind: "inventory.class",
    fields: { className: "Win32_Environment" },
  },
  {
    message: "WARNING - Truncate attribute VariableValue of Win32_Environment.",
    kind: "inventory.property.truncated",
    fields: { property: "VariableValue", className: "Win32_Environment" },
  },
  // source: KB Q298686 (jeffpar/kbarchive), wrapped entry re-joined
  {
    message:
      "WARNING - Unable to return all values of property IPSubnet of Win32_NetworkAdapterConfiguration, max length reached !!",
    kind: "inventory.property.truncated",
    fields: { property: "IPSubnet", className: "Win32_NetworkAdapterConfiguration" },
  },
  // source: KB Q269411 (jeffpar/kbarchive; viewer copy, message column)
  { message: "WARNING 1 - Failed to update new cycle info !!!", kind: "inventory.cycle-info.failed" },
  { message: "ERROR 1 - Cannot get schedule for previous cycle !!", kind: "inventory.error", fields: { code: 1 } },
  // source: KB Q289552 (jeffpar/kbarchive)
  { message: "UnRegister Hardware Inventory Agent - Event Driven", kind: null },
  {
    message: "ERROR 1018 - Cannot UnRegister Inventory Agent On Event",
    kind: "inventory.error",
    fields: { code: 1018 },
  },
  // source: KB Q237495 (jeffpar/kbarchive)
  { message: "ERROR 2 - Failed to run MofComp !", kind: "inventory.mof.failed", fields: { code: 2 } },
  { message: "Error Syntax 0X007F", kind: "inventory.mof.failed" },
  // source: KB Q235742 (jeffpar/kbarchive; the KB dropped the angle brackets)
  { message: "EXCEPTION EXCEPTION EXCEPTION", kind: "inventory.exception" },
  { message: "An exception was raised in the application 'Hardware Inventory Agent'", kind: "inventory.exception" },
];

const SMSAPM32_REAL: RealLine[] = [
  // source: shared/real-excerpts/smsapm32-Q240921.txt
  { message: "SCHEDULER : Checking if a user is actually logged on.", kind: "execution.user.check" },
  { message: "SCHEDULER : A user is logged on to the system.", kind: "execution.user.logged-on" },
  { message: "SCHEDULER : A user is not logged on to the system.", kind: "execution.user.not-logged-on" },
  // source: shared/real-excerpts/smsapm32-Q253197.txt (wrapped entries re-joined; the KB lost the opening quote of the first path)
  {
    message: String.raw`SCHED DATA : Attempting to execute \\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe' (SERVICE context)`,
    kind: "execution.program.started",
    fields: { program: String.raw`\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe`, context: "SERVICE" },
  },
  {
    message: String.raw`SCHED DATA : Command line "\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe" CWD "\\SMSD4L8PDCUS\SMSPKGC$\RS100006\"`,
    kind: "execution.program.command",
    fields: {
      program: String.raw`\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe`,
      path: String.raw`\\SMSD4L8PDCUS\SMSPKGC$\RS100006` + "\\",
    },
  },
  {
    message: String.raw`SCHED DATA : Return code = 0x3; The system cannot find the path specified.~~; Program '\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe' terminated with exit code = 3.`,
    kind: "execution.program.exit",
    fields: { program: String.raw`\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe`, exitCode: 3 },
  },
  // source: shared/real-excerpts/smsapm32-Q268500.txt
  {
    message:
      "SCHED DATA  : Return code = 0x80070047; No more connections can be made to this remote computer at this time because there are already as many connections as the computer can accept.~~; Could not enable program 'test1.bat'.~",
    kind: "execution.program.failed",
    fields: { hresult: "0x80070047", program: "test1.bat" },
  },
  { message: "IPC PIPE    : HANDLE 0x234 IPC Close Event signaled SMS_CLIENT_EVENT_PEA32_CLOSE~", kind: null },
  {
    message: "IPC PIPE    : CAPPipe::SmartReadFile - Shutdown Signaled _SMS_SMARTFILE_CLIENT_SEMAP_630.1~",
    kind: null,
  },
  { message: "IPC PIPE    : ---> Client has disconnected. Shutting down this IPC thread. <--~", kind: null },
  { message: "IPC PIPE    : CAPPipe :: BlockingListen - Setting NOT_CONNECTED~", kind: null },
  { message: "IPC PIPE    : Shutdown In Progress on call to CAPPipe::WaitOnEvent~", kind: null },
  {
    message: "IPC PIPE    : ERROR: BlockingSendMessage DID NOT RECEIVE REPLY TO MESSAGE. Message Type = 0x4000008",
    kind: null,
  },
  { message: "IPC SERVER  : CAPPipeServer :: Release - Refcount now 1~", kind: null },
  {
    message: "SCHED DATA  : Reporting status : APA_JOB_STATUS_UNKNOWN~",
    kind: "execution.status.reported",
    fields: { status: "APA_JOB_STATUS_UNKNOWN" },
  },
  { message: "SCHED DATA  : Setting job status to 0xd.~", kind: null },
  { message: "SCHED DATA  : Program completed unsuccessfully.~", kind: "execution.program.failed" },
  {
    message:
      "SCHED DATA  : Handling an error condition (0x80070047) for program Run test1.bat in package Test batch file #1.~",
    kind: null,
  },
  { message: "SCHED DATA  : Beginning with a job run status set to APA_RUNSTATUS_NOT_RUNNING.~", kind: null },
  {
    message: "SCHED DATA  : *** UNRECOGNISED JOB COMPLETION RETURN CODE. ASSUMING UNSUCCESSFUL EXECUTION~",
    kind: "execution.program.failed",
  },
  { message: "SCHED DATA  : The error requires that some type of reschedule action be taken.~", kind: null },
  { message: "SCHED DATA  : Attempting to get action for failure condition 0x80070047.~", kind: null },
  {
    message:
      "SCHEDULER   : The monitor has indicated that a countdown dialog is not required before executing a scheduled program.~",
    kind: null,
  },
  {
    message:
      "SCHED DATA  : The job failed or some unknown error has occurred.  Get the Job Failed Action from the registry.~",
    kind: null,
  },
  { message: "SCHED DATA  : Returning action code 2.~", kind: null },
  {
    message: "SCHED DATA  : Determining whether to unschedule or schedule this job based on its current settings.~",
    kind: null,
  },
  {
    message:
      "SCHED DATA  : For program Run test1.bat in package Test batch file #1 compiling all offers in order to get its schedule time and attributes.~",
    kind: null,
  },
  {
    message: "SCHEDULER   : Determining whether to unschedule or schedule the next time the program will run ...~",
    kind: null,
  },
  {
    message: "SCHEDULER   : Unscheduling program Run test1.bat in package Test batch file #1 for <ANY USER>.~",
    kind: "execution.program.unscheduled",
    fields: { program: "Run test1.bat", packageName: "Test batch file #1" },
  },
];

const SMSAPM32_KB: RealLine[] = [
  // source: KB Q314342 (jeffpar/kbarchive): the "logged off" variants must not read as their "logged on" twins
  {
    message: "SCHEDULER : This job needs to be run when there is no user logged on.",
    kind: "execution.logoff.required",
  },
  { message: "SCHEDULER : Checking if a user is actually logged off.", kind: null },
  { message: "SCHEDULER : The user is not logged off the system.", kind: "execution.user.not-logged-off" },
  { message: "SCHEDULER : This job requires the user to be logged off the system.", kind: "execution.logoff.required" },
];

describe("real published lines", () => {
  for (const decode of [false, true]) {
    const how = decode ? "with ~ decoded to line breaks" : "as published (~ kept)";
    it(`Hinv32 excerpts, ${how}`, () => expectKinds(hinv32Catalog, HINV32_REAL, decode));
    it(`Hinv32 lines from other KB articles, ${how}`, () => expectKinds(hinv32Catalog, HINV32_KB, decode));
    it(`Smsapm32 excerpts, ${how}`, () => expectKinds(smsapm32Catalog, SMSAPM32_REAL, decode));
    it(`Smsapm32 lines from other KB articles, ${how}`, () => expectKinds(smsapm32Catalog, SMSAPM32_KB, decode));
  }

  it("copies the published messages verbatim", () => {
    // Guards the copies above against drifting from the files: each one must occur in a shared excerpt once the
    // KB's wrapping and indentation are undone (white space runs compared as one space).
    const files = [
      "hinv32-Q225507.txt",
      "hinv32-Q262242.txt",
      "hinv32-Q302354.txt",
      "smsapm32-Q240921.txt",
      "smsapm32-Q253197.txt",
      "smsapm32-Q268500.txt",
    ];
    const bodies: string[] = [];
    for (const f of files) {
      try {
        const text = readFileSync(new URL(`../../test/fixtures/real-excerpts/${f}`, import.meta.url), "utf8");
        bodies.push(
          text
            .split("\n")
            .filter((l) => !l.startsWith("#"))
            .join(" ")
            .replace(/\s+/g, " "),
        );
      } catch {
        return; // the shared folder is not part of the package
      }
    }
    for (const line of [...HINV32_REAL, ...SMSAPM32_REAL]) {
      const m = line.message.replace(/\s+/g, " ").trim();
      expect(
        bodies.some((b) => b.includes(m)),
        m,
      ).toBe(true);
    }
  });
});
