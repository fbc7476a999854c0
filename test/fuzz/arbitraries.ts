/**
 * Generators of SMS log text for the property tests (test/lossless.property.test.ts, test/fuzz/properties.test.ts)
 * and the long fuzz run (test/fuzz/run.ts): valid records of every line format, every variant the reference
 * (shared/reference/log-formats.md) describes, damaged and impossible records, hostile characters, random bytes,
 * several encodings, line endings and chunkings. Plain data, no test framework: the fuzz runner imports it too.
 */
import fc from "fast-check";
import { sniffEncoding } from "../../src/input/decode.js";

// --- The basic pieces (first written for test/lossless.property.test.ts, kept as they were). ---

export const word = fc.stringMatching(/^[A-Za-z0-9 .:\\_\-\][<>()'"~$&]{0,40}$/);
export const ccm = fc
  .tuple(word, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 3 }), fc.boolean(), word)
  .map(
    ([msg, h, type, multi, more]) =>
      `<![LOG[${msg}${multi ? `\n${more}\n};` : ""}]LOG]!><time="${h}:05:09.123+300" date="8-14-2006" component="ScanWrapper" context="" type="${type}" thread="12" file="x.cpp:1">`,
  );
export const trace = fc
  .tuple(
    word,
    fc.constantFrom(
      "Fri May 05 10:00:14.466 2000",
      "Tue Nov 04 13:07:27 1997~",
      "08-14-2006 10:00:14.466+300",
      "Fri Dec 10 01:12:40.304 1999 Pacific Standard Time",
    ),
  )
  .map(([msg, t]) => `${msg}~  $$<Hardware Inventory Agent><${t}><thread=175 (0xAF)>`);
export const viewer = word.map((msg) => `${msg}\tHardware Inventory Agent\t4/2/99 1:01:37 AM\t182 (0xB6)\t`);
export const damaged = fc.constantFrom(
  "<![LOG[cut off before the closer",
  `<![LOG[x]LOG]!><time="10:00:00.000+300" date="08-14`,
  "message  $$<Hardware Inventory",
  "  Agent><Fri May 05 10:00:14.466",
  "$$<SMSBOOT1.EXE>",
  '<![LOG[<![LOG[nested]LOG]!><time="1:00:00.000+-420" date="13-45-2006" component="" type="9" thread="99999999999999999999">',
  "",
  "   ",
);
export const junk = fc.uint8Array({ minLength: 1, maxLength: 30 }).map((b) => Buffer.from(b).toString("latin1"));
export const piece = fc.oneof(
  { arbitrary: ccm, weight: 4 },
  { arbitrary: trace, weight: 3 },
  viewer,
  { arbitrary: damaged, weight: 2 },
  word,
  junk,
);
export const eol = fc.constantFrom("\r\n", "\n", "\r");

// --- Richer pieces: every variant, damage and impossible value. ---

/** Characters a terminal or a JSON writer must not take raw. */
export const hostile = fc.constantFrom(
  "\x1b[31m",
  "\x1b[0m",
  "\x1b]0;title\x07",
  "\x1b[2J",
  "\x9b31m",
  "\x07",
  "\x08",
  "\x00",
  "\x7f",
  "\u2028",
  "\u2029",
  "\u202e",
  "\ufeff",
  "\ud83d\ude00",
  "\ud800",
  "\udc00",
  "é",
  "✓",
  "€“”–",
  "\x80\x93\x94\x96",
  "\x1a",
  "\xa0",
  "\t",
  "]",
  "]]",
  "<",
  ">",
  "~",
  "$$<",
  "&",
  '"',
);

