import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import {
  closeSync,
  cpSync,
  createWriteStream,
  mkdirSync,
  openSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { once } from "node:events";
import yazl from "yazl";
import * as path from "node:path";
import { writeZip } from "../helpers/zip.js";
import { tempDirs } from "../helpers/temp.js";
import { CLI, ndjson, RAW_CONTROL as RAW, ROOT, runCli, SAMPLES, type Run, type RunOptions } from "../helpers/cli.js";
import { lines } from "../helpers/read.js";

// Hostile names, damaged archives and outputs that cannot be written, end to end through the built CLI
// (`dist/src/cli.js`, built by `npm test`): exit code, the message on standard error, and the accounting of lines.
// Failures the operating system gives only without privileges (EIO on a terminal, a full TMPDIR) are injected by
// `inject-failure.mjs`, loaded with `node --import` before the CLI; a full disk is `/dev/full`.

const INJECT = path.join(__dirname, "inject-failure.mjs");
const temp = tempDirs("patchflow-hostile-");

interface CliOptions extends RunOptions {
  /** What to make fail (see inject-failure.mjs). */
  fail?: "stdout-eio" | "spool-enospc";
}

function cli(args: string[], opts: CliOptions = {}): Run {
  const { fail, ...rest } = opts;
  const run = runCli(args, {
    ...rest,
    node: fail ? ["--import", INJECT] : [],
    env: { PATCHFLOW_TEST_FAIL: fail, ...opts.env },
    timeout: 120_000,
  });
  expect(run.signal, `killed (${run.signal}): patchflow ${args.join(" ")}`).toBeNull();
  // Never an internal error, never a stack trace.
  expect(run.err).not.toMatch(/internal error|\n\s+at |node:internal/);
  return run;
}

const CCM = (msg: string, component = "ScanWrapper") =>
  `<![LOG[${msg}]LOG]!><time="14:23:45.123+300" date="08-14-2006" component="${component}" context="" type="1" thread="2236" file="scanwrapper.cpp:412">`;

/** Lines of the reading summary that describe a file (each file exactly one). */
const summaryFileLines = (err: string) => err.split("\n").filter((l) => /: \d+ lines, \d+ bytes/.test(l));

describe("1. folders and files whose names hold line breaks", () => {
  let dir: string;
  const names = [
    "lf\nfolder/ScanWrapper.log",
    "cr\rfolder/execmgr.log",
    "both\r\nfolder/deep\nsub/InventoryAgent.log",
    "plain/file\nname.log",
    "plain/SecuritySyncXML.log",
  ];
  beforeAll(() => {
    dir = temp();
    names.forEach((n, i) => {
      mkdirSync(path.join(dir, path.dirname(n)), { recursive: true });
      writeFileSync(path.join(dir, n), lines(CCM(`first ${i}`), CCM(`second ${i}`)));
    });
  });

  it("parse reads every file, in any folder; each file is one line of the summary, its line break shown as \\x0a or \\x0d", () => {
    // --all-logs: one of the names is a log no stage uses, which a folder would otherwise only list.
    const r = cli(["parse", "--all-logs", "--verbose", "--format", "ndjson", dir]);
    expect(r.code).toBe(0);
    const items = ndjson(r.out);
    const files = new Set(items.map((i) => i.file));
    expect(files.size).toBe(names.length);
    for (const n of names) expect(files.has(`${dir}/${n}`), JSON.stringify(n)).toBe(true);
    expect(items).toHaveLength(2 * names.length);
    expect(summaryFileLines(r.err)).toHaveLength(names.length);
    expect(r.err).toContain("lf\\x0afolder/ScanWrapper.log");
    expect(r.err).toContain("cr\\x0dfolder/execmgr.log");
    expect(r.err).toMatch(/^5 files, 10 records, 0 unparsed spans/m);
    expect(RAW.exec(r.err)).toBeNull();
  });

  it("a fleet whose client folders hold line breaks: every client found", () => {
    const fleet = temp();
    for (const c of ["WKS\n001", "WKS\r002", "WKS003"])
      cpSync(path.join(SAMPLES, "default"), path.join(fleet, c), { recursive: true });
    const r = cli(["diagnose", "--format", "json", "-q", fleet]);
    expect([0, 1]).toContain(r.code);
    const doc = JSON.parse(r.out);
    expect(doc.schema).toBe("patchflow.fleet");
    expect(doc.clients.map((c: { client: string }) => c.client).sort()).toEqual(
      ["WKS\n001", "WKS\r002", "WKS003"].sort(),
    );
  });
});

/** A zip of one log stored as it is (not deflated), so that its bytes can be damaged in place. */
async function storedZip(file: string, name: string, text: string): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(text), name, { compress: false });
  zip.end();
  const out = createWriteStream(file);
  zip.outputStream.pipe(out);
  await once(out, "finish");
}

