import { clip as clipText, escapeHtml } from "../text/html.js";
import type { Evidence } from "../model/finding.js";
import { stateText } from "../rules/lib/updates.js";
import {
  UPDATE_STATES,
  type ClientUpdates,
  type StepOutcome,
  type UpdateState,
  type UpdateStory,
} from "../model/updates.js";
import { fleetUpdates, type ClientUpdatesView } from "./updates-format.js";
import { LOCAL, showTime, showWallTime, type TimeConvention } from "../time/show.js";

/** The report's Updates section: one row per update, its steps as markers; opening a row shows each step's evidence. */

const esc = escapeHtml;

function clip(s: string, max = 300): string {
  return clipText(s, max);
}

const OUTCOME_CLASS: Record<StepOutcome, string> = {
  ok: "v-ok",
  warning: "v-warning",
  failed: "v-failed",
  info: "sev-info",
};

export function stateClass(s: UpdateState): string {
  switch (s) {
    case "install failed":
      return "v-failed";
    case "restart pending":
    case "never attempted":
    case "installed, not yet reported":
      return "v-warning";
    case "compliant":
      return "v-ok";
    default:
      return "v-none";
  }
}

function evidenceTable(ev: Evidence[], tz: TimeConvention): string {
  if (!ev.length) return "";
  return `<table class="evidence"><tbody>${ev.map((e) => `<tr><td class="mono">${esc(e.file)}:${e.line}</td><td class="mono nowrap">${esc(showTime(e.utc, e.local, tz, "second"))}</td><td class="msg">${esc(clip(e.message))}</td></tr>`).join("")}</tbody></table>`;
}

function row(u: UpdateStory, tz: TimeConvention): string {
  const name = u.kb && u.bulletin ? `${u.kb} ${u.bulletin}` : u.key;
  const markers = u.steps
    .map(
      (s) =>
        `<span class="chip ${OUTCOME_CLASS[s.outcome]}" data-step="${s.step}" title="${esc(s.text)}">${esc(s.step === "catalog" ? s.label : `${s.label} ${showWallTime(s.utc, s.local, tz, "short")}`)}</span>`,
    )
    .join(" ");
  const steps = u.steps
    .map(
      (s) =>
        `<li data-step="${s.step}"><strong>${esc(showWallTime(s.utc, s.local, tz, "short"))} ${esc(s.label)}</strong>: ${esc(s.text)}${evidenceTable(s.evidence, tz)}</li>`,
    )
    .join("");
  const why = `<p>${esc(u.detail)}</p>${evidenceTable(u.evidence, tz)}`;
  return (
    `<tr data-update="${esc(u.key)}" data-state="${esc(u.state)}"><th scope="row" class="nowrap">${esc(name)}${u.title ? `<div class="small">${esc(u.title)}</div>` : ""}</th>` +
    `<td><span class="badge ${stateClass(u.state)}">${esc(stateText(u))}</span></td>` +
    `<td><details><summary>${markers || `<span class="none">no step</span>`}</summary>${why}<ol class="update-steps">${steps}</ol></details></td></tr>`
  );
}

/** One client's updates, worst state first. */
export function updatesBlock(u: ClientUpdates | undefined, tz: TimeConvention = LOCAL): string {
  if (!u) return "";
  const dates = tz.kind === "local" ? "the logs' local time" : tz.kind === "utc" ? "UTC" : `${tz.label} time`;
  const head = `<h3>Updates</h3><p class="small">One row per update (KB number, bulletin): its chain of facts from the logs (step dates in ${dates}; evidence lines as elsewhere in this report). Click a row's steps to see each step's evidence.</p>`;
  if (!u.updates.length) return `${head}<p class="none">No update is named in these logs.</p>`;
  const counts = UPDATE_STATES.filter((s) => u.updates.some((x) => x.state === s))
    .map((s) => `${u.updates.filter((x) => x.state === s).length} ${s}`)
    .join(" · ");
  return `${head}<p class="sub">${esc(counts)}</p><table class="updates"><thead><tr><th>update</th><th>state</th><th>steps</th></tr></thead><tbody>${u.updates.map((x) => row(x, tz)).join("")}</tbody></table>`;
}

/** The fleet's compliance matrix: one row per update, one column per client. */
export function fleetUpdatesBlock(views: ClientUpdatesView[]): string {
  const rows = fleetUpdates(views, {});
  const head = `<h3>Updates: compliance matrix</h3>`;
  if (!rows.length) return `${head}<p class="none">No update is named in these logs.</p>`;
  const th = views.map((v, i) => `<th><a href="#client-${i}">${esc(v.client)}</a></th>`).join("");
  const body = rows
    .map((r) => {
      const cells = views
        .map((v) => {
          const u = v.updates.updates.find((x) => x.key === r.key);
          return u
            ? `<td><span class="badge ${stateClass(u.state)}" title="${esc(u.detail)}">${esc(stateText(u))}</span></td>`
            : `<td><span class="badge v-none" title="No scan on this client reported the update.">unknown</span></td>`;
        })
        .join("");
      return `<tr data-update="${esc(r.key)}"><th scope="row" class="nowrap">${esc(r.kb && r.bulletin ? `${r.kb} ${r.bulletin}` : r.key)}</th>${cells}</tr>`;
    })
    .join("");
  return `${head}<table class="fleet-updates"><thead><tr><th>update</th>${th}</tr></thead><tbody>${body}</tbody></table>`;
}
