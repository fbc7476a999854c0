import type { PatchEvent } from "../../model/event.js";
import type { Run } from "../../model/run.js";
import type { Timeline } from "../../model/timeline.js";
import { explainCode } from "../../events/codes.js";
import { RuleContext, timeOf } from "../context.js";
import { LOCAL, showWallTime, type TimeConvention } from "../../time/show.js";
import type { Evidence } from "../../model/finding.js";
import { KeptStrings } from "../../text/kept.js";
import { EvidenceTable, PlainEvidence } from "./evidence.js";
import { inventoryCycles, isHardware, succeeded, cycleStart, type Cycle } from "./cycles.js";
import { scans as scanRuns, type Scan } from "./scans.js";
import { hasLines } from "./signals.js";
import { renamesFound, resolutions } from "./restart.js";
import { compareKeys } from "../../text/keys.js";
import {
  UPDATES_SCHEMA,
  UPDATE_STATES,
  type ClientUpdates,
  type StepOutcome,
  type UpdateState,
  type UpdateStep,
  type UpdateStory,
} from "../../model/updates.js";

const KB_RE = /\b(KB|Q)(\d{6,7})\b/i;
const BULLETIN_RE = /\bMS(\d{2})-(\d{3})\b/i;
const ALREADY_RE = /\balready (present|installed)\b/i;

function kbOf(e: PatchEvent): string | undefined {
  if (typeof e.fields.kb === "string") return e.fields.kb.toUpperCase();
  const m = KB_RE.exec(e.message);
  return m ? `${m[1].toUpperCase()}${m[2]}` : undefined;
}

function bulletinOf(e: PatchEvent): string | undefined {
  if (typeof e.fields.bulletin === "string") return e.fields.bulletin.toUpperCase();
  const m = BULLETIN_RE.exec(e.message);
  return m ? `MS${m[1]}-${m[2]}` : undefined;
}

/**
 * A time in a chain's text, in the convention the chains are built for (`--tz`; under `local` the wall-clock time the
 * log wrote, with no offset: `2006-08-10 16:02`); an untimed line is named by its log and line.
 */
function fullTime(e: PatchEvent, tz: TimeConvention): string {
  if (!e.time.local && !e.time.utc) return `${e.file.split(/[\\/]/).pop()}:${e.line} (no time)`;
  return showWallTime(e.time.utc, e.time.local, tz);
}

interface Observation {
  state: "applicable" | "installed" | "not applicable";
  event: PatchEvent;
  scan?: Scan;
  written: boolean;
  doneAt?: number;
}

interface Attempt {
  event: PatchEvent;
  /** undefined: started, no exit code logged. */
  code?: number;
  already?: boolean;
  run?: Run;
}

interface Facts {
  kb?: string;
  bulletin?: string;
  title?: string;
  observations: Observation[];
  named: PatchEvent[];
  attempts: Attempt[];
}

const SCAN_STATE: Record<string, Observation["state"]> = {
  "scan.patch.applicable": "applicable",
  "scan.patch.installed": "installed",
  "scan.patch.not-applicable": "not applicable",
};

/** The install lines an update's attempts are read from. */
const INSTALL_KINDS = new Set(["install.patch.started", "install.patch.exit", "install.message"]);

const STATE_WORD: Record<Observation["state"], string> = {
  applicable: "Applicable",
  installed: "Installed",
  "not applicable": "Not Applicable",
};

function attemptOk(a: Attempt): boolean {
  return a.already === true || a.code === 0 || a.code === 1641 || a.code === 3010;
}

/**
 * The chains depend on the timeline alone (its events, runs and the logs they come from) and on the time convention
 * their texts are worded in, never on the other rule options, so they are kept per timeline and convention: the rule
 * that rests on them and the reporters share one computation.
 */
const cache = new WeakMap<readonly PatchEvent[], Map<string, ClientUpdates>>();

/** The update chains of one client's timeline, their texts' times in the convention given (`--tz`). */
export function clientUpdates(tl: Pick<Timeline, "events" | "runs">, tz: TimeConvention = LOCAL): ClientUpdates {
  const cached = cache.get(tl.events)?.get(tz.label);
  return plainUpdates(cached ?? updatesOf(contextOf(tl, tz)));
}

/**
 * The chains' evidence made plain copies, in place (see `PlainEvidence`; shared with the client's findings when
 * given): chains that outlive their timeline's spill file, or cross threads, hold plain evidence only.
 */
