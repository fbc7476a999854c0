import Table from "cli-table3";
import type { Evidence } from "../model/finding.js";
import { cell, safeText, type Style } from "../text/terminal.js";
import { stateText } from "../rules/lib/updates.js";
import { LOCAL, showWallTime, type TimeConvention } from "../time/show.js";
import {
  FLEET_UPDATES_SCHEMA,
  UPDATE_STATES,
  UPDATES_SCHEMA,
  type ClientUpdates,
  type UpdateState,
  type UpdateStep,
  type UpdateStory,
} from "../model/updates.js";
import { csvField } from "../text/csv.js";
import { compareKeys } from "../text/keys.js";
import { mdCode, mdEscape } from "./diagnose-format.js";
import type { RunResult } from "../model/result.js";

/** One client's updates as the reporters see them. */
export interface ClientUpdatesView {
  client: string;
  updates: ClientUpdates;
}

/** Which updates and states to show: `--kb` (KB number or bulletin, with or without the prefix) and `--state`. */
export interface UpdateFilter {
  kb?: string[];
  state?: UpdateState[];
}

function norm(s: string): string {
  return s
    .trim()
    .toUpperCase()
    .replace(/^(KB|Q)(?=\d)/, "");
}

export function matchesKb(u: Pick<UpdateStory, "key" | "kb" | "bulletin">, kbs: string[] | undefined): boolean {
  if (!kbs?.length) return true;
  const names = [u.key, u.kb, u.bulletin].filter((x): x is string => typeof x === "string").map(norm);
  return kbs.some((k) => names.includes(norm(k)));
}

export function filterUpdates(u: ClientUpdates, f: UpdateFilter): UpdateStory[] {
  return u.updates.filter((s) => matchesKb(s, f.kb) && (!f.state?.length || f.state.includes(s.state)));
}

function stateColor(s: UpdateState, style: Style, text: string): string {
  switch (s) {
    case "install failed":
      return style("red", text);
    case "restart pending":
    case "never attempted":
    case "installed, not yet reported":
      return style("yellow", text);
    case "compliant":
      return style("green", text);
    default:
      return style("gray", text);
  }
}

function updateName(u: UpdateStory): string {
  return u.kb && u.bulletin ? `${u.kb} ${u.bulletin}` : u.key;
}

/** `Applicable 08-09 03:00 › inventoried 08-09 03:00 › exit 1603 08-10 16:03`. */
export function chainText(steps: UpdateStep[], tz: TimeConvention = LOCAL): string {
  return steps
    .map((s) => (s.step === "catalog" ? s.label : `${s.label} ${showWallTime(s.utc, s.local, tz, "short")}`))
    .join(" › ");
}

// ---------------------------------------------------------------------------------------------------------------
// One client

/** At most 100 columns: 12 + 30 + 52 plus borders. */
const CLIENT_WIDTHS = [12, 30, 52];

/** The step dates' convention as the headings say it. */
function datesIn(tz: TimeConvention): string {
  return tz.kind === "local" ? "the log's local time" : tz.kind === "utc" ? "UTC" : tz.label;
}

export function clientTable(
  v: ClientUpdatesView,
  f: UpdateFilter,
  style: Style,
  title: string,
  tz: TimeConvention = LOCAL,
): string {
  const list = filterUpdates(v.updates, f);
  const out = [style("bold", `Updates: ${safeText(title)}`) + style("dim", `  (times: ${datesIn(tz)}, MM-DD hh:mm)`)];
  const gaps = logGaps(v.updates);
  if (gaps) out.push(style("dim", gaps));
  if (!list.length) {
    out.push(v.updates.updates.length ? "No update matches the filter." : "No update is named in these logs.");
    return out.join("\n");
  }
  const t = new Table({
    head: ["update", "state", "chain of facts"],
    colWidths: CLIENT_WIDTHS,
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: [], border: [] },
  });
  for (const u of list) {
    const quiet = u.state === "compliant" || u.state === "not applicable";
    t.push([
      cell(updateName(u), 40),
      stateColor(u.state, style, cell(stateText(u), 60)) + (quiet ? "" : "\n" + style("dim", cell(u.detail, 400))),
      cell(chainText(u.steps, tz), 600),
    ]);
  }
  out.push(t.toString());
  out.push(style("dim", "Evidence (file:line) for each step: --format json, markdown or html."));
  return out.join("\n");
}