/** Message text: ordinary words with the characters that stress the frame grammars mixed in. */
export const message = fc
  .array(
    fc.oneof(
      { arbitrary: word, weight: 4 },
      hostile,
      fc.constantFrom("]LOG]!>", "]LOG]!><", "<![LOG[", '<time="', "$$<A>", "><", "~~", "0x80070005", "KB917344"),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(""));

const digits = (min: number, max: number) => fc.integer({ min, max }).map(String);
const zeroPad = (n: number, w: number) => String(n).padStart(w, "0");

/** `time="HH:MM:SS.fff+bias"` values: valid, impossible, and the broken biases writers produce. */
const ccmClock = fc
  .tuple(
    fc.oneof({ arbitrary: digits(0, 23), weight: 6 }, digits(24, 99), fc.integer({ min: 0, max: 9 }).map(String)),
    fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 59 }).map((n) => zeroPad(n, 2)), weight: 6 },
      fc.constantFrom("60", "99", "5"),
    ),
    fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 59 }).map((n) => zeroPad(n, 2)), weight: 6 },
      fc.constantFrom("60", "61"),
    ),
    fc.oneof(
      { arbitrary: fc.constantFrom(".123", ".1234567", ".000"), weight: 4 },
      fc.constantFrom("", ".1", ".12345678"),
    ),
    fc.oneof(
      { arbitrary: fc.constantFrom("+300", "-60", "-330", "+000", "+420", "+240", "+0"), weight: 6 },
      fc.constantFrom("", "+-420", " 420", "+9999", "-9999", "+", "+42a", "++300"),
    ),
  )
  .map(([h, m, s, f, b]) => `${h}:${m}:${s}${f}${b}`);

/** `date="MM-DD-YYYY"` values, month first, including impossible dates. */
const ccmDate = fc
  .tuple(
    fc.oneof({ arbitrary: fc.integer({ min: 1, max: 12 }), weight: 6 }, fc.constantFrom(0, 13, 99)),
    fc.oneof({ arbitrary: fc.integer({ min: 1, max: 28 }), weight: 6 }, fc.constantFrom(0, 29, 30, 31, 32)),
    fc.oneof({ arbitrary: fc.integer({ min: 1995, max: 2012 }), weight: 6 }, fc.constantFrom(0, 1899, 9999)),
    fc.boolean(),
  )
  .map(([m, d, y, pad]) => `${pad ? zeroPad(m, 2) : m}-${pad ? zeroPad(d, 2) : d}-${zeroPad(y, 4)}`);

const thread = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 65535 }).map(String), weight: 6 },
  fc.constantFrom("4294798339", "4294967295", "4294967296", "99999999999", "99999999999999999999999", "", "0x1A", "-1"),
);

const component = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      "ScanWrapper",
      "SecuritySyncXML",
      "PatchInstall",
      "InventoryAgent",
      "execmgr",
      "PatchUIMonitor",
    ),
    weight: 4,
  },
  fc.constant(""),
  word.map((w) => w.replace(/["\r\n]/g, "")),
);

/** A CCM record with its attributes in any order, some missing, repeated or unknown. */
export const ccmRecord = fc
  .tuple(
    message,
    fc.array(fc.tuple(message, eol), { maxLength: 2 }),
    ccmClock,
    ccmDate,
    component,
    fc.constantFrom("0", "1", "2", "3", "", "9"),
    thread,
    fc.boolean(),
    fc.constantFrom("none", "duplicate", "unknown", "drop-date", "drop-time"),
    fc.constantFrom("", " ", "  "),
  )
  .map(([msg, more, time, date, comp, type, th, shuffle, damage, gap]) => {
    let attrs: Array<[string, string]> = [
      ["time", time],
      ["date", date],
      ["component", comp],
      ["context", ""],
      ["type", type],
      ["thread", th],
      ["file", "scanwrapper.cpp:412"],
    ];
    if (shuffle) attrs = [attrs[3], attrs[2], attrs[0], attrs[6], attrs[1], attrs[5], attrs[4]];
    if (damage === "duplicate") attrs.push(["time", "01:00:00.000+0"], ["component", "Other"]);
    if (damage === "unknown") attrs.push(["severity", "high"]);
    if (damage === "drop-date") attrs = attrs.filter(([k]) => k !== "date");
    if (damage === "drop-time") attrs = attrs.filter(([k]) => k !== "time");
    const body = msg + more.map(([m, nl]) => nl + m).join("");
    return `<![LOG[${body}]LOG]!><${attrs.map(([k, v]) => `${k}="${v}"`).join(gap || " ")}>`;
  });

/** What damage does to a CCM record: cut anywhere, closer or attributes broken. */
export const ccmDamaged = fc
  .tuple(
    ccmRecord,
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.constantFrom("cut", "no-close", "junk-attr", "no-closer"),
  )
  .map(([rec, at, how]) => {
    if (how === "cut") return rec.slice(0, Math.max(1, Math.floor(rec.length * at)));
    if (how === "no-close") return rec.slice(0, -1);
    if (how === "junk-attr") return rec.replace(/ (type|thread)=/, " ??? $1=");
    return rec.replace("]LOG]!>", "]LOG]");
  });

const sms2Stamp = fc
  .tuple(
    fc.constantFrom("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    fc.constantFrom("Jan", "Feb", "May", "Jul", "Nov", "Dec"),
    fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 28 }).map((d) => zeroPad(d, 2)), weight: 4 },
      fc.constantFrom("30", "31", "32", " 4"),
    ),
    fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 23 }).map((h) => zeroPad(h, 2)), weight: 4 },
      fc.constantFrom("25", "7"),
    ),
    fc.constantFrom(".466", ".1", ".1234567", "", ".466"),
    fc.constantFrom("1999", "2000", "2004", "1997"),
    fc.constantFrom("", "", " Pacific Standard Time", " GMT Daylight Time", " Unknown Zone Time", " ", "~"),
  )
  .map(([dn, mn, d, h, f, y, z]) => `${dn} ${mn} ${d} ${h}:00:14${f} ${y}${z}`);

