import type { MessageCatalog } from "../../src/model/catalog.js";

/**
 * execmgr.log: the Advanced Client's program execution (component `execmgr`). No SMS 2003 line was published; the
 * phrasing is that of later Advanced Client versions (`3p`). Execution-request lines come first: they name the
 * program and a state ("... to Failed") that the plain `Program ... failed` pattern would otherwise take.
 */
export const execmgrCatalog: MessageCatalog = {
  logs: ["execmgr"],
  components: ["execmgr"],
  patterns: [
    {
      id: "execmgr.request-state",
      kind: "execution.request.state",
      match:
        "Execution Request for package {packageId:package} program {program:text} state change from {fromState:name} to {toState:name}",
      samples: [
        {
          message:
            "Execution Request for package ABC00012 program Security Scan (Expedited) state change from NotExist to NotifyExecution",
          fields: {
            packageId: "ABC00012",
            program: "Security Scan (Expedited)",
            fromState: "NotExist",
            toState: "NotifyExecution",
          },
        },
        {
          message:
            "Execution Request for package ABC00013 program Software Updates Installation Agent state change from Running to Failed",
          fields: {
            packageId: "ABC00013",
            program: "Software Updates Installation Agent",
            fromState: "Running",
            toState: "Failed",
          },
        },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.request",
      kind: "execution.request.state",
      match: "Execution Request for package {packageId:package}",
      samples: [
        { message: "Execution Request for package ABC00012 program Security Scan", fields: { packageId: "ABC00012" } },
        { message: "Execution Request for package ABC00014 is queued", fields: { packageId: "ABC00014" } },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.content-unavailable-package",
      kind: "execution.content.unavailable",
      severity: "warning",
      match: "Content for package {packageId:package}{text}not available",
      samples: [
        {
          message: "Content for package ABC00012 is not available",
          fields: { packageId: "ABC00012" },
          severity: "warning",
        },
        {
          message: "Content for package ABC00013 version 2 is not available yet; waiting",
          fields: { packageId: "ABC00013" },
        },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.content-not-available",
      kind: "execution.content.unavailable",
      severity: "warning",
      match: "Content{text}not available",
      samples: [
        { message: "Content is not available" },
        { message: "Content location for ABC00012 not available, no distribution point" },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.content-unavailable",
      kind: "execution.content.unavailable",
      severity: "warning",
      match: "Content{text}unavailable",
      samples: [{ message: "Content unavailable" }, { message: "Content for package ABC00012 is unavailable" }],
      evidence: "3p",
    },
    // Multi-word program names are taken only where a fixed phrase follows the name ("completed with exit code",
    // "requires a user"): "Program <name> failed" gives the name when it is one token (an executable), else none.
    {
      id: "execmgr.program-failed-exit-code",
      kind: "execution.program.failed",
      severity: "error",
      match: "Program {program:path} failed{text}exit code{text}{exitCode:code}",
      samples: [
        {
          message: "Program ScanWrapper.exe failed with exit code 1",
          fields: { program: "ScanWrapper.exe", exitCode: 1 },
          severity: "error",
        },
        {
          message: "Program PatchInstall.exe failed, exit code = 1603",
          fields: { program: "PatchInstall.exe", exitCode: 1603 },
        },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.named-program-failed-exit-code",
      kind: "execution.program.failed",
      severity: "error",
      match: "Program{text}failed{text}exit code{text}{exitCode:code}",
      samples: [
        {
          message: "Program Security Scan (Expedited) failed with exit code 1",
          fields: { exitCode: 1 },
          severity: "error",
        },
        { message: "Program Software Updates Installation Agent failed, exit code = 1603", fields: { exitCode: 1603 } },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.program-completed-exit-code",
      kind: "execution.program.exit",
      match: "Program {program:text} completed with exit code {exitCode:code}",
      samples: [
        {
          message: "Program Security Scan (Expedited) completed with exit code 0",
          fields: { program: "Security Scan (Expedited)", exitCode: 0 },
        },
        {
          message: "Program Sync (Security) completed with exit code 2",
          fields: { program: "Sync (Security)", exitCode: 2 },
        },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.program-failed",
      kind: "execution.program.failed",
      severity: "error",
      match: "Program {program:path} failed",
      samples: [
        { message: "Program ScanWrapper.exe failed", fields: { program: "ScanWrapper.exe" }, severity: "error" },
        { message: "Program SyncXML.exe failed to run", fields: { program: "SyncXML.exe" } },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.named-program-failed",
      kind: "execution.program.failed",
      severity: "error",
      match: "Program{text}failed",
      samples: [
        { message: "Program Security Scan (Expedited) failed", severity: "error" },
        { message: "Program Sync (Security) failed to start" },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.program-exit-code",
      kind: "execution.program.exit",
      match: "Program exit code{text}{exitCode:code}",
      samples: [
        { message: "Program exit code 0", fields: { exitCode: 0 } },
        { message: "Program exit code: 3010", fields: { exitCode: 3010 } },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.program-requires-user",
      kind: "execution.user.required",
      match: "Program {program:text} requires a user to be logged on",
      samples: [
        { message: "Program Sync (Security) requires a user to be logged on", fields: { program: "Sync (Security)" } },
        { message: "Program SyncXML.exe requires a user to be logged on; waiting", fields: { program: "SyncXML.exe" } },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.requires-user",
      kind: "execution.user.required",
      match: "requires a user to be logged on",
      samples: [
        { message: "This program requires a user to be logged on" },
        { message: "Execution requires a user to be logged on" },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.no-user",
      kind: "execution.user.not-logged-on",
      match: "No user is logged on",
      samples: [
        { message: "No user is logged on" },
        { message: "No user is logged on; the program will run when a user logs on" },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.no-user-logged-on",
      kind: "execution.user.not-logged-on",
      match: "No user logged on",
      samples: [{ message: "No user logged on" }, { message: "No user logged on, execution deferred" }],
      evidence: "3p",
    },
    {
      id: "execmgr.executing-arguments",
      kind: "execution.program.started",
      match: "Executing program {program:path} {arguments:text} in {context:name} context",
      samples: [
        {
          message: "Executing program ScanWrapper.exe /s /cache /kick in Admin context",
          fields: { program: "ScanWrapper.exe", arguments: "/s /cache /kick", context: "Admin" },
        },
        {
          message:
            'Executing program "C:\\WINDOWS\\system32\\CCM\\Cache\\ABC00013.1.System\\PatchInstall.exe" /g:48 /m:"PatchAuthorize.xml" in User context',
          fields: {
            program: String.raw`C:\WINDOWS\system32\CCM\Cache\ABC00013.1.System\PatchInstall.exe`,
            arguments: '/g:48 /m:"PatchAuthorize.xml"',
            context: "User",
          },
        },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.executing-context",
      kind: "execution.program.started",
      match: "Executing program {program:path} in {context:name} context",
      samples: [
        {
          message: "Executing program SyncXML.exe in User context",
          fields: { program: "SyncXML.exe", context: "User" },
        },
        {
          message: "Executing program PatchInstall.exe in Admin context",
          fields: { program: "PatchInstall.exe", context: "Admin" },
        },
      ],
      evidence: "3p",
    },
    {
      id: "execmgr.executing",
      kind: "execution.program.started",
      match: "Executing program {program:path}",
      samples: [
        { message: "Executing program ScanWrapper.exe", fields: { program: "ScanWrapper.exe" } },
        { message: "Executing program SyncXML.exe /s /site SRV01 as a service", fields: { program: "SyncXML.exe" } },
      ],
      evidence: "3p",
    },
  ],
};
