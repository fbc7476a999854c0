import type { MessageCatalog } from "../../src/model/catalog.js";

/**
 * Hinv32.log: the SMS 2.0 / Legacy Client hardware inventory agent (`$$<Hardware Inventory Agent>`).
 * Every pattern is published phrasing (`seen`): the excerpts in shared/real-excerpts (KB Q225507, Q262242, Q302354)
 * and other Knowledge Base articles named next to the pattern. Specific patterns come before general ones.
 */
export const hinv32Catalog: MessageCatalog = {
  logs: ["Hinv32"],
  components: ["Hardware Inventory Agent"],
  patterns: [
    {
      // Q302354
      id: "hinv32.module-initialized",
      kind: "inventory.module.initialized",
      match: "Logging initialized for module {module:path}",
      samples: [
        {
          message: '======= Logging initialized for module "Hardware Inventory Agent" =======',
          fields: { module: "Hardware Inventory Agent" },
        },
      ],
      evidence: "seen",
    },
    {
      // Q302354
      id: "hinv32.cycle-started",
      kind: "inventory.cycle.started",
      match: "Hardware Inventory Agent cycle started",
      samples: [
        { message: "Hardware Inventory Agent cycle started ..... !  " },
        { message: "Hardware Inventory Agent cycle started ..... !" },
      ],
      evidence: "seen",
    },
    {
      // Q302354
      id: "hinv32.cycle-completed",
      kind: "inventory.cycle.completed",
      match: "Hardware Inventory Agent completed in {duration:duration}",
      samples: [
        {
          message: "Hardware Inventory Agent completed in 00 hours, 00 mins, 42 secs !  ",
          fields: { duration: "00 hours, 00 mins, 42 secs" },
        },
        {
          message: "Hardware Inventory Agent completed in 01 hours, 12 mins, 05 secs !",
          fields: { duration: "01 hours, 12 mins, 05 secs" },
        },
      ],
      evidence: "seen",
    },
    {
      // The same line when the duration is not in the usual form.
      id: "hinv32.cycle-completed-other",
      kind: "inventory.cycle.completed",
      match: "Hardware Inventory Agent completed",
      samples: [{ message: "Hardware Inventory Agent completed in 42 seconds !" }],
      evidence: "seen",
    },
    {
      // Q225507, Q262242, Q279441
      id: "hinv32.class",
      kind: "inventory.class",
      match: "Process Class: {className:name}",
      samples: [
        {
          message: "CLASS - Process Class: Win32_NetworkAdapterConfiguration  ",
          fields: { className: "Win32_NetworkAdapterConfiguration" },
        },
        { message: "CLASS - Process Class: Win32_NTLogEvent", fields: { className: "Win32_NTLogEvent" } },
        { message: "CLASS - Process Class: Win32_PatchState", fields: { className: "Win32_PatchState" } },
      ],
      evidence: "seen",
    },
    {
      // Q262242, Q298686
      id: "hinv32.property-max-length",
      kind: "inventory.property.truncated",
      severity: "warning",
      match: "Unable to return all values of property {property:name} of {className:name}",
      samples: [
        {
          message:
            "WARNING - Unable to return all values of property Sources of Win32_NTEventlogFile, max length reached !!",
          fields: { property: "Sources", className: "Win32_NTEventlogFile" },
          severity: "warning",
        },
        {
          message:
            "WARNING - Unable to return all values of property IPAddress of Win32_NetworkAdapterConfiguration, max length reached !!",
          fields: { property: "IPAddress", className: "Win32_NetworkAdapterConfiguration" },
        },
      ],
      evidence: "seen",
    },
    {
      // Q279441: the message ends in a period, which the class name must not keep.
      id: "hinv32.truncate-attribute",
      kind: "inventory.property.truncated",
      severity: "warning",
      match: "Truncate attribute {property:name} of {className:name}.",
      samples: [
        {
          message: "WARNING - Truncate attribute VariableValue of Win32_Environment.",
          fields: { property: "VariableValue", className: "Win32_Environment" },
          severity: "warning",
        },
      ],
      evidence: "seen",
    },
    {
      id: "hinv32.truncate-attribute-other",
      kind: "inventory.property.truncated",
      severity: "warning",
      match: "Truncate attribute",
      samples: [
        { message: "WARNING - Truncate attribute VariableValue of Win32_Environment" },
        { message: "WARNING - Truncate attribute" },
      ],
      evidence: "seen",
    },
    {
      // Q262242
      id: "hinv32.property-skipped",
      kind: "inventory.property.skipped",
      severity: "warning",
      match: "Property {property:name} of {className:name} has been skipped",
      samples: [
        {
          message:
            "WARNING - Property EventIdentifier of Win32_NTLogEvent has been skipped. Integer 2147490648 is too large !!",
          fields: { property: "EventIdentifier", className: "Win32_NTLogEvent" },
          severity: "warning",
        },
      ],
      evidence: "seen",
    },
    {
      // Q225507
      id: "hinv32.enumeration-timeout",
      kind: "inventory.enumeration.timeout",
      severity: "warning",
      match: "Enumeration Timeout",
      samples: [{ message: "INSTANCE WARNING - Enumeration Timeout  ", severity: "warning" }],
      evidence: "seen",
    },
    {
      // Q269411
      id: "hinv32.cycle-info-failed",
      kind: "inventory.cycle-info.failed",
      severity: "warning",
      match: "Failed to update new cycle info",
      samples: [{ message: "WARNING 1 - Failed to update new cycle info !!!", severity: "warning" }],
      evidence: "seen",
    },
    {
      // Q237495: an error line that names the MOF (MofComp, Sms_def.mof) is a MOF compilation failure.
      id: "hinv32.mof-error",
      kind: "inventory.mof.failed",
      severity: "error",
      match: "ERROR {code:code} -{text}MOF",
      samples: [
        { message: "ERROR 2 - Failed to run MofComp !", fields: { code: 2 }, severity: "error" },
        {
          message: String.raw`ERROR 3 - Failed to compile C:\WINNT\MS\SMS\Sitefile\ABC\Hinv\Sms_def.mof !`,
          fields: { code: 3 },
        },
      ],
      evidence: "seen",
    },
    {
      // Q237495
      id: "hinv32.mof-syntax",
      kind: "inventory.mof.failed",
      severity: "error",
      match: "Error Syntax {code:hex}",
      samples: [{ message: "Error Syntax 0X007F", fields: { code: 0x7f }, severity: "error" }],
      evidence: "seen",
    },
    {
      // Q269411, Q289552
      id: "hinv32.error",
      kind: "inventory.error",
      severity: "error",
      match: "ERROR {code:code} -",
      samples: [
        { message: "ERROR 1 - Cannot get schedule for previous cycle !!", fields: { code: 1 }, severity: "error" },
        { message: "ERROR 1018 - Cannot UnRegister Inventory Agent On Event", fields: { code: 1018 } },
      ],
      evidence: "seen",
    },
    {
      // Q302354; Q235742 quotes it without the angle brackets.
      id: "hinv32.exception-banner",
      kind: "inventory.exception",
      severity: "error",
      match: "EXCEPTION EXCEPTION EXCEPTION",
      samples: [
        { message: "<<<<<<<<<<<<< EXCEPTION EXCEPTION EXCEPTION >>>>>>>>>>>>> ", severity: "error" },
        { message: "EXCEPTION EXCEPTION EXCEPTION" },
      ],
      evidence: "seen",
    },
    {
      // Q302354, Q235742
      id: "hinv32.cliexcept",
      kind: "inventory.exception",
      severity: "error",
      match: "CLIEXCEPT",
      samples: [
        {
          message: "<<CLIEXCEPT>> A fatal exception occurred in THIS THREAD. Information follows:\n",
          severity: "error",
        },
        { message: 'CLIEXCEPT Exception Type : 0xc0000005" CLIEXCEPT Exception Address : 0x408f56"' },
      ],
      evidence: "seen",
    },
    {
      // Q235742 (the line without its <<CLIEXCEPT>> prefix)
      id: "hinv32.exception-raised",
      kind: "inventory.exception",
      severity: "error",
      match: "An exception was raised in the application",
      samples: [
        { message: "An exception was raised in the application 'Hardware Inventory Agent'", severity: "error" },
      ],
      evidence: "seen",
    },
  ],
};
