import type { MessageCatalog } from "../../src/model/catalog.js";

/**
 * InventoryAgent.log: the Advanced Client hardware inventory agent (component `InventoryAgent`). No SMS 2003 line
 * was published; the phrasing is that of later Advanced Client versions (`3p`), keyed on its stable words.
 * Inventory actions are named by GUID: ...0001 hardware, ...0002 software, ...0003 discovery (heartbeat).
 */
const HARDWARE = "{00000000-0000-0000-0000-000000000001}";
const SOFTWARE = "{00000000-0000-0000-0000-000000000002}";
const DISCOVERY = "{00000000-0000-0000-0000-000000000003}";

export const inventoryagentCatalog: MessageCatalog = {
  logs: ["InventoryAgent"],
  components: ["InventoryAgent"],
  patterns: [
    // --- report delivery
    {
      id: "inventoryagent.send-failed-hresult",
      kind: "inventory.report.failed",
      severity: "error",
      match: "Failed to send{text}{hresult:hresult}",
      samples: [
        {
          message: "Inventory: Failed to send report: 0x80070005",
          fields: { hresult: "0x80070005" },
          severity: "error",
        },
        {
          message: "Inventory: Failed to send the inventory report to the management point (0x80040231)",
          fields: { hresult: "0x80040231" },
        },
      ],
      evidence: "3p",
    },
    {
      id: "inventoryagent.send-failed",
      kind: "inventory.report.failed",
      severity: "error",
      match: "Failed to send",
      samples: [
        { message: "Inventory: Failed to send report." },
        { message: "Inventory: Failed to send report, will retry later" },
      ],
      evidence: "3p",
    },
    {
      id: "inventoryagent.cycle-failed",
      kind: "inventory.cycle.failed",
      severity: "error",
      match: "Cycle failed",
      samples: [{ message: "Inventory: Cycle failed" }, { message: "Inventory: Cycle failed with error 0x80041001" }],
      evidence: "inferred",
    },
    {
      id: "inventoryagent.report-sent",
      kind: "inventory.report.sent",
      match: "sent report",
      samples: [
        {
          message:
            "Inventory: Successfully sent report. Destination:mp:MP_HinvEndpoint, ID: {A1B2C3D4-0000-4000-8000-000000000001}, Timeout: 80640 minutes MsgMode: Signed, Not Encrypted",
        },
        { message: "Inventory: Successfully sent report" },
      ],
      evidence: "3p",
    },
    // --- cycle
    {
      id: "inventoryagent.cycle-completed-seconds",
      kind: "inventory.cycle.completed",
      match: "Cycle completed in {duration:word} seconds",
      fields: { durationUnit: "seconds" },
      samples: [
        {
          message: "Inventory: Cycle completed in 12.345 seconds",
          fields: { duration: "12.345", durationUnit: "seconds" },
        },
        { message: "Inventory: Cycle completed in 3.2 seconds.", fields: { duration: "3.2", durationUnit: "seconds" } },
      ],
      evidence: "3p",
    },
    {
      id: "inventoryagent.cycle-completed",
      kind: "inventory.cycle.completed",
      match: "Cycle completed",
      samples: [{ message: "Inventory: Cycle completed" }, { message: "Inventory: Cycle completed in 00:00:12" }],
      evidence: "3p",
    },
    {
      id: "inventoryagent.action-completed",
      kind: "inventory.action.completed",
      match: "Action completed",
      samples: [{ message: "Inventory: Action completed." }, { message: "Inventory: Action completed" }],
      evidence: "3p",
    },
    {
      id: "inventoryagent.end-of-processing",
      kind: "inventory.processing.ended",
      match: "End of message processing",
      samples: [
        { message: "Inventory: ***** End of message processing *****" },
        { message: "Inventory: ************************ End of message processing ************************" },
      ],
      evidence: "3p",
    },
    {
      id: "inventoryagent.start-of-processing",
      kind: "inventory.cycle.started",
      match: "Start of message processing",
      samples: [
        { message: "Inventory: ***** Start of message processing *****" },
        { message: "Inventory: ************************ Start of message processing ************************" },
      ],
      evidence: "3p",
    },
    // --- action (what is inventoried, how)
    {
      id: "inventoryagent.action-report-type",
      kind: "inventory.action",
      match: "Action={action:name}, ReportType={reportType:name}",
      samples: [
        {
          message: "Inventory: Action=Hardware, ReportType=Delta",
          fields: { action: "Hardware", reportType: "Delta" },
        },
        {
          message: "Inventory: Action=Software, ReportType=Full, MajorVersion=3, MinorVersion=0",
          fields: { action: "Software", reportType: "Full" },
        },
      ],
      evidence: "3p",
    },
    {
      id: "inventoryagent.action-name",
      kind: "inventory.action",
      match: "Action={action:name}",
      samples: [
        { message: "Inventory: Action=Hardware", fields: { action: "Hardware" } },
        { message: "Inventory: Action=Discovery,ReportType=Resync", fields: { action: "Discovery" } },
      ],
      evidence: "3p",
    },
    {
      id: "inventoryagent.action-hardware",
      kind: "inventory.action",
      match: `action ${HARDWARE}`,
      fields: { action: "Hardware", actionGuid: HARDWARE },
      samples: [
        {
          message: `Inventory: Opening store for action ${HARDWARE} ...`,
          fields: { action: "Hardware", actionGuid: HARDWARE },
        },
        { message: `Inventory: Processing action ${HARDWARE}`, fields: { action: "Hardware", actionGuid: HARDWARE } },
      ],
      evidence: "3p",
    },
    {
      id: "inventoryagent.action-software",
      kind: "inventory.action",
      match: `action ${SOFTWARE}`,
      fields: { action: "Software", actionGuid: SOFTWARE },
      samples: [
        {
          message: `Inventory: Opening store for action ${SOFTWARE} ...`,
          fields: { action: "Software", actionGuid: SOFTWARE },
        },
        { message: `Inventory: Processing action ${SOFTWARE}`, fields: { action: "Software", actionGuid: SOFTWARE } },
      ],
      evidence: "3p",
    },
    {
      id: "inventoryagent.action-discovery",
      kind: "inventory.action",
      match: `action ${DISCOVERY}`,
      fields: { action: "Discovery", actionGuid: DISCOVERY },
      samples: [
        {
          message: `Inventory: Opening store for action ${DISCOVERY} ...`,
          fields: { action: "Discovery", actionGuid: DISCOVERY },
        },
        {
          message: `Inventory: Processing action ${DISCOVERY}`,
          fields: { action: "Discovery", actionGuid: DISCOVERY },
        },
      ],
      evidence: "3p",
    },
    {
      id: "inventoryagent.action-guid",
      kind: "inventory.action",
      match: "action {actionGuid:guid}",
      samples: [
        {
          message: "Inventory: Opening store for action {00000000-0000-0000-0000-000000000010} ...",
          fields: { actionGuid: "{00000000-0000-0000-0000-000000000010}" },
        },
        {
          message: "Inventory: Processing action {A1B2C3D4-1111-2222-3333-444455556666}",
          fields: { actionGuid: "{A1B2C3D4-1111-2222-3333-444455556666}" },
        },
      ],
      evidence: "3p",
    },
    // --- what is collected
    {
      id: "inventoryagent.collection-namespace",
      kind: "inventory.class",
      match: "Namespace = {namespace:path}; Query ={text}FROM {className:name}",
      samples: [
        {
          message: String.raw`Collection: Namespace = \\.\root\cimv2; Query = SELECT __CLASS, __PATH, __RELPATH, Bulletin, ID, QNumbers, Status FROM Win32_PatchState; Timeout = 600 secs.`,
          fields: { namespace: String.raw`\\.\root\cimv2`, className: "Win32_PatchState" },
        },
        {
          message: String.raw`Collection: Namespace = \\localhost\root\cimv2; Query = SELECT * FROM Win32_OperatingSystem; Timeout = 600 secs.`,
          fields: { namespace: String.raw`\\localhost\root\cimv2`, className: "Win32_OperatingSystem" },
        },
      ],
      evidence: "3p",
    },
    {
      id: "inventoryagent.collection-query",
      kind: "inventory.class",
      match: "Query ={text}FROM {className:name}",
      samples: [
        {
          message: "Collection: Query = SELECT * FROM Win32_PatchState; Timeout = 600 secs.",
          fields: { className: "Win32_PatchState" },
        },
        {
          message: "Collection: Namespace=root\\cimv2, Query = SELECT Name FROM Win32_Processor",
          fields: { className: "Win32_Processor" },
        },
      ],
      evidence: "3p",
    },
  ],
};
