import type { CodeInfo, PatchEvent } from "../../model/event.js";
import type { LogId } from "../../model/logs.js";
import type { Run } from "../../model/run.js";
import { stageOfProgram, timeOf, type RuleContext } from "../context.js";

/**
 * Facts about catalog syncs shared by the sync rules and by the scan rules that compare a scan's catalog with the
 * sync's. (Candidates for `context.ts` once more rules need them.)
 */

/** Which catalog a log or a scan deals with: the security catalog (mssecure) or the Office one (invcif/invcm). */
export type CatalogKind = "security" | "office";

export function kindOfSyncLog(log: LogId): CatalogKind {
  return log === "OfficeSyncXML" ? "office" : "security";
}

export const KIND_NAME: Record<CatalogKind, string> = { security: "security", office: "Office" };

function utcDay(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1990 || y > 2100) return undefined;
  return Date.UTC(y, m - 1, d);
}

/**
 * A catalog date as the logs write it (`2006-08-08`, `2006-07-11 17:30`, `8/8/2006`, `08-08-2006`, `08.08.2006`)
 * as ms at 00:00 UTC of that day; undefined when it cannot be read. Slashes and dashes before the year are read
 * month first (US, like SMS's own CCM dates), dots day first.
 */
export function parseCatalogDate(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  let m = /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(text);
  if (m) return utcDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^\s*(\d{1,2})([-/.])(\d{1,2})\2(\d{4})/.exec(text);
  if (m)
    return m[2] === "."
      ? utcDay(Number(m[4]), Number(m[3]), Number(m[1]))
      : utcDay(Number(m[4]), Number(m[1]), Number(m[3]));
  return undefined;
}

/** Sync runs by the seq of each of their events. */
export function runBySeq(runs: readonly Run[]): Map<number, Run> {
  const out = new Map<number, Run>();
  for (const r of runs) for (const s of r.events) out.set(s, r);
  return out;
}

/**
 * One step of a log's history as the incident rules walk it: a run (a sync `Run`, a `Scan`), or a failure line that
 * belongs to no run.
 */
export interface Unit<T> {
  /** seq of `first`. */
  seq: number;
  /** The run's start line (else its first line), or the lone line. */
  first: PatchEvent;
  events: PatchEvent[];
  /** The run; undefined for a lone line. */
  run?: T;
}

/**
 * Units as lists, one per log file, each in file order: each run given, and each of the lone lines given that belongs
 * to no run.
 */
export function unitsByFile<T>(
  runs: ReadonlyArray<{ file: string; first: PatchEvent; events: PatchEvent[]; run: T }>,
  lone: PatchEvent[],
): Unit<T>[][] {
  // Which of the lone lines a run holds (a set of those, not of every line of every run).
  const loneSeqs = new Set<number>();
  for (const e of lone) loneSeqs.add(e.seq);
  const inRun = new Set<number>();
  for (const r of runs) for (const e of r.events) if (loneSeqs.has(e.seq)) inRun.add(e.seq);
  const units = new Map<string, Unit<T>[]>();
  const add = (file: string, u: Unit<T>): void => {
    const list = units.get(file);
    if (list) list.push(u);
    else units.set(file, [u]);
  };
  for (const r of runs) add(r.file, { seq: r.first.seq, first: r.first, events: r.events, run: r.run });
  for (const e of lone) if (!inRun.has(e.seq)) add(e.file, { seq: e.seq, first: e, events: [e] });
  return [...units.values()].map((list) => list.sort((a, b) => a.seq - b.seq));
}

/** The sync logs' units: each sync run, and each line of the given failure kinds that belongs to no run. */
export function syncUnits(ctx: RuleContext, failureKinds: string[]): Unit<Run>[][] {
  const runs = ctx
    .runsOf("sync")
    .map((r) => ({ file: r.file, first: ctx.firstEvent(r), events: r.events.map((s) => ctx.event(s)), run: r }));
  return unitsByFile(runs, ctx.ofKind(...failureKinds));
}

/** One sync run seen as a catalog download: what catalog it ended up with and whether the download worked. */
export interface SyncDownload {
  kind: CatalogKind;
  run: Run | undefined;
  /** The line that states the catalog date (catalog.version, else catalog.unchanged). */
  event: PatchEvent;
  dateText: string;
  /** ms at 00:00 UTC of the catalog date. */
  date: number;
  /** The run said the catalog is unchanged since the last sync. */
  unchanged: PatchEvent | undefined;
  /** The run failed to download, extract or store the catalog, so the package source does not have it. */
  failed: boolean;
  time: number | undefined;
}