export function plainUpdates(u: ClientUpdates, evidence = new PlainEvidence()): ClientUpdates {
  for (const story of u.updates) {
    story.evidence = evidence.all(story.evidence);
    for (const step of story.steps) step.evidence = evidence.all(step.evidence);
  }
  return u;
}

/** A rule context of the timeline for the chains alone (they read no rule option but the convention). */
function contextOf(tl: Pick<Timeline, "events" | "runs">, tz: TimeConvention): RuleContext {
  const logs = new Set<PatchEvent["log"]>();
  for (const e of tl.events) logs.add(e.log);
  return new RuleContext(tl.events, tl.runs, logs, { now: 0, maxSyncAgeDays: 8, maxCatalogAgeDays: 45, tz });
}

/**
 * The update chains of one client's timeline for its result, which holds them from then on: the chains a rule
 * computed are taken out of the cache rather than kept as long as the timeline (a caller may keep the timeline).
 * Their evidence reads the timeline's events until `plainUpdates` makes it plain.
 */
export function takeUpdates(tl: Pick<Timeline, "events" | "runs">, tz: TimeConvention = LOCAL): ClientUpdates {
  const byTz = cache.get(tl.events);
  const cached = byTz?.get(tz.label);
  if (!byTz || !cached) return build(contextOf(tl, tz));
  byTz.delete(tz.label);
  if (byTz.size === 0) cache.delete(tl.events);
  return cached;
}

/** The update chains of the timeline a rule context reads, in its convention, computed once per timeline. */
export function updatesOf(ctx: RuleContext): ClientUpdates {
  let byTz = cache.get(ctx.events);
  if (!byTz) cache.set(ctx.events, (byTz = new Map()));
  let u = byTz.get(ctx.tz.label);
  if (!u) {
    u = build(ctx);
    byTz.set(ctx.tz.label, u);
  }
  return u;
}

function build(ctx: RuleContext): ClientUpdates {
  const scanList = scanRuns(ctx);
  // The scan and the install run of the lines read below (not of every line of every run).
  const scanOfSeq = new Map<number, Scan>();
  for (const s of scanList) for (const seq of s.run.events) if (SCAN_STATE[ctx.event(seq).kind]) scanOfSeq.set(seq, s);
  const installRuns = ctx.runsOf("install");
  const installRunOf = new Map<number, Run>();
  for (const r of installRuns)
    for (const seq of r.events) if (INSTALL_KINDS.has(ctx.event(seq).kind)) installRunOf.set(seq, r);

  // Bulletins named alongside a KB anywhere: a line naming only the bulletin joins that KB.
  const kbOfBulletin = new Map<string, string>();
  for (const e of ctx.events) {
    if (e.stage !== "scan" && e.stage !== "install") continue;
    const kb = typeof e.fields.kb === "string" ? e.fields.kb.toUpperCase() : undefined;
    const b = typeof e.fields.bulletin === "string" ? e.fields.bulletin.toUpperCase() : undefined;
    if (kb && b && !kbOfBulletin.has(b)) kbOfBulletin.set(b, kb);
  }
  const facts = new Map<string, Facts>();
  const factsFor = (e: PatchEvent): Facts | undefined => {
    let kb = kbOf(e);
    const b = bulletinOf(e);
    if (!kb && b) kb = kbOfBulletin.get(b);
    const key = kb ?? b;
    if (!key) return undefined;
    let f = facts.get(key);
    if (!f) facts.set(key, (f = { observations: [], named: [], attempts: [] }));
    f.kb ??= kb;
    f.bulletin ??= b;
    if (typeof e.fields.title === "string" && !f.title) f.title = e.fields.title;
    return f;
  };

  for (const e of ctx.events) {
    const state = SCAN_STATE[e.kind];
    if (state) {
      const f = factsFor(e);
      if (!f) continue;
      const scan = scanOfSeq.get(e.seq);
      const written = scan ? scan.result === "success" && !scan.events.some((x) => x.kind === "scan.wmi.failed") : true;
      f.observations.push({ state, event: e, scan, written, doneAt: scan ? timeOf(scan.last) : timeOf(e) });
      continue;
    }
    if (e.stage !== "install") continue;
    if (
      e.kind === "install.patch.started" ||
      e.kind === "install.patch.exit" ||
      (e.kind === "install.message" && ALREADY_RE.test(e.message))
    ) {
      const f = factsFor(e);
      if (!f) continue;
      f.named.push(e);
      const run = installRunOf.get(e.seq);
      if (e.kind === "install.patch.exit" && typeof e.fields.exitCode === "number") {
        // The exit closes the attempt its start line opened.
        const open = f.attempts.findIndex((a) => a.code === undefined && !a.already && a.run === run);
        if (open >= 0) f.attempts.splice(open, 1);
        f.attempts.push({ event: e, code: e.fields.exitCode, run });
      } else if (e.kind === "install.patch.started") f.attempts.push({ event: e, run });
      else f.attempts.push({ event: e, already: true, run });
    }
  }

  const cycles = inventoryCycles(ctx).filter((c) => isHardware(c) && succeeded(c));
  const resolved = resolutions(ctx);
  const logs: Logs = {
    scan: hasLines(ctx, "scan"),
    install: hasLines(ctx, "install"),
    inventory: hasLines(ctx, "inventory"),
  };
  const stories: UpdateStory[] = [];
  // What the chains keep: one evidence object per line however often it is cited, and flat texts.
  const strings = new KeptStrings();
  const table = new EvidenceTable();
  const evidenceOf = (e: PatchEvent): Evidence => table.of(e);
  for (const [key, f] of facts) {
    stories.push(story(ctx, logs, key, f, cycles, resolved, installRuns, evidenceOf, strings));
    ctx.pacer.pace();
  }
  const rank = (s: UpdateState) => UPDATE_STATES.indexOf(s);
  stories.sort((a, b) => rank(a.state) - rank(b.state) || compareKeys(a.key, b.key));
  return {
    schema: UPDATES_SCHEMA.name,
    version: UPDATES_SCHEMA.version,
    scanLogs: logs.scan,
    installLogs: logs.install,
    inventoryLogs: logs.inventory,
    updates: stories,
  };
}

