import { jsonBatches, LazyList } from "./json-stream.js";
import { createHash } from "node:crypto";
import * as path from "node:path";
import type { Severity } from "../model/event.js";
import { RULES } from "../rules/registry.js";
import type { Rule } from "../rules/types.js";
import type { Evidence, Finding } from "../model/finding.js";
import type { ClientResult, RunResult } from "../model/result.js";
import { wellFormed } from "../text/xml.js";

/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/sarif-v2.1.0-errata01-os-complete.html):
 * one run; the rules come from the registry; one result per finding, for every client of a fleet.
 *
 * Locations: a finding's first evidence line is its location, the others are related locations. URIs are
 * relative to the client's root, named by a uriBaseId per client that `originalUriBaseIds` defines relative to
 * %SRCROOT% (the directory patchflow ran in, deliberately left without a value so the output does not depend on
 * the machine). A finding with no evidence at all (a stage whose log is missing) is located at the client's
 * folder, relative to %SRCROOT%: SARIF would allow no location, but GitHub code scanning shows no result without one,
 * and "the log is missing from this folder" is exactly where the problem is.
 *
 * Fingerprints (`partialFingerprints["patchflow/v1"]`) hash what names the problem and never a line number: rule,
 * message id and values, client, and the first evidence's log name, time and text. Uploading the same logs again,
 * or the same logs after more lines were appended or after the log rotated, gives the same fingerprints (no
 * duplicate alerts); the same failure on another day has another time, so another alert.
 */
export const SARIF_SCHEMA_URI =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const FINGERPRINT_KEY = "patchflow/v1";
const SRCROOT = "%SRCROOT%";

export interface SarifOptions {
  /** The tool's home page, for `tool.driver.informationUri`. */
  informationUri?: string;
  /** The rule registry; the default is every rule patchflow has. */
  rules?: readonly Rule[];
}

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

export function toSarif(result: RunResult, opts: SarifOptions = {}): string {
  return JSON.stringify(sarifLog(result, opts), null, 2) + "\n";
}

/**
 * `toSarif` in pieces of about 32,000 characters, the same text: each finding's result is made as it is written, so a
 * large report holds neither a converted copy of every finding nor the whole text.
 */
export function sarifPieces(result: RunResult, opts: SarifOptions = {}): Iterable<string> {
  // The results sit at runs[0].results: objects are taken apart down to there.
  return jsonBatches(sarifLog(result, opts), 3, 2);
}

function sarifLog(result: RunResult, opts: SarifOptions): object {
  const rules = opts.rules ?? RULES;
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const bases = clientBases(result.clients);
  function* resultsOf(): Generator<object> {
    for (const c of result.clients) {
      const base = bases.get(c)!;
      const seen = new Map<string, number>();
      for (const f of c.diagnosis.findings) {
        const hash = fingerprint(c.client, f);
        const n = (seen.get(hash) ?? 0) + 1;
        seen.set(hash, n);
        const [first, ...more] = f.evidence;
        yield {
          ruleId: f.ruleId,
          ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
          level: LEVEL[f.severity],
          message: { text: text(result.fleet ? `[${c.client}] ${f.message}` : f.message) },
          locations: [first ? evidenceLocation(first, base) : folderLocation(c, base)],
          ...(more.length
            ? { relatedLocations: more.map((e, i) => ({ id: i + 1, ...evidenceLocation(e, base) })) }
            : {}),
          partialFingerprints: { [FINGERPRINT_KEY]: `${hash}:${n}` },
          properties: {
            client: text(c.client),
            stage: f.stage,
            messageId: f.messageId,
            data: textData(f.data),
            remedy: text(f.remedy),
          },
        };
      }
    }
  }
  const notifications = [
    ...result.failedClients.map((f) => ({ level: "error", message: { text: text(`${f.client}: ${f.error}`) } })),
    ...result.clients.flatMap((c) =>
      c.warnings.map((w) => ({ level: "warning", message: { text: text(`${c.client}: ${w}`) } })),
    ),
  ];
  const originalUriBaseIds: Record<string, object> = {
    [SRCROOT]: { description: { text: "The directory patchflow ran in: the input paths are relative to it." } },
  };
  for (const [c, b] of bases)
    if (b.id !== SRCROOT)
      originalUriBaseIds[b.id] = { ...dirLocation(b.dir), description: { text: text(`Logs of ${c.client}`) } };
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            version: result.tool.version,
            semanticVersion: result.tool.version,
            ...(opts.informationUri ? { informationUri: opts.informationUri } : {}),
            rules: rules.map(ruleDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: result.failedClients.length === 0,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        originalUriBaseIds,
        results: new LazyList(resultsOf),
        properties: { fleet: result.fleet, clients: result.clients.map((c) => c.client) },
      },
    ],
  };
  return log;
}

