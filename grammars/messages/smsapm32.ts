import type { MessageCatalog } from "../../src/model/catalog.js";

/**
 * Smsapm32.log: the SMS 2.0 / Legacy Client Advertised Programs Manager (`$$<APM>`). Published phrasing (`seen`)
 * from the excerpts in shared/real-excerpts (KB Q240921, Q253197, Q268500) and KB Q314342.
 *
 * Messages keep their sub-component prefix (`SCHED DATA  : `, `SCHEDULER   : `); templates do not name it, so
 * any prefix (or none, as the KBs often quote) is accepted. The frame grammar decodes `~` to a line break, so
 * a Win32 text ends in `\n\n` (`...specified.\n\n; Program ...`); the templates accept the raw `~~` too.
 */
export const smsapm32Catalog: MessageCatalog = {
  logs: ["Smsapm32"],
  components: ["APM", "Advertised Programs Manager", "SMSAPM32"],
  patterns: [
    {
      // Q268500, decoded: `~~` became two line breaks, so the Win32 text is followed by white space and `;`.
      // (No white space before {text}: white space on both sides of it backtracks badly on long blank runs.)
      id: "smsapm32.could-not-enable",
      kind: "execution.program.failed",
      severity: "error",
      match: "Return code = {hresult:hresult};{text} ; Could not enable program {program:path}",
      samples: [
        {
          message:
            "SCHED DATA  : Return code = 0x80070047; No more connections can be made to this remote computer at this time because there are already as many connections as the computer can accept.\n\n; Could not enable program 'test1.bat'.\n",
          fields: { hresult: "0x80070047", program: "test1.bat" },
          severity: "error",
        },
        {
          message:
            "Return code = 0x80070035; The network path was not found.\r\n\r\n; Could not enable program 'SyncXML.exe'.",
          fields: { hresult: "0x80070035", program: "SyncXML.exe" },
        },
      ],
      evidence: "seen",
    },
    {
      // Q268500 as published (`~~;` not decoded).
      id: "smsapm32.could-not-enable-raw",
      kind: "execution.program.failed",
      severity: "error",
      match: "Return code = {hresult:hresult};{text}; Could not enable program {program:path}",
      samples: [
        {
          message:
            "SCHED DATA  : Return code = 0x80070047; No more connections can be made to this remote computer at this time because there are already as many connections as the computer can accept.~~; Could not enable program 'test1.bat'.~",
          fields: { hresult: "0x80070047", program: "test1.bat" },
          severity: "error",
        },
      ],
      evidence: "seen",
    },
    {
      id: "smsapm32.could-not-enable-other",
      kind: "execution.program.failed",
      severity: "error",
      match: "Could not enable program {program:path}",
      samples: [
        {
          message: "SCHED DATA  : Could not enable program 'test1.bat'.",
          fields: { program: "test1.bat" },
          severity: "error",
        },
        {
          message: "Return code = 0x3; \n\n; Could not enable program 'ScanWrapper.exe'.",
          fields: { program: "ScanWrapper.exe" },
        },
      ],
      evidence: "seen",
    },
    {
      // Q253197 (wrapped in the KB; re-joined). The exit code decides success; the rules judge it.
      id: "smsapm32.program-exit",
      kind: "execution.program.exit",
      match: "Program {program:path} terminated with exit code = {exitCode:code}",
      samples: [
        {
          message:
            String.raw`SCHED DATA : Return code = 0x3; The system cannot find the path specified.` +
            "\n\n" +
            String.raw`; Program '\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe' terminated with exit code = 3.`,
          fields: { program: String.raw`\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe`, exitCode: 3 },
        },
        {
          message: String.raw`SCHED DATA  : Return code = 0x0; The operation completed successfully.~~; Program 'C:\WINNT\system32\vpcache\ABC00012\ScanWrapper.exe' terminated with exit code = 0.`,
          fields: { program: String.raw`C:\WINNT\system32\vpcache\ABC00012\ScanWrapper.exe`, exitCode: 0 },
        },
      ],
      evidence: "seen",
    },
    {
      // source: smsapm32-Q253197 (KB Q253197): the KB wrapped the entry, so "Return code = 0x3; ..." stands on a
      // line of its own; the full line ("... terminated with exit code = 3.") is matched by smsapm32.program-exit.
      id: "smsapm32.return-code",
      kind: "execution.program.exit",
      match: "Return code = {exitCode:code};",
      evidence: "seen",
      samples: [
        {
          message: "  SCHED DATA : Return code = 0x3; The system cannot find the path specified.~~;",
          fields: { exitCode: 3 },
        },
        {
          message: "SCHED DATA  : Return code = 0x0; The operation completed successfully.\n\n;",
          fields: { exitCode: 0 },
        },
      ],
    },
    {
      // Q240921
      id: "smsapm32.user-check",
      kind: "execution.user.check",
      match: "Checking if a user is actually logged on",
      samples: [
        { message: "SCHEDULER   : Checking if a user is actually logged on.\n" },
        { message: "SCHEDULER : Checking if a user is actually logged on." },
      ],
      evidence: "seen",
    },
    {
      // Before user-logged-on, whose words it contains.
      id: "smsapm32.user-required",
      kind: "execution.user.required",
      match: "This job needs to be run when a user is logged on",
      samples: [{ message: "SCHEDULER   : This job needs to be run when a user is logged on.\n" }],
      evidence: "seen",
    },
    {
      // Q240921
      id: "smsapm32.user-not-logged-on",
      kind: "execution.user.not-logged-on",
      match: "A user is not logged on to the system",
      samples: [
        { message: "SCHEDULER : A user is not logged on to the system." },
        { message: "SCHEDULER   : A user is not logged on to the system.\n" },
      ],
      evidence: "seen",
    },
    {
      // KB Q314342: a program that may run only when nobody is logged on.
      id: "smsapm32.logoff-required",
      kind: "execution.logoff.required",
      match: "requires the user to be logged off",
      samples: [{ message: "SCHEDULER : This job requires the user to be logged off the system." }],
      evidence: "seen",
    },
    {
      // KB Q314342
      id: "smsapm32.logoff-required-no-user",
      kind: "execution.logoff.required",
      match: "This job needs to be run when there is no user logged on",
      samples: [{ message: "SCHEDULER : This job needs to be run when there is no user logged on." }],
      evidence: "seen",
    },
    {
      // KB Q314342: the job waits, a user is still logged on.
      id: "smsapm32.user-not-logged-off",
      kind: "execution.user.not-logged-off",
      severity: "warning",
      match: "user is not logged off",
      samples: [{ message: "SCHEDULER : The user is not logged off the system.", severity: "warning" }],
      evidence: "seen",
    },
    {
      // Q240921
      id: "smsapm32.user-logged-on",
      kind: "execution.user.logged-on",
      match: "A user is logged on to the system",
      samples: [{ message: "SCHEDULER : A user is logged on to the system." }],
      evidence: "seen",
    },
    {
      // Q268500. The program and package are names as advertised ("Run test1.bat", "Test batch file #1").
      id: "smsapm32.unscheduled",
      kind: "execution.program.unscheduled",
      match: "Unscheduling program {program:text} in package {packageName:text} for ",
      samples: [
        {
          message: "SCHEDULER   : Unscheduling program Run test1.bat in package Test batch file #1 for <ANY USER>.\n",
          fields: { program: "Run test1.bat", packageName: "Test batch file #1" },
        },
        {
          message:
            "SCHEDULER   : Unscheduling program Security Scan (Expedited) in package Security Patch Scan for <ANY USER>.",
          fields: { program: "Security Scan (Expedited)", packageName: "Security Patch Scan" },
        },
      ],
      evidence: "seen",
    },
    {
      id: "smsapm32.unscheduled-other",
      kind: "execution.program.unscheduled",
      match: "Unscheduling program",
      samples: [{ message: "SCHEDULER   : Unscheduling program Run test1.bat." }],
      evidence: "seen",
    },
    {
      // Q268500
      id: "smsapm32.completed-unsuccessfully",
      kind: "execution.program.failed",
      severity: "error",
      match: "Program completed unsuccessfully",
      samples: [{ message: "SCHED DATA  : Program completed unsuccessfully.\n", severity: "error" }],
      evidence: "seen",
    },
    {
      // Q268500: APM could not read the return code and assumes a failure; the Return code line says more.
      id: "smsapm32.unrecognised-return-code",
      kind: "execution.program.failed",
      severity: "warning",
      match: "UNRECOGNISED JOB COMPLETION RETURN CODE",
      samples: [
        {
          message: "SCHED DATA  : *** UNRECOGNISED JOB COMPLETION RETURN CODE. ASSUMING UNSUCCESSFUL EXECUTION\n",
          severity: "warning",
        },
      ],
      evidence: "seen",
    },
    {
      // Q253197. The KB lost the opening quote of the path; the text between path and context absorbs it.
      id: "smsapm32.execute",
      kind: "execution.program.started",
      match: "Attempting to execute {program:path}{text}({context:name} context)",
      samples: [
        {
          message:
            String.raw`SCHED DATA  : Attempting to execute '\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe' (SERVICE context)` +
            "\n",
          fields: { program: String.raw`\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe`, context: "SERVICE" },
        },
        {
          message: String.raw`SCHED DATA : Attempting to execute \\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe' (SERVICE context)`,
          fields: { program: String.raw`\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe`, context: "SERVICE" },
        },
        {
          message: String.raw`SCHED DATA  : Attempting to execute 'C:\WINNT\system32\vpcache\ABC00012\ScanWrapper.exe' (USER context)`,
          fields: { program: String.raw`C:\WINNT\system32\vpcache\ABC00012\ScanWrapper.exe`, context: "USER" },
        },
      ],
      evidence: "seen",
    },
    {
      id: "smsapm32.execute-other",
      kind: "execution.program.started",
      match: "Attempting to execute {program:path}",
      samples: [
        {
          message: String.raw`SCHED DATA  : Attempting to execute '\\SRV01\SMSPKGC$\ABC00012\SyncXML.exe'`,
          fields: { program: String.raw`\\SRV01\SMSPKGC$\ABC00012\SyncXML.exe` },
        },
      ],
      evidence: "seen",
    },
    {
      // Q253197 (wrapped in the KB; re-joined).
      id: "smsapm32.command-line",
      kind: "execution.program.command",
      match: "Command line {program:path} CWD {path:path}",
      samples: [
        {
          message: String.raw`SCHED DATA : Command line "\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe" CWD "\\SMSD4L8PDCUS\SMSPKGC$\RS100006\"`,
          fields: {
            program: String.raw`\\SMSD4L8PDCUS\SMSPKGC$\RS100006\mfctest.exe`,
            path: String.raw`\\SMSD4L8PDCUS\SMSPKGC$\RS100006` + "\\",
          },
        },
      ],
      evidence: "seen",
    },
    {
      // The same line with arguments after the program (not published; the form the patch programs need).
      id: "smsapm32.command-line-arguments",
      kind: "execution.program.command",
      match: "Command line {program:path} {arguments:text} CWD {path:path}",
      samples: [
        {
          message: String.raw`SCHED DATA  : Command line "\\SRV01\SMSPKGC$\ABC00012\ScanWrapper.exe" /s /cache /kick CWD "\\SRV01\SMSPKGC$\ABC00012\"`,
          fields: {
            program: String.raw`\\SRV01\SMSPKGC$\ABC00012\ScanWrapper.exe`,
            arguments: "/s /cache /kick",
            path: String.raw`\\SRV01\SMSPKGC$\ABC00012` + "\\",
          },
        },
        {
          message: String.raw`Command line PatchInstall.exe /g:48 /m:"PatchAuthorize.xml" CWD C:\WINNT\system32\vpcache\ABC00013`,
          fields: {
            program: "PatchInstall.exe",
            arguments: '/g:48 /m:"PatchAuthorize.xml"',
            path: String.raw`C:\WINNT\system32\vpcache\ABC00013`,
          },
        },
      ],
      evidence: "inferred",
    },
    {
      // Q268500: the job's outcome is unknown to APM.
      id: "smsapm32.status-unknown",
      kind: "execution.status.reported",
      severity: "warning",
      match: "Reporting status : APA_JOB_STATUS_UNKNOWN",
      fields: { status: "APA_JOB_STATUS_UNKNOWN" },
      samples: [
        {
          message: "SCHED DATA  : Reporting status : APA_JOB_STATUS_UNKNOWN\n",
          fields: { status: "APA_JOB_STATUS_UNKNOWN" },
          severity: "warning",
        },
      ],
      evidence: "seen",
    },
    {
      id: "smsapm32.status",
      kind: "execution.status.reported",
      match: "Reporting status : {status:name}",
      samples: [
        {
          message: "SCHED DATA  : Reporting status : APA_JOB_STATUS_SUCCESS\n",
          fields: { status: "APA_JOB_STATUS_SUCCESS" },
        },
      ],
      evidence: "seen",
    },
  ],
};