/** The step with its line's time; `step` is a new object of the caller's, completed in place rather than copied. */
function stepAt(e: PatchEvent, step: Omit<UpdateStep, "utc" | "local">): UpdateStep {
  const done = step as UpdateStep;
  // The time object is made again on each read of `time`: read once.
  const t = e.time;
  done.utc = t.utc;
  done.local = t.local;
  return done;
}

interface Group {
  state: Observation["state"];
  written: boolean;
  items: Observation[];
}

/** Which logs were read (a missing log is no evidence). */
interface Logs {
  scan: boolean;
  install: boolean;
  inventory: boolean;
}

function story(
  ctx: RuleContext,
  logs: Logs,
  key: string,
  f: Facts,
  cycles: Cycle[],
  resolved: Array<{ seq: number; event: PatchEvent }>,
  installRuns: readonly Run[],
  evidenceOf: (e: PatchEvent) => Evidence,
  strings: KeptStrings,
): UpdateStory {
  const tz = ctx.tz;
  const steps: Array<{ seq: number; step: UpdateStep }> = [];
  const add = (seq: number, step: UpdateStep) => steps.push({ seq, step });

  // --- scans: consecutive reports of the same state are one step
  const groups: Group[] = [];
  // An install attempt between two scans splits their group: the scan after it is a rescan.
  const attemptSeqs = f.attempts.map((a) => a.event.seq);
  for (const o of f.observations) {
    const g = groups[groups.length - 1];
    const prev = g?.items[g.items.length - 1].event.seq ?? -1;
    if (g && g.state === o.state && g.written === o.written && !attemptSeqs.some((x) => x > prev && x < o.event.seq))
      g.items.push(o);
    else groups.push({ state: o.state, written: o.written, items: [o] });
  }
  const first = f.observations[0];
  const catalog = first?.scan?.catalog;
  if (catalog && typeof catalog.fields.catalogDate === "string") {
    const date = catalog.fields.catalogDate;
    add(
      catalog.seq,
      stepAt(catalog, {
        step: "catalog",
        label: `catalog ${date.slice(0, 10)}`,
        catalogDate: date,
        outcome: "info",
        text: `First reported by a scan with the catalog dated ${date} (the bulletin's release date is not in the logs).`,
        evidence: [evidenceOf(catalog)],
      }),
    );
  }
  for (const g of groups) {
    const a = g.items[0].event;
    const z = g.items[g.items.length - 1].event;
    const n = g.items.length;
    const word = STATE_WORD[g.state];
    add(
      a.seq,
      stepAt(a, {
        step: "scan",
        scanState: g.state,
        scans: n,
        written: g.written,
        label: `${word}${n > 1 ? ` ×${n}` : ""}${g.written ? "" : " (not written)"}`,
        outcome: !g.written ? "failed" : g.state === "applicable" ? "warning" : "ok",
        text: `${n > 1 ? `${n} scans from ${fullTime(a, tz)} to ${fullTime(z, tz)}` : `The scan on ${fullTime(a, tz)}`} reported it ${word}${g.written ? "" : ", but the scan failed and its results did not reach WMI (Win32_PatchState)"}.`,
        evidence: (n > 1 ? [a, z] : [a]).map(evidenceOf),
      }),
    );
  }

  // --- install: authorized (first named in a PatchInstall run), attempts, restarts
  const okAttempts = f.attempts.filter(attemptOk);
  if (f.named.length) {
    const e = f.named[0];
    const run = f.attempts.find((x) => x.event === e || x.event.seq >= e.seq)?.run;
    const auth = run
      ? run.events.map((s) => ctx.event(s)).find((x) => x.kind === "install.authorization.loaded")
      : undefined;
    add(
      e.seq - 0.5,
      stepAt(auth ?? e, {
        step: "authorized",
        label: "authorized",
        outcome: "info",
        text: `Named in a PatchInstall run on ${fullTime(e, tz)}: the update is in the client's authorization list.`,
        evidence: (auth ? [auth, e] : [e]).map(evidenceOf),
      }),
    );
  }
  for (const at of f.attempts) {
    const e = at.event;
    if (at.already) {
      add(
        e.seq,
        stepAt(e, {
          step: "install",
          label: "already present",
          outcome: "ok",
          text: `PatchInstall found it already present on ${fullTime(e, tz)} and skipped it.`,
          evidence: [evidenceOf(e)],
        }),
      );
      continue;
    }
    if (at.code === undefined) {
      add(
        e.seq,
        stepAt(e, {
          step: "install",
          label: "started, no exit",
          outcome: "warning",
          text: `PatchInstall started it on ${fullTime(e, tz)}; no exit code was logged for it.`,
          evidence: [evidenceOf(e)],
        }),
      );
      continue;
    }
    const info = explainCode("msi", at.code);
    const outcome: StepOutcome = at.code === 0 || at.code === 1641 ? "ok" : at.code === 3010 ? "warning" : "failed";
    add(
      e.seq,
      stepAt(e, {
        step: "install",
        label: `exit ${at.code}`,
        exitCode: at.code,
        meaning: info.meaning,
        outcome,
        text: `Install on ${fullTime(e, tz)}: exit code ${at.code}${info.meaning ? ` (${info.meaning})` : " (no explanation known for this code)"}.`,
        evidence: [evidenceOf(e)],
      }),
    );
    if (at.code === 3010) {
      const r = resolved.find((x) => x.seq > e.seq);
      if (r) {
        add(
          r.event.seq,
          stepAt(r.event, {
            step: "restart",
            label: "restarted",
            done: true,
            outcome: "ok",
            text: `The restart it needed followed on ${fullTime(r.event, tz)}.`,
            evidence: [evidenceOf(r.event)],
          }),
        );
      } else {
        const after = ctx
          .ofKind("install.restart.required", "install.ui.postponed", "install.renames.pending")
          .filter((x) => x.seq > e.seq && (x.kind !== "install.renames.pending" || renamesFound(x)))
          .slice(0, 6);
        const last = after[after.length - 1] ?? e;
        add(
          last.seq + 0.5,
          stepAt(last, {
            step: "restart",
            label: "restart pending",
            done: false,
            outcome: "warning",
            text: "The restart it needs has not happened: no restart was initiated and no later PatchInstall run completed.",
            evidence: [e, ...after].map(evidenceOf),
          }),
        );
      }
    }
  }

  // --- inventory: the first cycle after each written scan state, and the first after each install that left the
  // reported state behind (the cycle sends the old scan's Win32_PatchState again)
  const usedCycles = new Set<Cycle>();
  const cycleAfter = (from: number, to: number): Cycle | undefined =>
    cycles.find((c) => {
      const t = cycleStart(c);
      return t !== undefined && t >= from && t < to;
    });
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (!g.written) continue;
    const from = g.items[0].doneAt;
    if (from === undefined) continue;
    const next = groups.slice(i + 1).find((x) => x.written)?.items[0].doneAt ?? Infinity;
    const c = cycleAfter(from, next);
    const word = STATE_WORD[g.state];
    if (c && !usedCycles.has(c)) {
      usedCycles.add(c);
      const e = c.completed!;
      add(
        e.seq,
        stepAt(e, {
          step: "inventoried",
          label: "inventoried",
          outcome: "ok",
          text: `The hardware inventory cycle on ${fullTime(e, tz)} sent the scan's state (${word}) to the site.`,
          evidence: [c.start, c.completed].filter((x): x is PatchEvent => x !== undefined).map(evidenceOf),
        }),
      );
    }
    if (g.state !== "applicable") continue;
    for (const at of okAttempts) {
      const t = timeOf(at.event);
      if (t === undefined || t <= from || t >= next) continue;
      const s = cycleAfter(t, next);
      if (!s || usedCycles.has(s)) continue;
      usedCycles.add(s);
      const e = s.completed!;
      add(
        e.seq,
        stepAt(e, {
          step: "inventoried",
          label: "inventoried (stale)",
          stale: true,
          outcome: "warning",
          text: `The hardware inventory cycle on ${fullTime(e, tz)} came after the install but before any rescan, so it sent the old state (Applicable) again.`,
          evidence: [s.start, s.completed].filter((x): x is PatchEvent => x !== undefined).map(evidenceOf),
        }),
      );
    }
  }

  steps.sort((a, b) => a.seq - b.seq);
  const s: UpdateStory = {
    key,
    kb: f.kb ?? null,
    bulletin: f.bulletin ?? null,
    title: f.title ?? null,
    ...stateOf(
      ctx,
      logs,
      f,
      groups,
      steps.map((x) => x.step),
      installRuns,
      cycles,
      evidenceOf,
    ),
    steps: steps.map((x) => x.step),
  };
  s.detail = strings.flat(s.detail);
  for (const st of s.steps) {
    st.label = strings.flat(st.label);
    st.text = strings.flat(st.text);
    st.utc = strings.flat(st.utc);
    st.local = strings.flat(st.local);
  }
  return s;
}