describe("2. a zip entry whose data does not match its CRC-32", () => {
  const text = lines(CCM("Scan completed one"), CCM("Scan completed two"), CCM("Scan completed three"));

  it("is read (every line accounted for) and reported as damaged; an intact copy is not", async () => {
    const dir = temp();
    const good = path.join(dir, "good.zip");
    const bad = path.join(dir, "bad.zip");
    // Stored as it is, then one byte of the data changed (the CRC-32 recorded stays the old one).
    await storedZip(good, "ScanWrapper.log", text);
    const bytes = readFileSync(good);
    const at = bytes.indexOf("Scan completed two");
    expect(at).toBeGreaterThan(0);
    bytes[at] = "X".charCodeAt(0);
    writeFileSync(bad, bytes);

    const ok = cli(["parse", "--format", "ndjson", good]);
    expect(ok.code).toBe(0);
    expect(ok.err).not.toMatch(/damaged|CRC/);

    const r = cli(["parse", "--verbose", "--format", "ndjson", bad]);
    expect(r.code).toBe(0);
    const items = ndjson(r.out);
    expect(items.map((i) => [i.firstLine, i.kind])).toEqual([
      [1, "record"],
      [2, "record"],
      [3, "record"],
    ]);
    expect(r.err).toMatch(
      /bad\.zip\/ScanWrapper\.log: damaged: its data does not match the CRC-32 the archive recorded for it/,
    );
    expect(r.err).toMatch(/3 lines/);

    const d = cli(["diagnose", "--format", "json", "-q", bad]);
    expect(JSON.parse(d.out).files[0].error).toMatch(/CRC-32/);
  });
});

/**
 * The text of a Markdown document outside its code spans (CommonMark: a run of n backticks opens a span that the
 * next run of exactly n closes; a run without a match is literal).
 */