function logGaps(u: ClientUpdates): string {
  const missing = [!u.scanLogs && "scan", !u.installLogs && "PatchInstall", !u.inventoryLogs && "inventory"].filter(
    Boolean,
  );
  const list = missing.length > 1 ? `${missing.slice(0, -1).join(", ")} or ${missing[missing.length - 1]}` : missing[0];
  return missing.length ? `No ${list} log read: the states say only what the other logs show.` : "";
}

function mdCite(e: Evidence): string {
  return mdCode(`${e.file}:${e.line}`);
}

export function clientMarkdown(
  v: ClientUpdatesView,
  f: UpdateFilter,
  title: string,
  tz: TimeConvention = LOCAL,
): string {
  const list = filterUpdates(v.updates, f);
  const out = [`## Updates: ${mdEscape(title)}`, ""];
  const gaps = logGaps(v.updates);
  if (gaps) out.push(gaps, "");
  if (!list.length)
    return (
      out
        .concat(v.updates.updates.length ? "No update matches the filter." : "No update is named in these logs.")
        .join("\n") + "\n"
    );
  out.push("| update | state | chain of facts |", "|---|---|---|");
  for (const u of list)
    out.push(`| ${mdEscape(updateName(u))} | **${mdEscape(stateText(u))}** | ${mdEscape(chainText(u.steps, tz))} |`);
  out.push("");
  for (const u of list) {
    out.push(
      `### ${mdEscape(updateName(u))}: ${mdEscape(stateText(u))}`,
      "",
      `${mdEscape(u.detail)} ${u.evidence.map(mdCite).join(", ")}`.trim(),
      "",
    );
    for (const s of u.steps)
      out.push(
        `- ${mdEscape(showWallTime(s.utc, s.local, tz, "short"))} **${mdEscape(s.label)}**: ${mdEscape(s.text)} ${s.evidence.map(mdCite).join(", ")}`.trimEnd(),
      );
    out.push("");
  }
  return out.join("\n");
}

export function clientJson(v: ClientUpdatesView, f: UpdateFilter): object {
  return {
    schema: UPDATES_SCHEMA.name,
    version: UPDATES_SCHEMA.version,
    client: v.client,
    scanLogs: v.updates.scanLogs,
    installLogs: v.updates.installLogs,
    inventoryLogs: v.updates.inventoryLogs,
    updates: filterUpdates(v.updates, f),
  };
}

/** A CSV cell: the timeline's quoting and formula guard, on text with its control characters made visible. */
function csvCell(v: unknown): string {
  return csvField(v === null || v === undefined ? "" : safeText(String(v)));
}