/** `Installed on … (exit code 0); found already present on …`. */
function installedText(f: Facts, at: Attempt, tz: TimeConvention): string {
  const e = at.event;
  if (!at.already) return `Installed on ${fullTime(e, tz)} (exit code ${at.code})`;
  const earlier = [...f.attempts].reverse().find((a) => a.event.seq < e.seq && a.code !== undefined && attemptOk(a));
  return earlier
    ? `Installed on ${fullTime(earlier.event, tz)} (exit code ${earlier.code}); found already present on ${fullTime(e, tz)}`
    : `Found already present on ${fullTime(e, tz)}`;
}

type StateResult = Pick<UpdateStory, "state" | "detail" | "missing" | "lastExitCode" | "evidence">;

function stateOf(
  ctx: RuleContext,
  logs: Logs,
  f: Facts,
  groups: Group[],
  steps: UpdateStep[],
  installRuns: readonly Run[],
  cycles: Cycle[],
  evidenceOf: (e: PatchEvent) => Evidence,
): StateResult {
  const tz = ctx.tz;
  const lastObs = f.observations[f.observations.length - 1];
  const lastAttempt =
    [...f.attempts].reverse().find((a) => a.code !== undefined || a.already) ?? f.attempts[f.attempts.length - 1];
  const lastCode = [...f.attempts].reverse().find((a) => a.code !== undefined)?.code;
  const base = lastCode !== undefined ? { lastExitCode: lastCode } : {};
  const restartPending = (at: Attempt): UpdateStep | undefined =>
    at.code === 3010
      ? steps.find((s) => s.step === "restart" && s.done === false && s.evidence[0]?.seq === at.event.seq)
      : undefined;

  // The newest fact is an install attempt: its outcome decides.
  if (lastAttempt && (!lastObs || lastAttempt.event.seq > lastObs.event.seq)) {
    const e = lastAttempt.event;
    if (lastAttempt.code === undefined && !lastAttempt.already) {
      if (!lastObs)
        return {
          ...base,
          state: "unknown",
          detail: `PatchInstall started it on ${fullTime(e, tz)} but logged no result, and no scan reported it.`,
          evidence: [evidenceOf(e)],
        };
      return {
        ...base,
        state: "install failed",
        detail: `PatchInstall started it on ${fullTime(e, tz)} but logged no exit code for it.`,
        evidence: [evidenceOf(e)],
      };
    }
    if (!attemptOk(lastAttempt)) {
      const info = explainCode("msi", lastAttempt.code!);
      const tries = f.attempts.filter((a) => a.code !== undefined && !attemptOk(a));
      return {
        ...base,
        state: "install failed",
        detail: `Last install on ${fullTime(e, tz)} failed with exit code ${lastAttempt.code}${info.meaning ? ` (${info.meaning})` : ""}${tries.length > 1 ? `; ${tries.length} failed attempts (${tries.map((a) => a.code).join(", ")})` : ""}.`,
        evidence: tries.slice(-5).map((a) => evidenceOf(a.event)),
      };
    }
    const pending = restartPending(lastAttempt);
    if (pending)
      return {
        ...base,
        state: "restart pending",
        detail: `Installed on ${fullTime(e, tz)} with exit code 3010; the restart it needs has not happened.`,
        evidence: pending.evidence,
      };
    if (!logs.scan)
      return {
        ...base,
        state: "unknown",
        detail: `${installedText(f, lastAttempt, tz)}; no scan log was read, so whether a scan has reported it since is not known.`,
        evidence: [evidenceOf(e)],
      };
    return {
      ...base,
      state: "installed, not yet reported",
      missing: "rescan",
      detail: `${installedText(f, lastAttempt, tz)}, but no scan has run since, so the site still has the ${lastObs ? `older state (${STATE_WORD[lastObs.state]})` : "state of no scan"}.`,
      evidence: [evidenceOf(e), ...(lastObs ? [evidenceOf(lastObs.event)] : [])],
    };
  }
  if (!lastObs) return { ...base, state: "unknown", detail: "No scan reported it.", evidence: [] };

  // The newest fact is a scan.
  const g = groups[groups.length - 1];
  const obs = lastObs.event;
  const inventoried = steps.filter(
    (s) => s.step === "inventoried" && !s.stale && s.evidence.some((x) => x.seq > g.items[0].event.seq),
  );
  const inv = inventoried[inventoried.length - 1];
  if (g.state === "installed" || g.state === "not applicable") {
    const word = STATE_WORD[g.state];
    if (!g.written)
      return {
        ...base,
        state: "installed, not yet reported",
        missing: "scan write",
        detail: `The last scan (${fullTime(obs, tz)}) reported it ${word} but failed before writing its results, so the site cannot know.`,
        evidence: [evidenceOf(obs)],
      };
    if (!inv) {
      if (g.state === "not applicable")
        return {
          ...base,
          state: "not applicable",
          detail: `The last scan (${fullTime(obs, tz)}) reported it Not Applicable.`,
          evidence: [evidenceOf(obs)],
        };
      if (!logs.inventory) {
        return {
          ...base,
          state: "installed, no inventory log",
          detail: `The last scan (${fullTime(obs, tz)}) reported it Installed; no inventory log was read, so whether an inventory cycle sent that to the site is not known.`,
          evidence: [evidenceOf(obs)],
        };
      }
      return {
        ...base,
        state: "installed, not yet reported",
        missing: "inventory",
        detail: `The last scan (${fullTime(obs, tz)}) reported it Installed, but no hardware inventory cycle has completed since, so the site still has the older state.`,
        evidence: [evidenceOf(obs)],
      };
    }
    if (g.state === "not applicable")
      return {
        ...base,
        state: "not applicable",
        detail: `The last scan (${fullTime(obs, tz)}) reported it Not Applicable, and an inventory cycle sent that.`,
        evidence: [evidenceOf(obs), ...inv.evidence.slice(-1)],
      };
    const scansText =
      g.items.length > 1
        ? `The scans from ${fullTime(g.items[0].event, tz)} to ${fullTime(obs, tz)} report it Installed`
        : `The last scan (${fullTime(obs, tz)}) reported it Installed`;
    // The newest cycle after the newest scan, else the first after the state was first reported.
    const lastDone = g.items[g.items.length - 1].doneAt;
    const newest =
      lastDone === undefined ? undefined : [...cycles].reverse().find((c) => (cycleStart(c) ?? -Infinity) >= lastDone);
    const invEvent = newest?.completed ? evidenceOf(newest.completed) : inv.evidence[inv.evidence.length - 1];
    return {
      ...base,
      state: "compliant",
      detail: `${scansText}, and the inventory cycle on ${showWallTime(invEvent.utc, invEvent.local, tz)} sent that to the site.`,
      evidence: [evidenceOf(obs), invEvent],
    };
  }

  // Applicable at the last scan.
  const since = g.items[0].event;
  const okBefore = [...f.attempts].reverse().find(attemptOk);
  const failedBefore = [...f.attempts].reverse().find((a) => a.code !== undefined && !attemptOk(a));
  if (okBefore) {
    const pending = restartPending(okBefore);
    if (pending)
      return {
        ...base,
        state: "restart pending",
        detail: `Installed on ${fullTime(okBefore.event, tz)} with exit code 3010 and not restarted since; the scan on ${fullTime(obs, tz)} still reports it Applicable.`,
        evidence: [...pending.evidence, evidenceOf(obs)],
      };
    return {
      ...base,
      state: "install failed",
      detail: `${installedText(f, okBefore, tz)}, yet the scan on ${fullTime(obs, tz)} still reports it Applicable: the install did not take.`,
      evidence: [evidenceOf(okBefore.event), evidenceOf(obs)],
    };
  }
  if (failedBefore) {
    const info = explainCode("msi", failedBefore.code!);
    return {
      ...base,
      state: "install failed",
      detail: `Install on ${fullTime(failedBefore.event, tz)} failed with exit code ${failedBefore.code}${info.meaning ? ` (${info.meaning})` : ""}; the last scan (${fullTime(obs, tz)}) still reports it Applicable.`,
      evidence: [evidenceOf(failedBefore.event), evidenceOf(obs)],
    };
  }
  const reported = !g.written
    ? " The scans that report it failed before writing their results, so the site does not know it is needed."
    : inv
      ? ""
      : !logs.inventory
        ? " No inventory log was read, so whether the site knows it is needed is not known."
        : " No hardware inventory cycle has completed since, so the site does not know it is needed and the Distribute Software Updates Wizard cannot offer it.";
  if (!logs.install) {
    return {
      ...base,
      state: "applicable, no install log",
      detail: `Applicable since the scan on ${fullTime(since, tz)} (last reported ${fullTime(obs, tz)}); no PatchInstall log was read, so whether it was installed since is not known.${reported}`,
      evidence: [evidenceOf(since), evidenceOf(obs)].filter((x, i, a) => a.findIndex((y) => y.seq === x.seq) === i),
    };
  }
  const sinceAt = timeOf(since);
  const runsAfter = installRuns.filter((r) => {
    const t = ctx.runStart(r);
    return t !== undefined && sinceAt !== undefined && t >= sinceAt;
  });
  const why = runsAfter.length
    ? ` PatchInstall ran ${runsAfter.length === 1 ? "once" : `${runsAfter.length} times`} since (last on ${fullTime(ctx.firstEvent(runsAfter[runsAfter.length - 1]), tz)}) without naming it: it is not authorized for this client (not in the software updates package).`
    : " No PatchInstall run since: the install program has not run.";
  return {
    ...base,
    state: "never attempted",
    detail: `Applicable since the scan on ${fullTime(since, tz)} (last reported ${fullTime(obs, tz)}).${why}${reported}`,
    evidence: [
      evidenceOf(since),
      evidenceOf(obs),
      ...runsAfter.slice(-1).map((r) => evidenceOf(ctx.firstEvent(r))),
    ].filter((x, i, a) => a.findIndex((y) => y.seq === x.seq) === i),
  };
}

/** `installed, not yet reported` with what is missing: `installed, not yet reported (rescan)`. */
export function stateText(s: Pick<UpdateStory, "state" | "missing" | "lastExitCode">): string {
  if (s.state === "installed, not yet reported" && s.missing)
    return `${s.state} (${s.missing === "scan write" ? "results not written" : s.missing})`;
  if (s.state === "install failed" && s.lastExitCode !== undefined && s.lastExitCode !== 0)
    return `${s.state} (${s.lastExitCode})`;
  return s.state;
}