function outsideCodeSpans(md: string): string {
  let out = "";
  let i = 0;
  while (i < md.length) {
    if (md[i] === "\\" && i + 1 < md.length) {
      out += md.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (md[i] !== "`") {
      out += md[i++];
      continue;
    }
    let n = 0;
    while (md[i + n] === "`") n++;
    let j = i + n;
    let close = -1;
    while (j < md.length) {
      if (md[j] !== "`") {
        j++;
        continue;
      }
      let m = 0;
      while (md[j + m] === "`") m++;
      if (m === n) {
        close = j;
        break;
      }
      j += m;
    }
    if (close < 0) {
      out += md.slice(i, i + n);
      i += n;
    } else i = close + n;
  }
  return out;
}

/** An unescaped `<` outside code spans (but the `<br>` that joins the facts of a table cell): raw HTML. */
const rawHtml = (md: string) => /(^|[^\\])<(?!br>)/m.exec(outsideCodeSpans(md));

describe("3. Markdown carries no raw HTML from names", () => {
  const EVIL = "x`<img src=x onerror=alert(1)>`y";

  it("evidence paths holding backticks are code spans that hold them whole", () => {
    const dir = temp();
    const client = path.join(dir, EVIL);
    cpSync(path.join(SAMPLES, "install-failures"), client, { recursive: true });
    const r = cli(["diagnose", "--format", "markdown", "-q", client]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("<img");
    expect(rawHtml(r.out)).toBeNull();
    // The path is shown whole, in a fence longer than its backticks.
    expect(r.out).toContain(`\`\`${client}/CCM/Logs/PatchInstall.log:9\`\``);
    // The self-check: the same text without the fence would be raw HTML.
    expect(rawHtml(`- \`${client}/CCM/Logs/PatchInstall.log:9\``)).not.toBeNull();
  });

  it("fleet Markdown and the job summary: a client that could not be read is escaped", () => {
    const fleet = temp();
    cpSync(path.join(SAMPLES, "default"), path.join(fleet, "WKS001"), { recursive: true });
    cpSync(path.join(SAMPLES, "install-failures"), path.join(fleet, "WKS002"), { recursive: true });
    writeFileSync(path.join(fleet, "evil<img src=x onerror=alert(1)>.zip"), "PK not really a zip");
    const r = cli(["diagnose", "--format", "markdown", "-q", fleet]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/could not read evil\\<img src=x onerror=alert\(1\)\\>/);
    expect(rawHtml(r.out)).toBeNull();

    const summary = path.join(temp(), "summary.md");
    const g = cli(["diagnose", "--format", "github", "-q", fleet], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(g.code).toBe(1);
    const md = readFileSync(summary, "utf8");
    expect(md).toContain("evil\\<img");
    expect(rawHtml(md)).toBeNull();
  });
});

describe("4. names never drive the terminal", () => {
  // No `/`: the name is one file or folder name.
  const OSC = "\x1b]52;c;SGVsbG8=\x07\x1b[2J\x1b]8;;mailto:x@evil.example\x07\nforged: line";

  it("an entry name with OSC 52, OSC 8, CSI and a line feed, refused by the archive library: its message escaped, on one line", async () => {
    const dir = temp();
    const zip = path.join(dir, "esc.zip");
    const name = `A${OSC}.log`;
    await writeZip(zip, { [name]: lines(CCM("x")) });
    // Made absolute (`/...`) in place, which the archive library refuses, quoting the name in its message.
    const bytes = readFileSync(zip);
    const n = Buffer.from(name);
    let seen = 0;
    for (let i = bytes.indexOf(n); i >= 0; i = bytes.indexOf(n, i + 1), seen++) bytes[i] = "/".charCodeAt(0);
    expect(seen).toBe(2); // local header and central directory
    writeFileSync(zip, bytes);
    const r = cli(["parse", zip]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/esc\.zip: cannot be read \(absolute path: \/\\x1b\]52;c;SGVsbG8=\\x07\\x1b\[2J/);
    expect(RAW.exec(r.err)).toBeNull();
    expect(r.err).not.toMatch(/^forged/m);
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
  });

  it("a readable entry and a file with such names: one summary line each, nothing raw", async () => {
    const dir = temp();
    await writeZip(path.join(dir, "logs.zip"), { [`B${OSC}.log`]: lines(CCM("a"), CCM("b")) });
    writeFileSync(path.join(dir, `C${OSC}.log`), lines(CCM("c")));
    for (const cmd of ["parse", "timeline", "diagnose"]) {
      const r = cli([
        cmd,
        "--all-logs",
        "--verbose",
        "--format",
        "json",
        path.join(dir, "logs.zip"),
        path.join(dir, `C${OSC}.log`),
      ]);
      expect([0, 1], cmd).toContain(r.code);
      expect(RAW.exec(r.err), cmd).toBeNull();
      expect(r.err, cmd).not.toMatch(/^forged/m);
      expect(summaryFileLines(r.err), cmd).toHaveLength(2);
      expect(r.err, cmd).toContain("\\x1b]52;c;SGVsbG8=\\x07");
    }
  });

  it("the fleet report (a client that cannot be read) and the 'nothing to read' list keep each name on its line", () => {
    const fleet = temp();
    for (const c of [`X${OSC}`, "WKS002"])
      cpSync(path.join(SAMPLES, "default"), path.join(fleet, c), { recursive: true });
    writeFileSync(path.join(fleet, `Y${OSC}.zip`), "PK not really a zip");
    // Wide enough that the table's lines are not word-wrapped: a line break there would be the layout's, not a name's.
    const r = cli(["diagnose", "--format", "table", fleet], { env: { FORCE_COLOR: "0", COLUMNS: "1000" } });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^could not read Y\\x1b\]52;c;SGVsbG8=\\x07\\x1b\[2J.*\\x0aforged: line: /m);
    expect(RAW.exec(r.out)).toBeNull();
    expect(RAW.exec(r.err)).toBeNull();
    expect(r.out + r.err).not.toMatch(/^forged/m);

    const dir = temp();
    symlinkSync(`L${OSC}.log`, path.join(dir, `L${OSC}.log`));
    const n = cli(["parse", dir]);
    expect(n.code).toBe(2);
    expect(n.err).toMatch(
      /^patchflow: nothing to read:\n {2}.*L\\x1b\]52;c;SGVsbG8=\\x07.*\\x0aforged: line\.log: link skipped/,
    );
    expect(RAW.exec(n.err)).toBeNull();
    expect(n.err).not.toMatch(/^forged/m);
  });
});

/** Splits CSV text on `sep`, honouring double quotes, into rows of cell texts (quotes removed). */
function splitCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === sep) {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe("5. CSV: no cell a spreadsheet would run, whatever separator it guesses", () => {
  it("messages with separators and formula characters stay one text cell", () => {
    const dir = temp();
    const messages = [
      "x;=cmd|' /C calc'!A0;",
      "=1+1",
      "@SUM(A1)",
      "-2+3",
      "+cmd",
      'a\t=HYPERLINK("http://x")',
      "a|=cmd|b",
      "a,=cmd",
      "tab\tinside",
    ];
    writeFileSync(path.join(dir, "ScanWrapper.log"), lines(...messages.map((m) => CCM(m))));
    const r = cli(["timeline", "--format", "csv", dir]);
    expect(r.code).toBe(0);
    // Read as a spreadsheet would with each separator (a quote opens a quoted cell only at the start of a cell).
    for (const sep of [",", ";", "\t", "|"]) {
      const rows = splitCsv(r.out, sep);
      for (const row of rows) {
        for (const cell of row)
          expect(cell, `separator ${JSON.stringify(sep)}: ${JSON.stringify(row)}`).not.toMatch(/^[=+\-@]/);
      }
    }
    // With the real separator, each message is one cell, a `'` before each formula character that could start one.
    const rows = splitCsv(r.out, ",");
    expect(rows).toHaveLength(messages.length + 1);
    const col = rows[0].indexOf("message");
    expect(rows.slice(1).map((row) => row[col])).toEqual([
      "x;'=cmd|' /C calc'!A0;",
      "'=1+1",
      "'@SUM(A1)",
      "'-2+3",
      "'+cmd",
      'a\t\'=HYPERLINK("http://x")',
      "a|'=cmd|b",
      "a,'=cmd",
      "tab\tinside",
    ]);
    expect(r.out).toContain(`"x;'=cmd|' /C calc'!A0;"`);
    // Without the `'` inside, a `;` spreadsheet would have run it: the check above can fail.
    expect(
      splitCsv(`0,"x;=cmd|' /C calc'!A0;"\r\n`, ";")
        .flat()
        .some((c) => c.startsWith("=")),
    ).toBe(true);
  });
});

describe("6. outputs that cannot be written", () => {
  const DEFAULT = path.join(SAMPLES, "default");
  const FAILING = path.join(SAMPLES, "install-failures");

  it.each([
    ["parse", "ndjson"],
    ["parse", "json"],
    ["timeline", "ndjson"],
    ["timeline", "csv"],
    ["timeline", "table"],
    ["diagnose", "json"],
    ["diagnose", "markdown"],
  ])("%s --format %s -o /dev/full: exit 2, 'no space left', no stack trace", (cmd, format) => {
    const r = cli([cmd, "--format", format, "-o", "/dev/full", "-q", DEFAULT]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("patchflow: cannot write --output /dev/full: no space left on the device (ENOSPC)\n");
  });

  it("standard output on a full disk (ENOSPC): exit 2, also for diagnose with findings and for rules", () => {
    const full = openSync("/dev/full", "w");
    try {
      for (const args of [
        ["parse", "--format", "ndjson", "-q", DEFAULT],
        ["diagnose", "--format", "json", "-q", FAILING],
        ["rules"],
      ]) {
        const r = cli(args, { stdout: full });
        expect(r.code, args.join(" ")).toBe(2);
        expect(r.err).toBe("patchflow: cannot write standard output: no space left on the device (ENOSPC)\n");
      }
    } finally {
      closeSync(full);
    }
  });

  it("standard output failing with EIO (a terminal gone): exit 2, said so", () => {
    for (const args of [
      ["parse", "--format", "ndjson"],
      ["timeline", "--format", "ndjson"],
      ["diagnose", "--format", "json"],
    ]) {
      const r = cli([...args, "-q", FAILING], { fail: "stdout-eio" });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toBe("patchflow: cannot write standard output: input/output error (EIO)\n");
    }
  });

  it("a reader that goes away (EPIPE) is not an error: the exit code says what the findings say", () => {
    const dir = temp();
    writeFileSync(
      path.join(dir, "ScanWrapper.log"),
      lines(...Array.from({ length: 20_000 }, (_, i) => CCM(`Scan step ${i} completed`))),
    );
    for (const [args, code] of [
      [["timeline", "--format", "ndjson", dir], 0],
      [["parse", "--format", "ndjson", dir], 0],
      [["diagnose", "--format", "json", FAILING], 1],
    ] as const) {
      const r = spawnSync(
        "bash",
        [
          "-c",
          `"${process.execPath}" "${CLI}" ${args.map((a) => `'${a}'`).join(" ")} -q | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}" >&2`,
        ],
        { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
      );
      expect(r.stderr.trim(), args.join(" ")).toBe(String(code));
    }
  });

  it("an unwritable $GITHUB_STEP_SUMMARY: the annotations are still printed, a warning says the summary is missing, the exit code is the findings'", () => {
    for (const summary of ["/dev/full", temp()]) {
      const r = cli(["diagnose", "--format", "github", FAILING], { env: { GITHUB_STEP_SUMMARY: summary } });
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/^::error file=.*PatchInstall\.log,line=9,title=install-patch-failed::/m);
      expect(r.err).toMatch(
        new RegExp(
          `^warning: cannot write the job summary to \\$GITHUB_STEP_SUMMARY \\(${summary.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\): (no space left on the device \\(ENOSPC\\)|is a folder \\(EISDIR\\)); the annotations are printed`,
          "m",
        ),
      );
    }
  });

  describe("the timeline's temporary file", () => {
    let dir: string;
    beforeAll(() => {
      // Enough serialized events (about 50 MB) that the timeline's spool goes to its temporary file.
      dir = temp();
      const pad = "x".repeat(4000);
      writeFileSync(
        path.join(dir, "ScanWrapper.log"),
        lines(...Array.from({ length: 12_000 }, (_, i) => CCM(`Scan step ${i} ${pad}`))),
      );
    });

    it("TMPDIR that is not a folder: exit 2, the temporary file and TMPDIR named, nothing written", () => {
      const notFolder = path.join(temp(), "file");
      writeFileSync(notFolder, "");
      const r = cli(["timeline", "--format", "ndjson", "-q", dir], { env: { TMPDIR: notFolder } });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(
        new RegExp(
          `^patchflow: cannot create the temporary file that holds the timeline's events .* in ${notFolder}: a part of the path is not a folder \\(ENOTDIR\\)\\. Set TMPDIR`,
        ),
      );
      expect(r.out).toBe("");
    });

    it("a full TMPDIR (ENOSPC on its writes, injected): exit 2, said so", () => {
      const r = cli(["timeline", "--format", "csv", "-q", "-j", "1", dir], { fail: "spool-enospc" });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(
        /^patchflow: cannot write the temporary file that holds the timeline's events .*: no space left on the device \(ENOSPC\)\. Set TMPDIR/,
      );
      expect(r.out).toBe("");
    });
  });
});

describe("7. archive bombs", () => {
  it("many entries each just under 1 MiB (the per-entry ratio check's floor): refused as a whole, quickly, exit 2", async () => {
    const dir = temp();
    const zip = path.join(dir, "many.zip");
    const entry = Buffer.from(lines(CCM("Scan completed")).repeat(Math.floor((1024 * 1024 - 1) / 160)));
    expect(entry.length).toBeLessThan(1024 * 1024);
    await writeZip(zip, Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`c${i}/ScanWrapper.log`, entry])));
    for (const cmd of ["parse", "diagnose"]) {
      const r = cli([cmd, zip]);
      expect(r.code, cmd).toBe(2);
      expect(r.err, cmd).toMatch(
        /many\.zip: its entries would expand to more than [\d.]+ MiB, over 200 times the archive's own [\d.]+ MiB \(the ratio limit\)\. The archive is refused as a whole; it may be an archive bomb\./,
      );
      expect(r.out, cmd).toBe("");
    }
  });

  it("an entry holding more than it declares: reading stops at what it declares, said so", async () => {
    const dir = temp();
    const zip = path.join(dir, "lie.zip");
    const content = lines(...Array.from({ length: 5000 }, () => CCM("Scan completed")));
    await writeZip(zip, { "ScanWrapper.log": content });
    // The central directory (what is read) declares 2,000 bytes instead of the real size.
    const bytes = readFileSync(zip);
    const cd = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(bytes.readUInt32LE(cd + 24)).toBe(Buffer.byteLength(content));
    bytes.writeUInt32LE(2000, cd + 24);
    writeFileSync(zip, bytes);
    const r = cli(["parse", "--format", "ndjson", zip]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /lie\.zip\/ScanWrapper\.log: too many bytes in the stream\. expected 2000\. .*the entry holds more than the archive declares for it, and reading stopped there/,
    );
  });
});