function ruleDescriptor(r: Rule): object {
  const stage = r.stage === "flow" ? "the stage each finding names" : `the ${r.stage} stage`;
  return {
    id: r.id,
    name: r.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, ch: string) => ch.toUpperCase()),
    shortDescription: { text: r.description },
    fullDescription: { text: `${r.description} Reported on ${stage}.` },
    help: { text: r.remedy },
    defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
    properties: { stage: r.stage, tags: ["patchflow", r.stage] },
  };
}

/** Stable identity of a finding: no line numbers, no paths beyond the log's own name. */
function fingerprint(client: string, f: Finding): string {
  const e = f.evidence[0];
  const data = Object.keys(f.data)
    .sort()
    .map((k) => [k, f.data[k]]);
  const anchor = e ? [logName(e.file), e.utc ?? e.local, e.message] : null;
  return createHash("sha256")
    .update(JSON.stringify([f.ruleId, f.messageId, client, data, anchor]))
    .digest("hex")
    .slice(0, 32);
}

/** The log's name, the same before and after SMS rotates it (`execmgr.log` becomes `execmgr.lo_`). */
function logName(file: string): string {
  return path.posix
    .basename(posix(file))
    .toLowerCase()
    .replace(/\.lo_$/, ".log");
}

/** Text any SARIF consumer can decode; JSON.stringify escapes the control characters. */
function text(s: string): string {
  return wellFormed(s);
}

function textData(data: Record<string, string | number>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [text(k), typeof v === "string" ? text(v) : v]));
}

interface Base {
  id: string;
  /** The folder the client's paths are relative to: forward slashes, normalized, no trailing slash. */
  dir: string;
}

function clientBases(clients: ClientResult[]): Map<ClientResult, Base> {
  const out = new Map<ClientResult, Base>();
  const used = new Set<string>([SRCROOT]);
  for (const c of clients) {
    let dir = normalize(c.root);
    // A single log file given as the input is its own root: its folder is the base.
    if (c.files.some((f) => normalize(f.file) === dir)) dir = path.posix.dirname(dir);
    let id = dir === "." ? SRCROOT : `LOGROOT:${c.client}`;
    for (let i = 2; id !== SRCROOT && used.has(id); i++) id = `LOGROOT:${c.client}#${i}`;
    used.add(id);
    out.set(c, { id, dir });
  }
  return out;
}

function evidenceLocation(e: Evidence, base: Base): object {
  return {
    physicalLocation: { artifactLocation: artifactLocation(e.file, base), region: { startLine: Math.max(1, e.line) } },
    message: { text: text(e.message) },
  };
}

function folderLocation(c: ClientResult, base: Base): object {
  return {
    physicalLocation: { artifactLocation: dirLocation(base.dir) },
    message: { text: text(`the logs of ${c.client}`) },
  };
}

function artifactLocation(file: string, base: Base): { uri: string; uriBaseId?: string } {
  const f = normalize(file);
  const rel = under(base.dir, f);
  if (rel !== undefined) return { uri: encodePath(rel), uriBaseId: base.id };
  if (isAbsolute(f)) return { uri: fileUri(f) };
  return { uri: encodePath(f), uriBaseId: SRCROOT };
}

/** A folder as SARIF wants a base: a URI ending in a slash, relative ones resolved against %SRCROOT%. */
function dirLocation(dir: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(dir)) return { uri: fileUri(dir).replace(/\/?$/, "/") };
  return { uri: dir === "." ? "./" : `${encodePath(dir)}/`, uriBaseId: SRCROOT };
}

function under(dir: string, file: string): string | undefined {
  if (dir === ".") return file.startsWith("../") || file === ".." || isAbsolute(file) ? undefined : file;
  if (dir === "/") return file.startsWith("/") ? file.slice(1) : undefined;
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : undefined;
}

function posix(p: string): string {
  return p.replace(/\\/g, "/");
}

function normalize(p: string): string {
  const n = path.posix.normalize(posix(p));
  return n.length > 1 ? n.replace(/\/+$/, "") : n;
}

function isAbsolute(p: string): boolean {
  return p.startsWith("/") || /^[A-Za-z]:\//.test(p);
}

/** Percent-encodes each segment, so spaces, `#`, `%`, `?` and a `:` in the first segment cannot change the URI's meaning. */
function encodePath(p: string): string {
  return p
    .split("/")
    .map((s) => encodeURIComponent(wellFormed(s)))
    .join("/");
}

function fileUri(abs: string): string {
  const drive = /^([A-Za-z]):\//.exec(abs);
  return drive ? `file:///${drive[1]}:${encodePath(abs.slice(2))}` : `file://${encodePath(abs)}`;
}
