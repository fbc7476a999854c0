import type { MessageCatalog } from "../../src/model/catalog.js";

/**
 * ScanWrapper.log: the client scan (ScanWrapper.exe; SMS 2.0 s_scan.exe / o_scan.exe). No line was ever published
 * (`inferred`, a few `doc`/`3p` fragments): patterns key on the README's bold words and on codes, KB numbers and
 * bulletins. Failures first; negated patch states ("Not Applicable", "Not Installed") before the plain ones,
 * whose words they contain.
 */
export const scanwrapperCatalog: MessageCatalog = {
  logs: ["ScanWrapper"],
  components: ["ScanWrapper", "s_scan", "o_scan"],
  patterns: [
    // --- catalog problems
    {
      id: "scanwrapper.catalog-not-loaded-path",
      kind: "scan.catalog.invalid",
      severity: "error",
      match: "Catalog {path:path} could not be loaded: {hresult:hresult}",
      samples: [
        {
          message: String.raw`Catalog C:\WINDOWS\system32\vpcache\ABC00012\mssecure.xml could not be loaded: 0x800B0100`,
          fields: { path: String.raw`C:\WINDOWS\system32\vpcache\ABC00012\mssecure.xml`, hresult: "0x800B0100" },
          severity: "error",
        },
        {
          message: String.raw`Error: catalog "C:\WINNT\system32\vpcache\ABC00012\mssecure.xml" could not be loaded: 0x80070002`,
          fields: { path: String.raw`C:\WINNT\system32\vpcache\ABC00012\mssecure.xml`, hresult: "0x80070002" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.catalog-not-loaded-hresult",
      kind: "scan.catalog.invalid",
      severity: "error",
      match: "Catalog{text}could not be loaded{text}{hresult:hresult}",
      samples: [
        { message: "Catalog could not be loaded (0x800B0101)", fields: { hresult: "0x800B0101" } },
        {
          message: "The catalog mssecure.xml could not be loaded, error 0x8000FFFF",
          fields: { hresult: "0x8000FFFF" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.catalog-not-loaded",
      kind: "scan.catalog.invalid",
      severity: "error",
      match: "Catalog{text}could not be loaded",
      samples: [
        { message: "Catalog could not be loaded" },
        { message: "Catalog mssecure.xml could not be loaded; the scan stops" },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.failed-to-load-catalog-hresult",
      kind: "scan.catalog.invalid",
      severity: "error",
      match: "Failed to load catalog{text}{hresult:hresult}",
      samples: [
        { message: "Failed to load catalog: 0x800B0100", fields: { hresult: "0x800B0100" } },
        {
          message: String.raw`Failed to load catalog C:\WINDOWS\system32\vpcache\ABC00012\mssecure.xml (0x80004005)`,
          fields: { hresult: "0x80004005" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.catalog-invalid",
      kind: "scan.catalog.invalid",
      severity: "error",
      match: "Catalog{text}invalid",
      samples: [{ message: "Catalog signature invalid" }, { message: "Catalog mssecure.xml is invalid or damaged" }],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.catalog-not-found-path",
      kind: "scan.catalog.missing",
      severity: "error",
      match: "Catalog not found: {path:path}",
      samples: [
        {
          message: String.raw`Catalog not found: C:\WINDOWS\system32\vpcache\ABC00012\mssecure.xml`,
          fields: { path: String.raw`C:\WINDOWS\system32\vpcache\ABC00012\mssecure.xml` },
          severity: "error",
        },
        {
          message: String.raw`ERROR: Catalog not found: "C:\Program Files\SecurityPatch\mssecure.xml"`,
          fields: { path: String.raw`C:\Program Files\SecurityPatch\mssecure.xml` },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.catalog-not-found",
      kind: "scan.catalog.missing",
      severity: "error",
      match: "Catalog{text}not found",
      samples: [
        { message: "Catalog not found" },
        { message: "Catalog file mssecure.xml not found in the package folder" },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.cannot-find-catalog",
      kind: "scan.catalog.missing",
      severity: "error",
      match: "Cannot find catalog",
      samples: [
        { message: "Cannot find catalog" },
        { message: String.raw`Cannot find catalog C:\WINDOWS\system32\vpcache\ABC00012\mssecure.xml` },
      ],
      evidence: "inferred",
    },
    // --- WMI
    {
      id: "scanwrapper.wmi-write-failed-hresult",
      kind: "scan.wmi.failed",
      severity: "error",
      match: "Failed to write{text}{hresult:hresult}",
      samples: [
        {
          message: "Failed to write Win32_PatchState: 0x80041003",
          fields: { hresult: "0x80041003" },
          severity: "error",
        },
        {
          message: String.raw`Failed to write 42 instances to root\cimv2 (0x80041010)`,
          fields: { hresult: "0x80041010" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.wmi-write-failed",
      kind: "scan.wmi.failed",
      severity: "error",
      match: "Failed to write",
      samples: [{ message: "Failed to write Win32_PatchState" }, { message: "Failed to write results to WMI" }],
      evidence: "inferred",
    },
    // --- run end: failure
    {
      id: "scanwrapper.scan-failed-hresult",
      kind: "scan.failed",
      severity: "error",
      match: "Scan failed{text}{hresult:hresult}",
      samples: [
        { message: "Scan failed: 0x80070002", fields: { hresult: "0x80070002" }, severity: "error" },
        { message: "Patch scan failed with error 0x80004005", fields: { hresult: "0x80004005" } },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.completed-with-errors",
      kind: "scan.failed",
      severity: "error",
      match: "Scan{text}completed with error",
      samples: [{ message: "Scan completed with errors" }, { message: "ScanWrapper: scan completed with error 2" }],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.scan-failed",
      kind: "scan.failed",
      severity: "error",
      match: "Scan failed",
      samples: [{ message: "Scan failed" }, { message: "Office scan failed, see o_scan output" }],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.failed",
      kind: "scan.failed",
      severity: "error",
      match: "ScanWrapper{text}failed",
      samples: [{ message: "ScanWrapper failed" }, { message: "ScanWrapper.exe run failed" }],
      evidence: "inferred",
    },
    // --- run end: exit code (0 success, anything else failure; the rules judge it)
    {
      id: "scanwrapper.exiting-with-code",
      kind: "scan.exit",
      match: "exiting with code {exitCode:code}",
      samples: [
        { message: "ScanWrapper exiting with code 0", fields: { exitCode: 0 } },
        { message: "s_scan exiting with code 0x80070002", fields: { exitCode: 0x80070002 } },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.exit-code",
      kind: "scan.exit",
      match: "exit code{text}{exitCode:code}",
      samples: [
        { message: "ScanWrapper exit code: 1", fields: { exitCode: 1 } },
        { message: "Scan tool exit code is 3", fields: { exitCode: 3 } },
      ],
      evidence: "inferred",
    },
    // --- patch states: negations first
    {
      id: "scanwrapper.patch-not-applicable",
      kind: "scan.patch.not-applicable",
      match: "{bulletin:bulletin}{text}{kb:kb}{text}Not Applicable",
      samples: [
        { message: "Patch MS06-040 (KB921883) Not Applicable", fields: { bulletin: "MS06-040", kb: "KB921883" } },
        { message: "MS05-051 KB902400: not applicable", fields: { bulletin: "MS05-051", kb: "KB902400" } },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.patch-kb-not-applicable",
      kind: "scan.patch.not-applicable",
      match: "{kb:kb}{text}Not Applicable",
      samples: [
        { message: "Patch KB921883 Not Applicable", fields: { kb: "KB921883" } },
        { message: "Update Q828750: not applicable", fields: { kb: "Q828750" } },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.patch-not-installed",
      kind: "scan.patch.applicable",
      match: "{bulletin:bulletin}{text}{kb:kb}{text}Not Installed",
      samples: [
        { message: "Patch MS06-040 (KB921883) Not Installed", fields: { bulletin: "MS06-040", kb: "KB921883" } },
        { message: "MS06-025 KB911280 - not installed", fields: { bulletin: "MS06-025", kb: "KB911280" } },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.patch-kb-not-installed",
      kind: "scan.patch.applicable",
      match: "{kb:kb}{text}Not Installed",
      samples: [
        { message: "Patch KB921883 Not Installed", fields: { kb: "KB921883" } },
        { message: "Office update KB914455 is not installed", fields: { kb: "KB914455" } },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.patch-applicable",
      kind: "scan.patch.applicable",
      match: "{bulletin:bulletin}{text}{kb:kb}{text}Applicable",
      samples: [
        { message: "Patch MS06-040 (KB921883) Applicable", fields: { bulletin: "MS06-040", kb: "KB921883" } },
        { message: "ms06-042 kb918899: status Applicable", fields: { bulletin: "MS06-042", kb: "KB918899" } },
        { message: "Bulletin MS04-011 (Q835732) is applicable", fields: { bulletin: "MS04-011", kb: "Q835732" } },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.patch-kb-applicable",
      kind: "scan.patch.applicable",
      match: "{kb:kb}{text}Applicable",
      samples: [
        { message: "Patch KB921883 Applicable", fields: { kb: "KB921883" } },
        { message: "KB921883 (MS06-040) Applicable", fields: { kb: "KB921883" } },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.patch-installed",
      kind: "scan.patch.installed",
      match: "{bulletin:bulletin}{text}{kb:kb}{text}Installed",
      samples: [
        { message: "Patch MS06-025 (KB911280) Installed", fields: { bulletin: "MS06-025", kb: "KB911280" } },
        { message: "MS06-040 KB921883: status Installed", fields: { bulletin: "MS06-040", kb: "KB921883" } },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.patch-kb-installed",
      kind: "scan.patch.installed",
      match: "{kb:kb}{text}Installed",
      samples: [
        { message: "Patch KB911280 Installed", fields: { kb: "KB911280" } },
        { message: "Update Q828750 is installed", fields: { kb: "Q828750" } },
      ],
      evidence: "inferred",
    },
    // --- WMI results
    {
      id: "scanwrapper.wmi-written",
      kind: "scan.wmi.written",
      match: "Wrote {count:int}{text}Win32_PatchState",
      samples: [
        { message: "Wrote 42 instances to Win32_PatchState", fields: { count: 42 } },
        { message: String.raw`Wrote 7 patch states to root\cimv2:Win32_PatchState`, fields: { count: 7 } },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.wmi-written-instances",
      kind: "scan.wmi.written",
      match: "Wrote {count:int} instances",
      samples: [
        { message: "Wrote 42 instances", fields: { count: 42 } },
        { message: "WMI: wrote 0 instances (no patches in the catalog apply)", fields: { count: 0 } },
      ],
      evidence: "inferred",
    },
    {
      // [doc] ScanWrapper reads PatchAge from Scan.ini and removes older instances.
      id: "scanwrapper.patchage-removed",
      kind: "scan.patchage.removed",
      match: "Removed {count:int}{text}PatchAge {patchAge:int}",
      samples: [
        { message: "Removed 3 instances older than PatchAge 90", fields: { count: 3, patchAge: 90 } },
        {
          message: "Removed 12 old Win32_PatchState instances (PatchAge 30 days)",
          fields: { count: 12, patchAge: 30 },
        },
      ],
      evidence: "doc",
    },
    {
      id: "scanwrapper.patchage-removed-other",
      kind: "scan.patchage.removed",
      match: "Removed {count:int}{text}PatchAge",
      samples: [
        { message: "Removed 3 instances older than PatchAge", fields: { count: 3 } },
        { message: "Removed 0 instances: PatchAge = 90", fields: { count: 0 } },
      ],
      evidence: "doc",
    },
    // --- catalog used by the scan
    {
      id: "scanwrapper.using-catalog-date",
      kind: "scan.catalog.loaded",
      match: "Using catalog {path:path}{text}catalog date {catalogDate:date}",
      samples: [
        {
          message: String.raw`Using catalog C:\WINDOWS\system32\vpcache\ABC00012\mssecure.xml (catalog date 2006-08-08)`,
          fields: { path: String.raw`C:\WINDOWS\system32\vpcache\ABC00012\mssecure.xml`, catalogDate: "2006-08-08" },
        },
        {
          message: String.raw`Using catalog "C:\Program Files\SecurityPatch\mssecure.xml", catalog date 2006-06-13`,
          fields: { path: String.raw`C:\Program Files\SecurityPatch\mssecure.xml`, catalogDate: "2006-06-13" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.catalog-date",
      kind: "scan.catalog.loaded",
      match: "catalog date{text}{catalogDate:date}",
      samples: [
        { message: "Catalog date: 2006-08-08", fields: { catalogDate: "2006-08-08" } },
        { message: "Loaded mssecure.xml (catalog date 2006-08-08 00:00)", fields: { catalogDate: "2006-08-08 00:00" } },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.using-catalog",
      kind: "scan.catalog.loaded",
      match: "Using catalog {path:path}",
      samples: [
        {
          message: String.raw`Using catalog C:\WINDOWS\system32\vpcache\ABC00012\mssecure.xml`,
          fields: { path: String.raw`C:\WINDOWS\system32\vpcache\ABC00012\mssecure.xml` },
        },
        { message: "Scan: using catalog mssecure.xml from the package folder", fields: { path: "mssecure.xml" } },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.loaded-catalog",
      kind: "scan.catalog.loaded",
      match: "Loaded catalog {path:path}",
      samples: [
        { message: "Loaded catalog mssecure.xml", fields: { path: "mssecure.xml" } },
        {
          message: String.raw`Loaded catalog C:\WINDOWS\system32\vpcache\ABC00012\mssecure.xml (1653 items)`,
          fields: { path: String.raw`C:\WINDOWS\system32\vpcache\ABC00012\mssecure.xml` },
        },
      ],
      evidence: "inferred",
    },
    // --- run end: success
    {
      id: "scanwrapper.scan-complete",
      kind: "scan.completed",
      match: "Scan complete",
      samples: [
        { message: "Scan completed: 12 installed, 3 applicable" },
        { message: "Scan complete" },
        { message: "Office scan completed successfully" },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.completed",
      kind: "scan.completed",
      match: "ScanWrapper{text}completed",
      samples: [{ message: "ScanWrapper completed" }, { message: "ScanWrapper.exe has completed successfully" }],
      evidence: "inferred",
    },
    // --- hardware inventory request (/kick): before run start, a start line may name /kick too
    {
      id: "scanwrapper.requesting-inventory",
      kind: "scan.kick",
      match: "Requesting hardware inventory",
      samples: [
        { message: "Requesting hardware inventory (/kick)" },
        { message: "Requesting hardware inventory cycle" },
      ],
      evidence: "inferred",
    },
    {
      id: "scanwrapper.inventory-requested",
      kind: "scan.kick",
      match: "hardware inventory{text}requested",
      samples: [
        { message: "Hardware inventory cycle requested" },
        { message: "/kick: hardware inventory has been requested" },
      ],
      evidence: "inferred",
    },
    // --- run start
    {
      id: "scanwrapper.started-kick",
      kind: "scan.started",
      match: "scan{text}started{text}/kick",
      fields: { kick: true },
      samples: [
        { message: "ScanWrapper started: /s /cache /kick", fields: { kick: true } },
        { message: "s_scan.exe started with /s /kick", fields: { kick: true } },
      ],
      evidence: "inferred",
    },
    {
      // [3p] Inventory Tool for Microsoft Updates
      id: "scanwrapper.scan-tool-started",
      kind: "scan.started",
      match: "Scan Tool Started",
      samples: [{ message: "Software Updates Scan Tool Started" }, { message: "Software Updates Scan Tool started." }],
      evidence: "3p",
    },
    {
      id: "scanwrapper.started",
      kind: "scan.started",
      match: "scan{text}started",
      samples: [
        { message: "ScanWrapper started: /s /cache" },
        { message: "o_scan started" },
        { message: "Scan started" },
      ],
      evidence: "inferred",
    },
  ],
};