describe("11. settings and inputs that make no sense: exit 2, a clear message", () => {
  const DEFAULT = path.join(SAMPLES, "default");

  it.each(["100000", "65", "0", "-1", "1.5", "abc"])("--jobs %s", (jobs) => {
    for (const cmd of ["parse", "timeline", "diagnose", "updates"]) {
      const r = cli([cmd, "--format", "json", "-q", "--jobs", jobs, DEFAULT]);
      expect(r.code, cmd).toBe(2);
      expect(r.err, cmd).toMatch(/^patchflow: --jobs \S+: give a whole number from 1 to 64\n/);
      expect(r.out).toBe("");
    }
  });

  it("--jobs 64 is accepted", () => {
    expect(cli(["timeline", "--format", "ndjson", "-q", "--jobs", "64", DEFAULT]).code).toBe(0);
  });

  it.each([
    ['"abc"', '"abc"'],
    ["{}", "{}"],
    ["true", "true"],
    ['"1e400"', '"1e400"'],
    ["1e400", "Infinity"],
    ["-1", "-1"],
    ["null", "null"],
  ])("config maxSyncAgeDays: %s", (value, shown) => {
    const file = path.join(temp(), "config.json");
    writeFileSync(file, `{"maxSyncAgeDays": ${value}}`);
    const r = cli(["diagnose", "--format", "json", "-q", "--config", file, DEFAULT]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `patchflow: --config ${file}: maxSyncAgeDays ${shown}: give a number of days from 0 to 36500\n`,
    );
  });

  it.each(["NaN", "abc", "1e400", "-3"])("--max-sync-age-days and --max-catalog-age-days %s", (value) => {
    for (const opt of ["--max-sync-age-days", "--max-catalog-age-days"]) {
      const r = cli(["diagnose", "--format", "json", "-q", opt, value, DEFAULT]);
      expect(r.code, opt).toBe(2);
      expect(r.err, opt).toMatch(new RegExp(`^patchflow: ${opt} \\S+: give a number of days from 0 to 36500\\n`));
    }
  });

  it("a valid age still changes the verdict (the check is not a switch-off)", () => {
    const file = path.join(temp(), "config.json");
    writeFileSync(file, `{"maxSyncAgeDays": 0.5}`);
    const r = cli([
      "diagnose",
      "--format",
      "json",
      "-q",
      "--config",
      file,
      "--now",
      "2030-01-01",
      path.join(SAMPLES, "default"),
    ]);
    expect([0, 1]).toContain(r.code);
    expect(JSON.parse(r.out).findings.map((f: { ruleId: string }) => f.ruleId)).toContain("sync-too-old");
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])(
    'config {"rules": {"%s": "off"}} is an unknown rule, like any other',
    (id) => {
      const file = path.join(temp(), "config.json");
      writeFileSync(file, `{"rules": {"${id}": "off"}}`);
      const r = cli(["diagnose", "--format", "json", "-q", "--config", file, DEFAULT]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`patchflow: config rules: "${id}": no such rule (see 'patchflow rules')`);
      const opt = cli(["diagnose", "--format", "json", "-q", "--rule", `${id}=off`, DEFAULT]);
      expect(opt.code).toBe(2);
    },
  );

  it("standard input that is a folder: exit 2, said so, for every command", () => {
    const dir = temp();
    for (const cmd of ["parse", "timeline", "diagnose"]) {
      const fd = openSync(dir, "r");
      try {
        const r = cli([cmd, "--format", "json", "-"], { stdin: fd });
        expect(r.code, cmd).toBe(2);
        expect(r.err, cmd).toContain("standard input (-): is a folder, not a file; give the folder as a path instead");
        expect(r.out).toBe("");
      } finally {
        closeSync(fd);
      }
    }
  });

  it("standard input that is a file or a pipe is still read", () => {
    const r = cli(["parse", "--format", "ndjson", "-"], { input: lines(CCM("piped")) });
    expect(r.code).toBe(0);
    expect(ndjson(r.out).map((i) => i.firstLine)).toEqual([1]);
  });
});
