import type { MessageCatalog } from "../../src/model/catalog.js";

/**
 * SecuritySyncXML.log / OfficeSyncXML.log: SyncXML.exe, the catalog sync (component `SyncXML`). No line of
 * these logs was ever published (`inferred`): patterns key on the stable words of the README's phrasing
 * (started, Download failed, cab date, catalog date, unchanged, access target, distribution point, completed,
 * failed) and on codes, never on whole sentences. Failures come first so a line that says both "Downloading"
 * and "failed" is a failure; `unchanged` comes before the plain `catalog date`.
 */
export const syncxmlCatalog: MessageCatalog = {
  logs: ["SecuritySyncXML", "OfficeSyncXML"],
  components: ["SyncXML"],
  patterns: [
    // --- catalog download failures
    {
      id: "syncxml.download-failed-hresult",
      kind: "catalog.download.failed",
      severity: "error",
      match: "Download failed{text}{hresult:hresult}",
      samples: [
        { message: "Download failed: 0x80072EFD", fields: { hresult: "0x80072EFD" }, severity: "error" },
        {
          message: "Download failed for http://go.microsoft.com/fwlink/?LinkId=18922 (0x80072ee7)",
          fields: { hresult: "0x80072EE7" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.download-failed-http",
      kind: "catalog.download.failed",
      severity: "error",
      match: "Download failed{text}HTTP status {httpStatus:int}",
      samples: [
        {
          message: "Download failed, HTTP status 407 (proxy authentication required)",
          fields: { httpStatus: 407 },
          severity: "error",
        },
        { message: "mssecure.cab: Download failed; server returned HTTP status 404", fields: { httpStatus: 404 } },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.failed-to-download-hresult",
      kind: "catalog.download.failed",
      severity: "error",
      match: "Failed to download{text}{hresult:hresult}",
      samples: [
        { message: "Failed to download mssecure.cab: 0x80072EE2", fields: { hresult: "0x80072EE2" } },
        { message: "Failed to download the Office catalog, error 0x80190197", fields: { hresult: "0x80190197" } },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.downloading-failed-hresult",
      kind: "catalog.download.failed",
      severity: "error",
      match: "Downloading{text}failed{text}{hresult:hresult}",
      samples: [
        {
          message: String.raw`Downloading http://go.microsoft.com/fwlink/?LinkId=18922 to C:\WINDOWS\TEMP\mssecure.cab failed: 0x80072EFD`,
          fields: { hresult: "0x80072EFD" },
        },
        { message: "Downloading mssecure.cab failed with 0x80072F78", fields: { hresult: "0x80072F78" } },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.download-failed",
      kind: "catalog.download.failed",
      severity: "error",
      match: "Download failed",
      samples: [{ message: "Download failed" }, { message: "mssecure.cab: Download failed, no Internet connection" }],
      evidence: "inferred",
    },
    {
      id: "syncxml.failed-to-download",
      kind: "catalog.download.failed",
      severity: "error",
      match: "Failed to download",
      samples: [
        { message: "Failed to download mssecure.cab" },
        { message: "ERROR: Failed to download catalog from the Internet" },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.downloading-failed",
      kind: "catalog.download.failed",
      severity: "error",
      match: "Downloading{text}failed",
      samples: [
        { message: "Downloading mssecure.cab failed" },
        { message: "Downloading http://go.microsoft.com/fwlink/?LinkId=18922 ... failed (timeout)" },
      ],
      evidence: "inferred",
    },
    // --- catalog extraction
    {
      id: "syncxml.extract-failed-hresult",
      kind: "catalog.extract.failed",
      severity: "error",
      match: "Failed to extract{text}{hresult:hresult}",
      samples: [
        {
          message: "Failed to extract mssecure.xml from mssecure.cab: 0x800B0100",
          fields: { hresult: "0x800B0100" },
          severity: "error",
        },
        { message: "Failed to extract catalog (0x80070070)", fields: { hresult: "0x80070070" } },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.extraction-failed-hresult",
      kind: "catalog.extract.failed",
      severity: "error",
      match: "Extract{text}failed{text}{hresult:hresult}",
      samples: [
        { message: "Extraction of mssecure.xml failed: 0x800B0101", fields: { hresult: "0x800B0101" } },
        { message: "Extracting mssecure.cab failed with error 0x80070002", fields: { hresult: "0x80070002" } },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.extract-failed",
      kind: "catalog.extract.failed",
      severity: "error",
      match: "Failed to extract",
      samples: [
        { message: "Failed to extract mssecure.xml" },
        { message: "ERROR - Failed to extract the catalog from the cab file" },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.extraction-failed",
      kind: "catalog.extract.failed",
      severity: "error",
      match: "Extract{text}failed",
      samples: [
        { message: "Extraction failed" },
        { message: "Extracting mssecure.xml from mssecure.cab failed, the cab is damaged" },
      ],
      evidence: "inferred",
    },
    // --- package source (target)
    {
      id: "syncxml.target-access-failed-path",
      kind: "target.access.failed",
      severity: "error",
      match: "access target {path:path}: {hresult:hresult}",
      samples: [
        {
          message: String.raw`Cannot access target \\SRV01\SMSPKG\SecurityPatch\PkgSource: 0x80070005`,
          fields: { path: String.raw`\\SRV01\SMSPKG\SecurityPatch\PkgSource`, hresult: "0x80070005" },
          severity: "error",
        },
        {
          message: String.raw`Unable to access target "\\SRV01\SMSPKG\OfficePatch\PkgSource": 0x80070035`,
          fields: { path: String.raw`\\SRV01\SMSPKG\OfficePatch\PkgSource`, hresult: "0x80070035" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.target-access-failed-hresult",
      kind: "target.access.failed",
      severity: "error",
      match: "access target{text}{hresult:hresult}",
      samples: [
        { message: "Cannot access target directory (0x80070003)", fields: { hresult: "0x80070003" } },
        {
          message: String.raw`Could not access target \\SRV01\SMSPKG\SecurityPatch\PkgSource, error 0x80070043`,
          fields: { hresult: "0x80070043" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.target-access-failed",
      kind: "target.access.failed",
      severity: "error",
      match: "access target",
      samples: [
        { message: String.raw`Cannot access target \\SRV01\SMSPKG\SecurityPatch\PkgSource` },
        { message: "Cannot access target: access is denied" },
      ],
      evidence: "inferred",
    },
    // --- distribution point update
    {
      id: "syncxml.dp-update-failed-package",
      kind: "dp.update.failed",
      severity: "error",
      match: "Failed to update{text}package {packageId:package}{text}{hresult:hresult}",
      samples: [
        {
          message: "Failed to update package ABC00012: 0x80041002",
          fields: { packageId: "ABC00012", hresult: "0x80041002" },
          severity: "error",
        },
        {
          message: "Failed to update distribution points for package ABC00012 (0x80070005)",
          fields: { packageId: "ABC00012", hresult: "0x80070005" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.dp-update-failed-hresult",
      kind: "dp.update.failed",
      severity: "error",
      match: "Failed to update{text}{hresult:hresult}",
      samples: [
        { message: "Failed to update distribution points: 0x80041001", fields: { hresult: "0x80041001" } },
        { message: "Failed to update the package source, error 0x80070070", fields: { hresult: "0x80070070" } },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.dp-update-failed-words",
      kind: "dp.update.failed",
      severity: "error",
      match: "distribution point{text}failed",
      samples: [
        { message: "Distribution point update failed" },
        { message: "Request to update distribution points for package ABC00012 failed" },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.dp-update-failed",
      kind: "dp.update.failed",
      severity: "error",
      match: "Failed to update",
      samples: [{ message: "Failed to update package ABC00012" }, { message: "Failed to update distribution points" }],
      evidence: "inferred",
    },
    // --- run end: failure
    {
      id: "syncxml.failed-exit-code",
      kind: "sync.failed",
      severity: "error",
      match: "SyncXML{text}failed{text}exit code {exitCode:code}",
      samples: [
        { message: "SyncXML failed with exit code 1", fields: { exitCode: 1 }, severity: "error" },
        { message: "SyncXML.exe failed, exit code 2", fields: { exitCode: 2 } },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.failed",
      kind: "sync.failed",
      severity: "error",
      match: "SyncXML{text}failed",
      samples: [{ message: "SyncXML failed" }, { message: "SyncXML run failed: see the lines above" }],
      evidence: "inferred",
    },
    {
      id: "syncxml.sync-failed",
      kind: "sync.failed",
      severity: "error",
      match: "Sync failed",
      samples: [{ message: "Sync failed" }, { message: "Catalog Sync failed (0x80004005)" }],
      evidence: "inferred",
    },
    // --- catalog state
    {
      id: "syncxml.catalog-unchanged-date",
      kind: "catalog.unchanged",
      match: "unchanged{text}catalog date {catalogDate:date}",
      samples: [
        {
          message: "Catalog unchanged since last sync (catalog date 2006-06-13)",
          fields: { catalogDate: "2006-06-13" },
        },
        { message: "mssecure.xml is unchanged, catalog date 2006-08-08", fields: { catalogDate: "2006-08-08" } },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.catalog-unchanged",
      kind: "catalog.unchanged",
      match: "Catalog{text}unchanged",
      samples: [{ message: "Catalog unchanged since last sync" }, { message: "Catalog is unchanged; nothing to do" }],
      evidence: "inferred",
    },
    {
      id: "syncxml.catalog-version",
      kind: "catalog.version",
      match: "{catalog:path} version {version:word}, catalog date {catalogDate:date}",
      samples: [
        {
          message: "mssecure.xml version 2.0.1653.0, catalog date 2006-08-08",
          fields: { catalog: "mssecure.xml", version: "2.0.1653.0", catalogDate: "2006-08-08" },
        },
        {
          message: "Catalog invcm.xml version 1.0.0.12, catalog date 2006-07-11 17:30",
          fields: { catalog: "invcm.xml", version: "1.0.0.12", catalogDate: "2006-07-11 17:30" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.catalog-date",
      kind: "catalog.version",
      match: "catalog date{text}{catalogDate:date}",
      samples: [
        { message: "mssecure.xml (catalog date 2006-08-08)", fields: { catalogDate: "2006-08-08" } },
        { message: "Catalog date: 8/8/2006", fields: { catalogDate: "8/8/2006" } },
      ],
      evidence: "inferred",
    },
    // --- catalog download
    {
      id: "syncxml.downloaded-cab-date",
      kind: "catalog.download.completed",
      match: "Downloaded {catalog:path}{text}cab date {cabDate:date}",
      samples: [
        {
          message: "Downloaded mssecure.cab (cab date 2006-08-14 09:12:01)",
          fields: { catalog: "mssecure.cab", cabDate: "2006-08-14 09:12:01" },
        },
        {
          message: String.raw`Downloaded C:\WINDOWS\TEMP\mssecure.cab (1245184 bytes, cab date 2006-08-14)`,
          fields: { catalog: String.raw`C:\WINDOWS\TEMP\mssecure.cab`, cabDate: "2006-08-14" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.downloaded",
      kind: "catalog.download.completed",
      match: "Downloaded {catalog:path}",
      samples: [
        { message: "Downloaded mssecure.cab", fields: { catalog: "mssecure.cab" } },
        {
          message: String.raw`Downloaded "C:\Program Files\SecurityPatch\PkgSource\1033\mssecure.cab" (1.2 MB)`,
          fields: { catalog: String.raw`C:\Program Files\SecurityPatch\PkgSource\1033\mssecure.cab` },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.download-complete",
      kind: "catalog.download.completed",
      match: "Download complete",
      samples: [{ message: "Download completed" }, { message: "mssecure.cab: Download complete, 1245184 bytes" }],
      evidence: "inferred",
    },
    {
      id: "syncxml.downloading-to",
      kind: "catalog.download.started",
      match: "Downloading {url:url} to {path:path}",
      samples: [
        {
          message: String.raw`Downloading http://go.microsoft.com/fwlink/?LinkId=18922 to C:\WINDOWS\TEMP\mssecure.cab`,
          fields: {
            url: "http://go.microsoft.com/fwlink/?LinkId=18922",
            path: String.raw`C:\WINDOWS\TEMP\mssecure.cab`,
          },
        },
        {
          message: String.raw`Downloading https://download.microsoft.com/download/x/mssecure.cab to "C:\Program Files\SecurityPatch\PkgSource\1033\mssecure.cab"`,
          fields: {
            url: "https://download.microsoft.com/download/x/mssecure.cab",
            path: String.raw`C:\Program Files\SecurityPatch\PkgSource\1033\mssecure.cab`,
          },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.downloading-url",
      kind: "catalog.download.started",
      match: "Downloading {url:url}",
      samples: [
        {
          message: "Downloading http://go.microsoft.com/fwlink/?LinkId=18922",
          fields: { url: "http://go.microsoft.com/fwlink/?LinkId=18922" },
        },
        {
          message: "Downloading http://go.microsoft.com/fwlink/?LinkId=18922 via proxy",
          fields: { url: "http://go.microsoft.com/fwlink/?LinkId=18922" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.downloading",
      kind: "catalog.download.started",
      match: "Downloading",
      samples: [{ message: "Downloading mssecure.cab" }, { message: "Downloading the Office catalog..." }],
      evidence: "inferred",
    },
    {
      id: "syncxml.download-started",
      kind: "catalog.download.started",
      match: "Download started",
      samples: [{ message: "Download started" }, { message: "mssecure.cab: Download started at 09:12" }],
      evidence: "inferred",
    },
    // --- distribution point update (request made = SyncXML's part is done)
    {
      id: "syncxml.dp-update-requested-package",
      kind: "dp.update.completed",
      match: "update requested{text}package {packageId:package}",
      samples: [
        { message: "Distribution point update requested for package ABC00012", fields: { packageId: "ABC00012" } },
        { message: "DP update requested: package ABC00013", fields: { packageId: "ABC00013" } },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.dp-updated",
      kind: "dp.update.completed",
      match: "Distribution point{text}updated",
      samples: [
        { message: "Distribution points updated" },
        { message: "Distribution points for package ABC00012 updated successfully" },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.dp-update-requested",
      kind: "dp.update.completed",
      match: "update requested",
      samples: [
        { message: "Distribution point update requested" },
        { message: "Package source refreshed; update requested" },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.dp-updating-package",
      kind: "dp.update.started",
      match: "Updating distribution point{text}package {packageId:package}",
      samples: [
        { message: "Updating distribution points for package ABC00012", fields: { packageId: "ABC00012" } },
        { message: "Updating distribution point(s), package ABC00012", fields: { packageId: "ABC00012" } },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.dp-updating",
      kind: "dp.update.started",
      match: "Updating distribution point",
      samples: [
        { message: "Updating distribution points" },
        { message: "Updating distribution point \\\\SRV02\\SMSPKGD$" },
      ],
      evidence: "inferred",
    },
    // --- proxy
    {
      id: "syncxml.proxy-server",
      kind: "sync.proxy",
      match: "Using proxy server {proxy:word}",
      samples: [
        { message: "Using proxy server proxy01:8080", fields: { proxy: "proxy01:8080" } },
        {
          message: "Download: using proxy server http://proxy.contoso.com:80",
          fields: { proxy: "http://proxy.contoso.com:80" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.proxy-colon",
      kind: "sync.proxy",
      match: "Proxy server: {proxy:word}",
      samples: [
        { message: "Proxy server: proxy01:8080", fields: { proxy: "proxy01:8080" } },
        { message: "Internet settings: Proxy server: 10.0.0.1:3128", fields: { proxy: "10.0.0.1:3128" } },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.proxy",
      kind: "sync.proxy",
      match: "Using proxy {proxy:word}",
      samples: [
        { message: "Using proxy proxy01:8080", fields: { proxy: "proxy01:8080" } },
        { message: "Download: using proxy 10.0.0.1:3128 (from Internet settings)", fields: { proxy: "10.0.0.1:3128" } },
      ],
      evidence: "inferred",
    },
    // --- run end: success, run start
    {
      id: "syncxml.completed",
      kind: "sync.completed",
      match: "SyncXML{text}completed",
      samples: [{ message: "SyncXML completed successfully" }, { message: "SyncXML.exe completed" }],
      evidence: "inferred",
    },
    {
      id: "syncxml.sync-completed",
      kind: "sync.completed",
      match: "Sync completed",
      samples: [{ message: "Sync completed" }, { message: "Catalog sync completed successfully" }],
      evidence: "inferred",
    },
    {
      id: "syncxml.started-target-package",
      kind: "sync.started",
      match: "SyncXML{text}started{text}/target {path:path}{text}/package {packageId:package}",
      samples: [
        {
          message: String.raw`SyncXML started: /s /site SRV01 /code ABC /target \\SRV01\SMSPKG\SecurityPatch\PkgSource /package ABC00012`,
          fields: { path: String.raw`\\SRV01\SMSPKG\SecurityPatch\PkgSource`, packageId: "ABC00012" },
        },
        {
          message: String.raw`SyncXML.exe started with /s /site SRV01 /code ABC /target "\\SRV01\SMSPKG\Office Patch\PkgSource" /package ABC00014 /office`,
          fields: { path: String.raw`\\SRV01\SMSPKG\Office Patch\PkgSource`, packageId: "ABC00014" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.started-package",
      kind: "sync.started",
      match: "SyncXML{text}started{text}/package {packageId:package}",
      samples: [
        { message: "SyncXML started: /s /package ABC00012", fields: { packageId: "ABC00012" } },
        {
          message: String.raw`SyncXML started: /package ABC00012 /target \\SRV01\SMSPKG\SecurityPatch\PkgSource`,
          fields: { packageId: "ABC00012" },
        },
      ],
      evidence: "inferred",
    },
    {
      id: "syncxml.started",
      kind: "sync.started",
      match: "SyncXML{text}started",
      samples: [{ message: "SyncXML started" }, { message: "SyncXML version 1.0.2005.0 started: /s" }],
      evidence: "inferred",
    },
    {
      id: "syncxml.sync-started",
      kind: "sync.started",
      match: "Sync started",
      samples: [{ message: "Sync started" }, { message: "Catalog sync started (Office)" }],
      evidence: "inferred",
    },
  ],
};