const numericStamp = fc
  .tuple(
    ccmDate,
    fc.constantFrom("10:00:14.466", "25:00:00.000", "9:59:59.1234567", "10:00:14"),
    fc.constantFrom("+300", "-60", "", "+-420", " 420", "+9999"),
  )
  .map(([d, c, b]) => `${d} ${c}${b}`);

const traceThread = fc.oneof(
  {
    arbitrary: fc.integer({ min: 0, max: 65535 }).map((n) => `thread=${n} (0x${n.toString(16).toUpperCase()})`),
    weight: 4,
  },
  fc.constantFrom(
    "thread=4294798339 (0xFFFD6C03)",
    "thread=A0",
    "thread=99999999999999999999 (0x1)",
    "thread=FFFFFFFFFFFF",
    "thread=",
    "thread=12 (0x",
  ),
);

const traceComponent = fc.constantFrom(
  "Hardware Inventory Agent",
  "SMS_SOFTWARE_INVENTORY_PROCESSOR",
  String.raw`C:\WINNT\MS\SMS\CORE\BIN\CLISVCL.EXE`,
  "APM",
  "SMSBOOT1.EXE",
  "",
  "a.b c",
);

/** A `$$<` trace entry: every time form, component-only, escaped, with `~` line breaks. */
export const traceRecord = fc
  .tuple(
    message,
    fc.constantFrom(" ", "  ", "   ", "    ", ""),
    traceComponent,
    fc.oneof(sms2Stamp, numericStamp),
    traceThread,
    fc.constantFrom("full", "full", "full", "component-only", "escaped", "trailing-blank"),
  )
  .map(([msg, sep, comp, stamp, th, how]) => {
    const m = msg.replace(/[\r\n]/g, " ");
    if (how === "component-only") return `${m}${sep}$$<${comp}>`;
    if (how === "escaped") return `${m}${sep}$$&<${comp}&>&<${stamp}&>&<${th}&>`;
    return `${m}~${sep}$$<${comp}><${stamp}><${th}>${how === "trailing-blank" ? "  " : ""}`;
  });

/**
 * A trace entry as a KB article or mail shows it: wrapped near 80 columns (inside the suffix too), as several
 * lines joined by the given line end; or with its suffix cut.
 */
export const tracePasted = fc
  .tuple(
    traceRecord,
    fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 3 }),
    fc.constantFrom("", "  ", "\t"),
    fc.boolean(),
  )
  .map(([rec, cuts, indent, cut]) => {
    if (cut) return rec.slice(0, Math.max(1, rec.length - cuts[0]));
    const at = [...new Set(cuts.map((c) => Math.min(c, rec.length)))].sort((a, b) => a - b);
    const parts: string[] = [];
    let from = 0;
    for (const c of at) {
      parts.push(rec.slice(from, c));
      from = c;
    }
    parts.push(rec.slice(from));
    return parts.filter((p) => p !== "").map((p, i) => (i ? indent + p : p));
  });

