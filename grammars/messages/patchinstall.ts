import type { MessageCatalog } from "../../src/model/catalog.js";

/**
 * PatchInstall.log: the patch installation (PatchInstall.exe; SMS 2.0 `%windir%\Temp\patchinstall.log`). No line
 * was ever published (`inferred`): patterns key on the README's bold words and on KB numbers, bulletins and exit
 * codes. Order: pending renames (whose line says "restart is required") and the authorization list first, then
 * the per-patch lines, then the run markers ("completed" before "failed": a completed run counts its failures).
 */
export const patchinstallCatalog: MessageCatalog = {
  logs: ["PatchInstall"],
  components: ["PatchInstall"],
  patterns: [
    // --- before installing
    {
      id: "patchinstall.renames-pending",
      kind: "install.renames.pending",
      severity: "warning",
      match: "Pending file rename",
      samples: [
        {
          message: "Pending file rename operations found; a restart is required before installing",
          severity: "warning",
        },
        { message: "Found pending file rename operations, restart first" },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.renames-pending-value",
      kind: "install.renames.pending",
      severity: "warning",
      match: "PendingFileRenameOperations",
      samples: [
        { message: "PendingFileRenameOperations is not empty; restart is required before installing" },
        { message: "Checking PendingFileRenameOperations: 4 entries" },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.authorization-not-found-path",
      kind: "install.authorization.missing",
      severity: "error",
      match: "Authorization list {path:path} not found",
      samples: [
        {
          message: "Authorization list PatchAuthorize.xml not found",
          fields: { path: "PatchAuthorize.xml" },
          severity: "error",
        },
        {
          message: String.raw`ERROR: Authorization list "C:\WINDOWS\system32\vpcache\ABC00013\PatchAuthorize.xml" not found`,
          fields: { path: String.raw`C:\WINDOWS\system32\vpcache\ABC00013\PatchAuthorize.xml` },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.authorization-not-found",
      kind: "install.authorization.missing",
      severity: "error",
      match: "Authorization list{text}not found",
      samples: [
        { message: "Authorization list not found" },
        { message: "Authorization list file PatchAuthorize.xml was not found (0x80070002)" },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.no-patches-authorized",
      kind: "install.authorization.empty",
      severity: "warning",
      match: "No patches{text}authorized",
      samples: [
        { message: "No patches are authorized", severity: "warning" },
        { message: "No patches in PatchAuthorize.xml are authorized for this computer" },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.zero-patches-authorized",
      kind: "install.authorization.empty",
      severity: "warning",
      match: ": 0 patches authorized",
      samples: [
        { message: "Loaded authorization list PatchAuthorize.xml: 0 patches authorized" },
        { message: "Authorization: 0 patches authorized" },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.authorization-loaded-count",
      kind: "install.authorization.loaded",
      match: "Loaded authorization list {path:path}: {count:int}",
      samples: [
        {
          message: "Loaded authorization list PatchAuthorize.xml: 3 patches authorized",
          fields: { path: "PatchAuthorize.xml", count: 3 },
        },
        {
          message: String.raw`Loaded authorization list C:\WINDOWS\system32\vpcache\ABC00013\PatchAuthorize.xml: 12 patches`,
          fields: { path: String.raw`C:\WINDOWS\system32\vpcache\ABC00013\PatchAuthorize.xml`, count: 12 },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.patches-authorized",
      kind: "install.authorization.loaded",
      match: "{count:int} patches authorized",
      samples: [
        { message: "PatchAuthorize.xml read, 3 patches authorized", fields: { count: 3 } },
        { message: "Authorization list loaded (10 patches authorized)", fields: { count: 10 } },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.authorization-loaded",
      kind: "install.authorization.loaded",
      match: "Loaded authorization list",
      samples: [{ message: "Loaded authorization list PatchAuthorize.xml" }, { message: "Loaded authorization list" }],
      evidence: "inferred",
    },
    // --- per patch: exit code before "Installing" (a line may carry both)
    {
      id: "patchinstall.patch-exit-bulletin",
      kind: "install.patch.exit",
      match: "{bulletin:bulletin}{text}{kb:kb}{text}exit code{text}{exitCode:code}",
      samples: [
        { message: "MS06-040 (KB921883) exit code 0", fields: { bulletin: "MS06-040", kb: "KB921883", exitCode: 0 } },
        {
          message: "MS06-040 (KB921883) exit code 3010",
          fields: { bulletin: "MS06-040", kb: "KB921883", exitCode: 3010 },
        },
        {
          message: "Patch MS06-025 KB911280 finished, exit code: 1603",
          fields: { bulletin: "MS06-025", kb: "KB911280", exitCode: 1603 },
        },
        {
          message: "Installing MS06-041 (KB920683) ended with exit code 1618",
          fields: { bulletin: "MS06-041", kb: "KB920683", exitCode: 1618 },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.patch-exit",
      kind: "install.patch.exit",
      match: "{kb:kb}{text}exit code{text}{exitCode:code}",
      samples: [
        { message: "KB921883 exit code 0", fields: { kb: "KB921883", exitCode: 0 } },
        {
          message: "WindowsServer2003-KB921883-x86-ENU.exe exit code = 1635",
          fields: { kb: "KB921883", exitCode: 1635 },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.patch-returned",
      kind: "install.patch.exit",
      match: "{kb:kb}{text}returned {exitCode:code}",
      samples: [
        { message: "Patch KB921883 returned 3010", fields: { kb: "KB921883", exitCode: 3010 } },
        {
          message: "WindowsXP-KB920683-x86-ENU.exe /quiet /norestart returned 0",
          fields: { kb: "KB920683", exitCode: 0 },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.installing-program",
      kind: "install.patch.started",
      match: "Installing {bulletin:bulletin}{text}{kb:kb}{text}: {program:path}",
      samples: [
        {
          message: "Installing MS06-040 (KB921883): WindowsServer2003-KB921883-x86-ENU.exe /quiet /norestart",
          fields: { bulletin: "MS06-040", kb: "KB921883", program: "WindowsServer2003-KB921883-x86-ENU.exe" },
        },
        {
          message: String.raw`Installing MS06-025 (KB911280): "C:\WINDOWS\system32\vpcache\ABC00013\WindowsXP-KB911280-x86-ENU.exe" /passive`,
          fields: {
            bulletin: "MS06-025",
            kb: "KB911280",
            program: String.raw`C:\WINDOWS\system32\vpcache\ABC00013\WindowsXP-KB911280-x86-ENU.exe`,
          },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.installing-bulletin",
      kind: "install.patch.started",
      match: "Installing {bulletin:bulletin}{text}{kb:kb}",
      samples: [
        { message: "Installing MS06-040 (KB921883)", fields: { bulletin: "MS06-040", kb: "KB921883" } },
        {
          message: "Installing MS06-040 KB921883 with /quiet /norestart",
          fields: { bulletin: "MS06-040", kb: "KB921883" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.installing-kb",
      kind: "install.patch.started",
      match: "Installing{text}{kb:kb}",
      samples: [
        { message: "Installing KB921883", fields: { kb: "KB921883" } },
        { message: "Installing update WindowsXP-KB920683-x86-ENU.exe", fields: { kb: "KB920683" } },
      ],
      evidence: "inferred",
    },
    // --- restart
    {
      id: "patchinstall.restart-required",
      kind: "install.restart.required",
      match: "Restart required",
      samples: [
        { message: "Restart required to complete installation" },
        { message: "KB921883 installed; restart required" },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.restart-is-required",
      kind: "install.restart.required",
      match: "restart is required",
      samples: [
        { message: "A restart is required to complete the installation" },
        { message: "Exit code 3010: restart is required" },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.reboot-required",
      kind: "install.restart.required",
      match: "reboot required",
      samples: [{ message: "Reboot required" }, { message: "2 patches installed, reboot required" }],
      evidence: "inferred",
    },
    {
      id: "patchinstall.initiating-restart",
      kind: "install.restart.initiated",
      match: "Initiating restart",
      samples: [{ message: "Initiating restart" }, { message: "Grace period over; initiating restart now" }],
      evidence: "inferred",
    },
    {
      id: "patchinstall.initiating-reboot",
      kind: "install.restart.initiated",
      match: "Initiating reboot",
      samples: [{ message: "Initiating reboot" }, { message: "All patches installed. Initiating reboot in 5 minutes" }],
      evidence: "inferred",
    },
    {
      id: "patchinstall.restart-initiated",
      kind: "install.restart.initiated",
      match: "restart initiated",
      samples: [{ message: "Restart initiated" }, { message: "System restart initiated by PatchInstall" }],
      evidence: "inferred",
    },
    // --- deadline (grace period, /g:<hours>)
    {
      id: "patchinstall.grace-period-deadline",
      kind: "install.deadline",
      match: "Grace period {graceHours:int} hours{text}mandatory at {deadline:date}",
      samples: [
        {
          message: "Grace period 48 hours; install becomes mandatory at 08-16-2006 09:00",
          fields: { graceHours: 48, deadline: "08-16-2006 09:00" },
        },
        {
          message: "Grace period 72 hours (from detection time), mandatory at 2006-08-17 14:30:00",
          fields: { graceHours: 72, deadline: "2006-08-17 14:30:00" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.grace-period-hours",
      kind: "install.deadline",
      match: "Grace period {graceHours:int} hour",
      samples: [
        { message: "Grace period 48 hours", fields: { graceHours: 48 } },
        { message: "Using grace period 1 hour from authorization time", fields: { graceHours: 1 } },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.mandatory-at",
      kind: "install.deadline",
      match: "mandatory at {deadline:date}",
      samples: [
        { message: "Install becomes mandatory at 08-16-2006 09:00", fields: { deadline: "08-16-2006 09:00" } },
        { message: "Installation mandatory at 8/16/2006 9:00", fields: { deadline: "8/16/2006 9:00" } },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.grace-period",
      kind: "install.deadline",
      match: "Grace period",
      samples: [{ message: "Grace period expired" }, { message: "No grace period: install is mandatory now" }],
      evidence: "inferred",
    },
    // --- run markers
    {
      id: "patchinstall.completed-counts",
      kind: "install.completed",
      match: "PatchInstall{text}completed{text}{installed:int} installed{text}{failed:int} failed",
      samples: [
        { message: "PatchInstall completed: 2 installed, 1 failed", fields: { installed: 2, failed: 1 } },
        {
          message: "PatchInstall.exe completed - 3 installed, 0 failed, 1 skipped",
          fields: { installed: 3, failed: 0 },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.completed",
      kind: "install.completed",
      match: "PatchInstall{text}completed",
      samples: [{ message: "PatchInstall completed" }, { message: "PatchInstall.exe completed successfully" }],
      evidence: "inferred",
    },
    {
      id: "patchinstall.failed-hresult",
      kind: "install.failed",
      severity: "error",
      match: "PatchInstall{text}failed{text}{hresult:hresult}",
      samples: [
        { message: "PatchInstall failed: 0x80070002", fields: { hresult: "0x80070002" }, severity: "error" },
        { message: "PatchInstall.exe failed with error 0x80004005", fields: { hresult: "0x80004005" } },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.failed",
      kind: "install.failed",
      severity: "error",
      match: "PatchInstall{text}failed",
      samples: [{ message: "PatchInstall failed" }, { message: "PatchInstall run failed; see above" }],
      evidence: "inferred",
    },
    {
      id: "patchinstall.started-authorization",
      kind: "install.started",
      match: "PatchInstall{text}started{text}/m:{path:path}",
      samples: [
        { message: 'PatchInstall started: /g:48 /m:"PatchAuthorize.xml"', fields: { path: "PatchAuthorize.xml" } },
        {
          message: "PatchInstall.exe started with /d /g:24 /m:PatchAuthorize.xml",
          fields: { path: "PatchAuthorize.xml" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "patchinstall.started",
      kind: "install.started",
      match: "PatchInstall{text}started",
      samples: [{ message: "PatchInstall started" }, { message: "PatchInstall version 2.0.1000.0 started" }],
      evidence: "inferred",
    },
  ],
};
