import type { GrammarSample } from "../../src/model/frame.js";

const ATTRS =
  'time="14:23:45.123+300" date="08-14-2006" component="ScanWrapper" context="" type="1" thread="2236" file="scanwrapper.cpp:412"';

/** A one-line record with the usual attributes and the given time value. */
function withTime(message: string, time: string): string {
  return `<![LOG[${message}]LOG]!><time="${time}" date="08-14-2006" component="ScanWrapper" context="" type="1" thread="2236" file="scanwrapper.cpp:412">`;
}

const plain = `<![LOG[Scan complete]LOG]!><${ATTRS}>\r\n`;

const wmiDump =
  "<![LOG[Raising event:\r\n" +
  "[SMS_CodePage(437), SMS_LocaleID(1033)]\r\n" +
  "instance of SoftDistDownloadStartedEvent\r\n" +
  "{\r\n" +
  '\tClientID = "GUID:F5EC9167-62AB-43BB-870E-4F40A720AB52";\r\n' +
  "\r\n" +
  '\tDateTime = "20071026163549.724000+000";\r\n' +
  "};\r\n" +
  `]LOG]!><time="16:35:49.724+000" date="10-26-2007" component="ContentAccess" context="" type="1" thread="5348" file="cas.cpp:1123">\r\n`;

// real-excerpts/smsts-msdocs-peercache.txt, line 9: the Markdown source line as published (list marker and italics around the record).
const smsts =
  String.raw`-   *<![LOG[Downloaded file from http:// <SourceServerName\>:8003/SCCM_BranchCache$/SS10000C/sccm?/install.wim to C:\\_SMSTaskSequence\Packages\SS10000C\install.wim ]LOG]!><time="14:24:33.329+420" date="06-26-2015" component="ApplyOperatingSystem" context="" type="1" thread="1256" file="downloadcontent.cpp:1626">*  ` +
  "\n";

const recordA = `<![LOG[First]LOG]!><${ATTRS}>`;
const recordB = `<![LOG[Second]LOG]!><${ATTRS}>`;
const traceLine =
  "CLASS - Process Class: Win32_Processor  $$<Hardware Inventory Agent><Fri May 05 10:00:14.466 2000><thread=175 (0xAF)>";
const foreignText = `${recordA}\r\n${traceLine}\r\nPlain text pasted between records\r\n\r\n${recordB}\r\n`;

const cutMessage = "<![LOG[Cut off message\r\nwith a second line";
const truncatedMiddle = `${recordA}\r\n${cutMessage}\r\n${recordB}\r\n`;

const cutAttributes = '<![LOG[Attributes cut]LOG]!><time="14:23:45.123+300" date="08-14-2006" comp';
const attributesCut = `${cutAttributes}\r\n${recordB}\r\n`;

const unreadable = '<![LOG[Unreadable]LOG]!><time="14:23:45.123+300" ?? date="08-14-2006" type="1">';
const attributesMalformed = `${unreadable}\r\n${recordB}\r\n`;

const neverClosed = `${recordA}\r\n<![LOG[Never closed\r\nstill the message\r\n`;

const lineEndings = `${recordA}\r${recordB}\nplain text\r${recordA}`;

function end(text: string, fragment: string): number {
  return text.indexOf(fragment) + fragment.length;
}