/** A line copied out of the trace viewer: TABs or the spaces they became, impossible values. */
export const viewerRecord = fc
  .tuple(
    message,
    fc.constantFrom("\t", " ", "    "),
    fc.oneof(
      { arbitrary: fc.constantFrom("4/2/99", "12/31/2004", "1/1/00"), weight: 4 },
      fc.constantFrom("13/45/99", "2/30/2004"),
    ),
    fc.oneof(
      { arbitrary: fc.constantFrom("12:01:35 AM", "1:01:37 PM", "11:59:59 pm"), weight: 4 },
      fc.constantFrom("13:00:00 AM", "0:61:00 PM"),
    ),
    fc.oneof(
      { arbitrary: fc.constantFrom("182 (0xB6)", "4294798339 (0xFFFD6C03)"), weight: 4 },
      fc.constantFrom("99999999999999999999 (0x1)", "4294967296 (0x100000000)"),
    ),
  )
  .map(
    ([msg, gap, date, time, th]) =>
      `${msg.replace(/[\r\n\t]/g, " ")}${gap}Hardware Inventory Agent${gap}${date}${gap}${time}${gap}${th}${gap}`,
  );

/** Other shapes met inside these logs. */
export const otherLine = fc.constantFrom(
  'STATMSG: ID=2300 SEV=I LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS=SRV SITE=ABC PID=1 TID=2 GMTDATE=Mon Jun 07 23:23:16.472 2004 ISTR0="x"  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:23:16.472 2004 Pacific Daylight Time><thread=2148 (0x864)>',
  "MSI (c) (A0:18): MainEngineThread is returning 1618",
  'instance of CCM_PatchInstall {\r\n\tDateTime = "20071026163549.724000+000";\r\n};',
  "  SCHED DATA  : Return code = 0x80070047;",
  '\ufeff<![LOG[BOM in the middle]LOG]!><time="14:23:45.123+300" date="08-14-2006" component="ScanWrapper" context="" type="1" thread="2236" file="">',
  "\u00ff\u00fex",
  "\u00ef\u00bb\u00bf",
  "x".repeat(1500),
  "<![LOG[" + "long message ".repeat(150) + ']LOG]!><time="14:23:45.123+300" date="08-14-2006" component="A">',
);

/** One piece of a log: a line, or several lines (array) that belong together. */
export const richPiece: fc.Arbitrary<string | string[]> = fc.oneof(
  { arbitrary: ccmRecord, weight: 6 },
  { arbitrary: ccm, weight: 2 },
  { arbitrary: traceRecord, weight: 5 },
  { arbitrary: trace, weight: 1 },
  { arbitrary: tracePasted, weight: 2 },
  { arbitrary: viewerRecord, weight: 2 },
  { arbitrary: viewer, weight: 1 },
  { arbitrary: ccmDamaged, weight: 3 },
  { arbitrary: damaged, weight: 2 },
  { arbitrary: otherLine, weight: 1 },
  { arbitrary: message, weight: 2 },
  { arbitrary: junk, weight: 1 },
);

/** How the text is turned into bytes. */
export type DocEncoding =
  "utf8" | "utf8-bom" | "utf16le-bom" | "utf16le" | "utf16be-bom" | "mixed-1252" | "latin1-bytes";

export interface LogDocument {
  /** The file's bytes. */
  bytes: Buffer;
  encoding: DocEncoding;
}

function encodeLine(s: string, as1252: boolean): Buffer {
  // Windows-1252 only where every character fits in a byte; the reader must then fall back line by line.
  return as1252 && /^[\x00-\xff]*$/.test(s) ? Buffer.from(s, "latin1") : Buffer.from(s, "utf8");
}

/**
 * A whole log file: pieces on lines (sometimes two pieces on one line), one line ending or a mixture, an optional
 * final line ending, an encoding; random bytes in between when the encoding is byte-oriented.
 */