function csvRow(cells: unknown[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

export function clientCsv(v: ClientUpdatesView, f: UpdateFilter, tz: TimeConvention = LOCAL): string {
  let out = csvRow([
    "update",
    "kb",
    "bulletin",
    "title",
    "state",
    "missing",
    "last_exit_code",
    "detail",
    "chain",
    "evidence",
  ]);
  for (const u of filterUpdates(v.updates, f)) {
    out += csvRow([
      u.key,
      u.kb,
      u.bulletin,
      u.title,
      u.state,
      u.missing,
      u.lastExitCode,
      u.detail,
      chainText(u.steps, tz),
      u.evidence.map((e) => `${e.file}:${e.line}`).join(" "),
    ]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// A fleet

export interface FleetUpdate {
  key: string;
  kb: string | null;
  bulletin: string | null;
  title: string | null;
  /** Clients per state; clients whose logs never name the update count as `unknown`. */
  counts: Record<UpdateState, number>;
  clients: Record<UpdateState, string[]>;
}

/** Every update named on any client, with its state on every client. */
export function fleetUpdates(views: ClientUpdatesView[], f: UpdateFilter): FleetUpdate[] {
  const byKey = new Map<string, FleetUpdate>();
  const empty = <T>(mk: () => T) => Object.fromEntries(UPDATE_STATES.map((s) => [s, mk()])) as Record<UpdateState, T>;
  for (const v of views) {
    for (const u of v.updates.updates) {
      if (!matchesKb(u, f.kb)) continue;
      let row = byKey.get(u.key);
      if (!row)
        byKey.set(
          u.key,
          (row = {
            key: u.key,
            kb: u.kb,
            bulletin: u.bulletin,
            title: u.title,
            counts: empty(() => 0),
            clients: empty(() => [] as string[]),
          }),
        );
      row.kb ??= u.kb;
      row.bulletin ??= u.bulletin;
      row.title ??= u.title;
    }
  }
  for (const row of byKey.values()) {
    for (const v of views) {
      const state = v.updates.updates.find((u) => u.key === row.key)?.state ?? "unknown";
      row.counts[state]++;
      row.clients[state].push(v.client);
    }
  }
  const rows = [...byKey.values()].filter((r) => !f.state?.length || f.state.some((s) => r.counts[s] > 0));
  // Most clients in the worst state first (states worst first), then by name.
  const worse = (a: FleetUpdate, b: FleetUpdate): number => {
    for (const s of UPDATE_STATES) if (a.counts[s] !== b.counts[s]) return b.counts[s] - a.counts[s];
    return 0;
  };
  return rows.sort((a, b) => worse(a, b) || compareKeys(a.key, b.key));
}

function stateOfClient(v: ClientUpdatesView, key: string): UpdateStory | undefined {
  return v.updates.updates.find((u) => u.key === key);
}

/** At most 100 columns: 12 + 31 + 51 plus borders. */
const FLEET_WIDTHS = [12, 31, 51];

export function fleetTable(
  views: ClientUpdatesView[],
  f: UpdateFilter,
  style: Style,
  failed: Array<{ client: string; error: string }>,
): string {
  const rows = fleetUpdates(views, f);
  const out = [
    style("bold", `Updates across ${views.length} client${views.length === 1 ? "" : "s"}`) +
      style("dim", "  (unknown: no scan on the client reported the update)"),
  ];
  if (!rows.length)
    out.push(
      "No update is named in these logs" + (f.kb?.length || f.state?.length ? " that matches the filter." : "."),
    );
  else {
    const t = new Table({
      head: ["update", "clients per state", "clients"],
      colWidths: FLEET_WIDTHS,
      wordWrap: true,
      wrapOnWordBoundary: true,
      style: { head: [], border: [] },
    });
    for (const r of rows) {
      const shown = UPDATE_STATES.filter((s) => r.counts[s] > 0 && (!f.state?.length || f.state.includes(s)));
      const counts = shown.map((s) => stateColor(s, style, `${r.counts[s]} ${s}`)).join("\n");
      // Up to 12 names a state; the JSON and CSV list them all.
      const names = (list: string[]) =>
        list
          .slice(0, 12)
          .map((c) => cell(c, 40))
          .join(", ") + (list.length > 12 ? ` and ${list.length - 12} more` : "");
      const clients = shown.map((s) => `${s}: ${names(r.clients[s])}`).join("\n");
      t.push([cell(r.kb && r.bulletin ? `${r.kb} ${r.bulletin}` : r.key, 40), counts, clients]);
    }
    out.push(t.toString());
  }
  for (const x of failed) out.push(style("red", `could not read ${safeText(x.client)}: ${safeText(x.error)}`));
  out.push(style("dim", "Compliance matrix (update × client): --format csv. One client's chains: give its folder."));
  return out.join("\n");
}

export function fleetMarkdown(
  views: ClientUpdatesView[],
  f: UpdateFilter,
  failed: Array<{ client: string; error: string }>,
  tz: TimeConvention = LOCAL,
): string {
  const rows = fleetUpdates(views, f);
  const out = [`# Updates across ${views.length} clients`, ""];
  if (rows.length) {
    out.push(
      `| update | ${views.map((v) => mdEscape(v.client)).join(" | ")} |`,
      `|---|${views.map(() => "---").join("|")}|`,
    );
    for (const r of rows)
      out.push(
        `| ${mdEscape(r.kb && r.bulletin ? `${r.kb} ${r.bulletin}` : r.key)} | ${views
          .map((v) => {
            const u = stateOfClient(v, r.key);
            return mdEscape(u ? stateText(u) : "unknown");
          })
          .join(" | ")} |`,
      );
  } else out.push("No update is named in these logs.");
  for (const x of failed) out.push("", `- could not read ${mdEscape(x.client)}: ${mdEscape(x.error)}`);
  for (const v of views) out.push("", clientMarkdown(v, f, v.client, tz));
  return out.join("\n") + "\n";
}

export function fleetJson(
  views: ClientUpdatesView[],
  f: UpdateFilter,
  failed: Array<{ client: string; error: string }>,
): object {
  return {
    schema: FLEET_UPDATES_SCHEMA.name,
    version: FLEET_UPDATES_SCHEMA.version,
    clients: views.map((v) => v.client),
    unreadableClients: failed,
    updates: fleetUpdates(views, f),
    perClient: views.map((v) => clientJson(v, f)),
  };
}

/** The compliance matrix: one row per update, one column per client, each cell the update's state there. */
export function fleetCsv(views: ClientUpdatesView[], f: UpdateFilter): string {
  let out = csvRow(["update", "kb", "bulletin", "title", ...views.map((v) => v.client)]);
  for (const r of fleetUpdates(views, f)) {
    out += csvRow([
      r.key,
      r.kb,
      r.bulletin,
      r.title,
      ...views.map((v) => {
        const u = stateOfClient(v, r.key);
        return u ? stateText(u) : "unknown";
      }),
    ]);
  }
  return out;
}

/** What an updates report is made of: the run, each client's updates, and the `--kb`/`--state` filter. */
export interface UpdatesReportInput {
  result: RunResult;
  views: ClientUpdatesView[];
  filter: UpdateFilter;
}

/** The title of a one-client report: the inputs read. */
function reportTitle(u: UpdatesReportInput): string {
  return u.result.fleet ? "" : u.result.inputs.join(", ");
}

export function updatesTableReport(u: UpdatesReportInput, style: Style, tz: TimeConvention = LOCAL): string {
  return (
    (u.result.fleet
      ? fleetTable(u.views, u.filter, style, u.result.failedClients)
      : clientTable(u.views[0], u.filter, style, reportTitle(u), tz)) + "\n"
  );
}

export function updatesJsonReport(u: UpdatesReportInput): string {
  return (
    JSON.stringify(
      u.result.fleet ? fleetJson(u.views, u.filter, u.result.failedClients) : clientJson(u.views[0], u.filter),
      null,
      1,
    ) + "\n"
  );
}

export function updatesCsvReport(u: UpdatesReportInput, tz: TimeConvention = LOCAL): string {
  return u.result.fleet ? fleetCsv(u.views, u.filter) : clientCsv(u.views[0], u.filter, tz);
}

export function updatesMarkdownReport(u: UpdatesReportInput, tz: TimeConvention = LOCAL): string {
  return u.result.fleet
    ? fleetMarkdown(u.views, u.filter, u.result.failedClients, tz)
    : clientMarkdown(u.views[0], u.filter, reportTitle(u), tz);
}