export const samples: GrammarSample[] = [
  {
    name: "plain single-line record",
    text: plain,
    records: [
      {
        start: 0,
        end: plain.length - 2,
        format: "ccm",
        message: "Scan complete",
        component: "ScanWrapper",
        thread: 2236,
        type: 1,
        sourceFile: "scanwrapper.cpp:412",
        time: { year: 2006, month: 8, day: 14, hour: 14, minute: 23, second: 45, fraction: "123", bias: 300 },
        flags: [],
      },
    ],
    foreign: [],
  },
  {
    name: "one-digit hour, month and day; empty file attribute",
    text: '<![LOG[Early]LOG]!><time="9:05:07.250+300" date="8-4-2006" component="PatchInstall" context="" type="1" thread="12" file="">\r\n',
    records: [
      {
        message: "Early",
        component: "PatchInstall",
        thread: 12,
        time: { year: 2006, month: 8, day: 4, hour: 9, minute: 5, second: 7, fraction: "250", bias: 300 },
        flags: [],
      },
    ],
  },
  {
    name: "seven-digit fraction",
    text: withTime("Precise", "14:23:45.1234567+300") + "\r\n",
    records: [{ time: { hour: 14, minute: 23, second: 45, fraction: "1234567", bias: 300 }, flags: [] }],
  },
  {
    name: "negative bias (India)",
    text: withTime("India", "10:00:00.000-330") + "\r\n",
    records: [{ time: { hour: 10, fraction: "000", bias: -330 }, flags: [] }],
  },
  {
    name: "zero bias",
    text: withTime("UTC", "10:00:00.000+000") + "\r\n",
    records: [{ time: { bias: 0 }, flags: [] }],
  },
  {
    name: "no fraction",
    text: withTime("Coarse", "14:23:45+300") + "\r\n",
    records: [{ time: { second: 45, fraction: "", bias: 300 }, flags: ["no-fraction"] }],
  },
  {
    name: "bias missing after a seven-digit fraction",
    text: withTime("No bias", "14:23:45.1234567") + "\r\n",
    records: [{ message: "No bias", time: { fraction: "1234567", bias: null }, flags: ["bias-missing"] }],
  },
  {
    name: "bias written with two signs",
    text: withTime("Two signs", "14:23:45.123+-420") + "\r\n",
    records: [{ message: "Two signs", time: { fraction: "123", bias: null }, flags: ["bias-malformed"] }],
  },
  {
    name: "space instead of the bias sign",
    text: withTime("Space sign", "14:23:45.123 420") + "\r\n",
    records: [{ message: "Space sign", time: { fraction: "123", bias: null }, flags: ["bias-malformed"] }],
  },
  {
    name: "attributes in another order, context set",
    text: '<![LOG[Reordered]LOG]!><thread="77" type="2" component="OfficeSyncXML" date="08-14-2006" time="14:23:45.123+300" file="sync.cpp:9" context="System">\r\n',
    records: [
      {
        message: "Reordered",
        component: "OfficeSyncXML",
        context: "System",
        sourceFile: "sync.cpp:9",
        thread: 77,
        type: 2,
        time: { year: 2006, month: 8, day: 14, hour: 14, minute: 23, second: 45, fraction: "123", bias: 300 },
        flags: [],
      },
    ],
  },
  {
    name: "multi-line WMI instance dump with a blank line inside",
    text: wmiDump,
    records: [
      {
        start: 0,
        end: wmiDump.length - 2,
        message:
          "Raising event:\r\n[SMS_CodePage(437), SMS_LocaleID(1033)]\r\ninstance of SoftDistDownloadStartedEvent\r\n{\r\n" +
          '\tClientID = "GUID:F5EC9167-62AB-43BB-870E-4F40A720AB52";\r\n\r\n\tDateTime = "20071026163549.724000+000";\r\n};\r\n',
        component: "ContentAccess",
        thread: 5348,
        time: { year: 2007, month: 10, day: 26, hour: 16, minute: 35, second: 49, fraction: "724", bias: 0 },
        flags: [],
      },
    ],
    foreign: [],
  },
  {
    name: "message ending in ']' right before the closer",
    text: withTime("Update title [Revision: 4]", "14:23:45.123+300") + "\r\n",
    records: [{ message: "Update title [Revision: 4]", flags: [] }],
  },
  {
    name: "message containing '<', ']' and a closer not followed by an attribute",
    text: withTime("if a[1] < b] then <i>]LOG]!><b>not the end</b>]LOG]!> still", "14:23:45.123+300") + "\r\n",
    records: [{ message: "if a[1] < b] then <i>]LOG]!><b>not the end</b>]LOG]!> still", flags: [] }],
  },
  {
    name: "smsts.log line published as Markdown (text around the record)",
    text: smsts,
    records: [
      {
        start: 5,
        end: smsts.length - 4,
        message: String.raw`Downloaded file from http:// <SourceServerName\>:8003/SCCM_BranchCache$/SS10000C/sccm?/install.wim to C:\\_SMSTaskSequence\Packages\SS10000C\install.wim `,
        component: "ApplyOperatingSystem",
        thread: 1256,
        type: 1,
        sourceFile: "downloadcontent.cpp:1626",
        time: { year: 2015, month: 6, day: 26, hour: 14, minute: 24, second: 33, fraction: "329", bias: 420 },
        flags: ["surrounding-text"],
      },
    ],
    foreign: [],
  },
  {
    name: "trace line, plain text and a blank line between records are foreign",
    text: foreignText,
    records: [{ message: "First" }, { message: "Second" }],
    foreign: [`${traceLine}\r\nPlain text pasted between records\r\n\r\n`],
  },
  {
    name: "record cut off in the middle, followed by a good record",
    text: truncatedMiddle,
    records: [{ message: "First" }, { message: "Second", start: truncatedMiddle.indexOf(recordB) }],
    issues: [{ start: recordA.length + 2, end: end(truncatedMiddle, cutMessage), reason: "truncated" }],
    foreign: [],
  },
  {
    name: "message never closed before the end of the text",
    text: neverClosed,
    records: [{ message: "First" }],
    issues: [{ start: recordA.length + 2, end: neverClosed.length - 2, reason: "truncated" }],
    foreign: [],
  },
  {
    name: "attribute list cut off at the end of its line",
    text: attributesCut,
    records: [{ message: "Second" }],
    issues: [{ start: 0, end: cutAttributes.length, reason: "truncated" }],
    foreign: [],
  },
  {
    name: "attribute list that cannot be read",
    text: attributesMalformed,
    records: [{ message: "Second" }],
    issues: [{ start: 0, end: unreadable.length, reason: "malformed" }],
    foreign: [],
  },
  {
    name: "nested opener: the record that closes wins",
    text: `<![LOG[<![LOG[Inner wins]LOG]!><${ATTRS}>\r\n`,
    records: [{ start: 7, message: "Inner wins", flags: ["surrounding-text"] }],
    issues: [],
    foreign: [],
  },
  {
    name: "duplicated attribute: the first value wins",
    text: '<![LOG[Twice]LOG]!><time="14:23:45.123+300" date="08-14-2006" component="ScanWrapper" type="1" type="3" thread="2236">\r\n',
    records: [{ type: 1, flags: ["attribute-duplicated"] }],
  },
  {
    name: "unknown attribute",
    text: `<![LOG[Extra]LOG]!><${ATTRS} severity="high">\r\n`,
    records: [{ message: "Extra", component: "ScanWrapper", flags: ["attribute-unknown"] }],
  },
  {
    name: "error record",
    text: '<![LOG[Scan failed with error 0x80004005]LOG]!><time="14:23:45.123+300" date="08-14-2006" component="ScanWrapper" context="" type="3" thread="2236" file="scanwrapper.cpp:500">\r\n',
    records: [{ type: 3, message: "Scan failed with error 0x80004005", flags: [] }],
  },
  {
    name: "hexadecimal thread and missing time",
    text: '<![LOG[Odd]LOG]!><component="ScanWrapper" type="1" thread="0x8BC">\r\n',
    records: [{ thread: null, time: null, flags: ["thread-invalid", "time-missing"] }],
  },
  {
    name: "lone CR and lone LF line endings",
    text: lineEndings,
    records: [
      { start: 0, end: recordA.length, message: "First" },
      { start: recordA.length + 1, message: "Second" },
      { start: lineEndings.length - recordA.length, end: lineEndings.length, message: "First" },
    ],
    foreign: ["plain text\r"],
  },
];
