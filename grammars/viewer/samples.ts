import type { GrammarSample, ParsedTime } from "../../src/model/frame.js";

/** Local time fields as read from a viewer copy (no fraction, low confidence). */
function at(date: string, clock: string): Partial<ParsedTime> {
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute, second] = clock.split(":").map(Number);
  return { year, month, day, hour, minute, second, fraction: "", lowConfidence: true };
}

const HINV = "Hardware Inventory Agent";

/** Real lines copied exactly from /work/shared/real-excerpts; synthetic lines for the other variants. */
export const viewerSamples: GrammarSample[] = [
  {
    // source: hinv32-Q225507.txt (real TABs; each line ends with a TAB)
    name: "real hinv32-Q225507: trace viewer copy with TABs, 2-digit year, 12 AM",
    text: [
      "  CLASS - Process Class: Win32_NetworkAdapterConfiguration  \tHardware Inventory Agent\t4/2/99 12:01:35 AM\t182 (0xB6)\t",
      "  CLASS - Process Class: Win32_NetworkClient  \tHardware Inventory Agent\t4/2/99 12:01:36 AM\t182 (0xB6)\t",
      "  INSTANCE WARNING - Enumeration Timeout  \tHardware Inventory Agent\t4/2/99 1:01:37 AM\t182 (0xB6)\t",
      "  CLASS - Process Class: Win32_OperatingSystem  \tHardware Inventory Agent\t4/2/99 1:01:37 AM\t182 (0xB6)\t",
    ].join("\n"),
    records: [
      {
        format: "viewer",
        message: "  CLASS - Process Class: Win32_NetworkAdapterConfiguration",
        component: HINV,
        time: at("1999-04-02", "00:01:35"),
        thread: 182,
        type: null,
        flags: [],
      },
      {
        format: "viewer",
        message: "  CLASS - Process Class: Win32_NetworkClient",
        component: HINV,
        time: at("1999-04-02", "00:01:36"),
        thread: 182,
      },
      {
        format: "viewer",
        message: "  INSTANCE WARNING - Enumeration Timeout",
        component: HINV,
        time: at("1999-04-02", "01:01:37"),
        thread: 182,
      },
      {
        format: "viewer",
        message: "  CLASS - Process Class: Win32_OperatingSystem",
        time: at("1999-04-02", "01:01:37"),
      },
    ],
  },
  {
    name: "TABs turned into spaces: message and component merge",
    text: "  CLASS - Process Class: Win32_NetworkClient    Hardware Inventory Agent    4/2/99 12:01:36 AM    182 (0xB6)    \r\n",
    records: [
      {
        format: "viewer",
        message: "  CLASS - Process Class: Win32_NetworkClient    Hardware Inventory Agent",
        component: null,
        time: at("1999-04-02", "00:01:36"),
        thread: 182,
        flags: ["fields-merged"],
      },
    ],
  },
  {
    name: "4-digit year, 12 PM and 11 PM, 2-digit year 05, Windows 9x thread",
    text:
      "Advertisement received\tAPM\t12/31/2003 12:30:00 PM\t4294798339 (0xFFFD6C03)\t\n" +
      "Program started\tAPM\t1/5/05 11:05:09 PM\t1512 (0x5E8)\t\n",
    records: [
      {
        format: "viewer",
        message: "Advertisement received",
        component: "APM",
        time: at("2003-12-31", "12:30:00"),
        thread: 4294798339,
      },
      {
        format: "viewer",
        message: "Program started",
        component: "APM",
        time: at("2005-01-05", "23:05:09"),
        thread: 1512,
      },
    ],
  },
  {
    name: "a line without the viewer columns stays plain",
    text: "  ...\n",
    records: [{ format: "plain", message: "  ...", time: null, component: null, thread: null, flags: [] }],
  },
];