const DOWNLOAD_FAILURES = new Set(["catalog.download.failed", "catalog.extract.failed", "target.access.failed"]);

/** Every catalog a sync run stated, one per run (events outside a run count on their own), in timeline order. */
export function syncDownloads(ctx: RuleContext): SyncDownload[] {
  const runs = ctx.runsOf("sync");
  const bySeq = runBySeq(runs);
  const out: SyncDownload[] = [];
  const seen = new Map<Run, SyncDownload>();
  for (const e of ctx.ofKind("catalog.version", "catalog.unchanged")) {
    if (e.stage !== "sync") continue;
    const date = parseCatalogDate(e.fields.catalogDate);
    const run = bySeq.get(e.seq);
    const prev = run ? seen.get(run) : undefined;
    if (prev) {
      if (e.kind === "catalog.unchanged") prev.unchanged = e;
      if (date !== undefined && e.kind === "catalog.version") {
        prev.event = e;
        prev.date = date;
        prev.dateText = String(e.fields.catalogDate);
      }
      continue;
    }
    if (date === undefined) continue;
    const failed = run ? run.events.some((s) => DOWNLOAD_FAILURES.has(ctx.event(s).kind)) : false;
    const d: SyncDownload = {
      kind: kindOfSyncLog(e.log),
      run,
      event: e,
      dateText: String(e.fields.catalogDate),
      date,
      unchanged: e.kind === "catalog.unchanged" ? e : undefined,
      failed,
      time: timeOf(e),
    };
    out.push(d);
    if (run) seen.set(run, d);
  }
  return out;
}

/** HTTP errors come as a status (`HTTP status 407`) or as an HRESULT (`0x80190197`): one key for both. */
function normalKey(c: CodeInfo): string {
  if (c.system === "hresult" && c.value >>> 16 === 0x8019) return `http:${c.value & 0xffff}`;
  return `${c.system}:${c.value}`;
}

/**
 * `HTTP 407 / 0x80190197: Proxy Authentication Required (the proxy needs ...)`: each code once (an HTTP status and
 * its HRESULT count as one), `; ` between; past `MAX_CODES` codes, how many more there are.
 */
export function explainCodes(events: PatchEvent[]): string {
  const byKey = new Map<string, { labels: string[]; info: CodeInfo }>();
  for (const e of events) {
    for (const c of (e.fields.codes ?? []) as CodeInfo[]) {
      const key = normalKey(c);
      const label = c.system === "http" ? `HTTP ${c.code}` : c.code;
      const prev = byKey.get(key);
      if (!prev) byKey.set(key, { labels: [label], info: c });
      else {
        if (!prev.labels.includes(label)) prev.labels.push(label);
        if (!prev.info.meaning && c.meaning) prev.info = c;
      }
    }
  }
  const all = [...byKey.values()];
  const shown = all.slice(0, MAX_CODES).map(({ labels, info }) => describeCode(info, labels.join(" / ")));
  const more = all.length - shown.length;
  if (more > 0) shown.push(`and ${more} other code${more === 1 ? "" : "s"}`);
  return shown.join("; ");
}

/**
 * Codes a message explains, at most: the lines of a long incident may name hundreds of codes (a different HRESULT
 * on each), and a sentence that lists them all is read by no one. The rest are counted.
 */
export const MAX_CODES = 8;

export function describeCode(c: CodeInfo, label = c.system === "http" ? `HTTP ${c.code}` : c.code): string {
  if (!c.meaning) return `${label} (no explanation known for this code)`;
  return `${label}: ${c.meaning}${c.cause ? ` (${c.cause})` : ""}`;
}

/** A stable key for the codes of some events, so that repeated failures with the same codes group together. */
export function codeKey(events: PatchEvent[]): string {
  const keys = new Set<string>();
  for (const e of events) for (const c of (e.fields.codes ?? []) as CodeInfo[]) keys.add(normalKey(c));
  return [...keys].sort().join(",");
}

/** The SyncXML command line parts an administrator needs to rerun it by hand, from the newest line that names them. */
export interface SyncCommand {
  site: string;
  code: string;
  target: string;
  package: string;
  /** "the computer's own account (the program runs in Admin context)" or "the logged-on user's account". */
  account: string;
}