export const logDocument: fc.Arbitrary<LogDocument> = fc
  .record({
    pieces: fc.array(fc.tuple(richPiece, fc.constantFrom("eol", "eol", "eol", "eol", "same-line")), { maxLength: 30 }),
    eol,
    mixedEol: fc.boolean(),
    eols: fc.array(eol, { minLength: 8, maxLength: 8 }),
    trailing: fc.boolean(),
    encoding: fc.constantFrom<DocEncoding>(
      "utf8",
      "utf8",
      "utf8",
      "utf8-bom",
      "utf16le-bom",
      "utf16le",
      "utf16be-bom",
      "mixed-1252",
      "mixed-1252",
      "latin1-bytes",
    ),
    cp1252: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    oddByte: fc.boolean(),
  })
  .map(({ pieces, eol: nl, mixedEol, eols, trailing, encoding, cp1252, oddByte }) => {
    const lines: string[] = [];
    for (const [p, join] of pieces) {
      const parts = typeof p === "string" ? [p] : p;
      parts.forEach((part, i) => {
        if (i === 0 && join === "same-line" && lines.length) lines[lines.length - 1] += part;
        else lines.push(part);
      });
    }
    const text = lines
      .map((l, i) => (i < lines.length - 1 || trailing ? l + (mixedEol ? eols[i % eols.length] : nl) : l))
      .join("");
    let bytes: Buffer;
    switch (encoding) {
      case "utf8":
        bytes = Buffer.from(text, "utf8");
        break;
      case "utf8-bom":
        bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
        break;
      case "utf16le-bom":
        bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
        break;
      case "utf16le":
        bytes = Buffer.from(text, "utf16le");
        break;
      case "utf16be-bom":
        bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
        break;
      case "latin1-bytes":
        bytes = Buffer.from(text, "latin1");
        break;
      case "mixed-1252": {
        // Line by line, keeping each line's own ending.
        const parts = text.split(/(?<=\r\n|\r(?!\n)|\n)/);
        bytes = Buffer.concat(parts.map((l, i) => encodeLine(l, cp1252[i % cp1252.length])));
        break;
      }
    }
    if (oddByte && encoding.startsWith("utf16")) bytes = Buffer.concat([bytes, Buffer.from([0x41])]);
    return { bytes, encoding };
  });

/** How the bytes are read: chunk size of the simulated standard input, and the line limit. */
export const readSettings = fc.record({
  chunk: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: 70_000 })),
  maxLineBytes: fc.constantFrom(1024 * 1024, 1024 * 1024, 1024, 4096),
});

/**
 * Physical lines in a file, counted independently of the reader's line logic (CRLF, LF and lone CR end a line):
 * only the encoding decision (BOM or sniffing) is shared with it. UTF-16 text with an odd byte count has one
 * more line: the dangling byte, reported on a line of its own.
 */
export function expectedLines(bytes: Buffer): number {
  const sniffed = sniffEncoding(bytes.subarray(0, 4096), "auto");
  const body = bytes.subarray(sniffed.bom);
  if (sniffed.encoding === "utf16le" || sniffed.encoding === "utf16be") {
    const even = body.subarray(0, body.length - (body.length % 2));
    const text = new TextDecoder(sniffed.encoding === "utf16le" ? "utf-16le" : "utf-16be", { ignoreBOM: true }).decode(
      even,
    );
    return countText(text) + (body.length % 2);
  }
  return countText(body.toString("latin1"));
}

function countText(text: string): number {
  if (text.length === 0) return 0;
  const breaks = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  return /(?:\r\n|\r|\n)$/.test(text) ? breaks : breaks + 1;
}

/**
 * A document repeated until it is tens to hundreds of KB: the reader's 4 KB sniffing window and its 64 KB pieces
 * are crossed at arbitrary places (a BOM, an odd byte or a cut record may then sit in the middle of the file).
 */
export const largeDocument: fc.Arbitrary<LogDocument> = fc
  .tuple(logDocument, fc.integer({ min: 8_000, max: 300_000 }))
  .filter(([d]) => d.bytes.length > 0)
  .map(([d, size]) => ({
    encoding: d.encoding,
    bytes: Buffer.concat(Array.from({ length: Math.ceil(size / d.bytes.length) }, () => d.bytes)),
  }));