function arg(text: string, name: string): string | undefined {
  const m = new RegExp(String.raw`/${name}\s+("[^"]+"|\S+)`, "i").exec(text);
  return m ? m[1].replace(/^"|"$/g, "") : undefined;
}

export function syncCommand(ctx: RuleContext, kind: CatalogKind = "security"): SyncCommand {
  const out: SyncCommand = {
    site: "<siteserver>",
    code: "<sitecode>",
    target: String.raw`\\<synchost>\<share>\${kind === "office" ? "OfficePatch" : "SecurityPatch"}\PkgSource`,
    package: "<packageID>",
    account: "the account the Sync program runs as",
  };
  const execs = ctx
    .ofKind("execution.program.started", "execution.program.command")
    .filter((e) => stageOfProgram(e.fields.program) === "sync");
  const starts = ctx.ofKind("sync.started").filter((e) => kindOfSyncLog(e.log) === kind);
  // Newest first: the sync's own start lines of this catalog, then the execution log's command lines.
  const texts = [
    ...starts.map((e) => e.message).reverse(),
    ...execs.map((e) => `${String(e.fields.program ?? "")} ${String(e.fields.arguments ?? "")} ${e.message}`).reverse(),
  ];
  for (const t of texts) {
    const site = arg(t, "site");
    if (!site) continue;
    out.site = site;
    out.code = arg(t, "code") ?? out.code;
    out.target = arg(t, "target") ?? out.target;
    out.package = arg(t, "package") ?? out.package;
    break;
  }
  const ctxs = execs.map((e) => e.fields.context).filter((c): c is string => typeof c === "string");
  const last = ctxs[ctxs.length - 1]?.toLowerCase();
  if (last === "admin" || last === "service" || last === "system")
    out.account =
      "the computer's own account (SYSTEM: the Sync program runs with administrative rights, not as the logged-on user)";
  else if (last === "user") out.account = "the logged-on user's account (the Sync program runs in User context)";
  return out;
}

/** Median of numbers (undefined for none). */
export function median(xs: number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Evidence lists are capped so a finding stays readable. */
export const MAX_EVIDENCE = 10;

export function cap(events: PatchEvent[]): PatchEvent[] {
  const seen = new Set<number>();
  const out: PatchEvent[] = [];
  for (const e of events) {
    if (seen.has(e.seq)) continue;
    seen.add(e.seq);
    out.push(e);
    if (out.length >= MAX_EVIDENCE) break;
  }
  return out;
}

/** One step of a run history: a failure with a key (same key = same incident), or a success that ends the incident. */
export type Step<T> = { fail: true; key: string; item: T } | { fail: false; item?: undefined };

export interface Incident<T> {
  key: string;
  items: T[];
  /** A success came after the last failure of the incident. */
  recovered: boolean;
}

/**
 * Groups consecutive failures with the same key into incidents. A success closes the incident as recovered; a
 * failure with another key closes it unrecovered and starts the next.
 */
export function incidents<T>(steps: Step<T>[]): Incident<T>[] {
  const out: Incident<T>[] = [];
  const walk = incidentWalk<T>((inc) => out.push(inc));
  for (const s of steps) walk.step(s);
  walk.end();
  return out;
}

/**
 * `incidents` one step at a time, without a list of the steps: each incident is handed to `closed` as soon as it is
 * closed (by a success, a failure with another key, or the end), in the order `incidents` lists them.
 */
export function incidentWalk<T>(closed: (inc: Incident<T>) => void): { step(s: Step<T>): void; end(): void } {
  let cur: Incident<T> | undefined;
  return {
    step(s) {
      if (!s.fail) {
        if (cur) {
          cur.recovered = true;
          closed(cur);
        }
        cur = undefined;
        return;
      }
      if (cur && cur.key === s.key) {
        cur.items.push(s.item);
        return;
      }
      if (cur) closed(cur);
      cur = { key: s.key, items: [s.item], recovered: false };
    },
    end() {
      if (cur) closed(cur);
      cur = undefined;
    },
  };
}

/** `on 2006-08-13 02:00` or `in 3 runs from 2006-08-13 02:00 to 2006-08-27 02:00`. */
export function incidentSpan(
  ctx: RuleContext,
  first: PatchEvent,
  last: PatchEvent,
  count: number,
  noun: string,
): string {
  return count === 1 ? `on ${ctx.when(first)}` : `in ${count} ${noun} from ${ctx.when(first)} to ${ctx.when(last)}`;
}
