/**
 * The HTML report's inline style sheet and script, kept apart from the markup in html.ts. The script reads its
 * data from the page's `application/json` block and builds every node with createElement and textContent: log
 * text never reaches an HTML parser on this side.
 */

export const REPORT_CSS = String.raw`
:root {
  color-scheme: light dark;
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
  --ok: #1a7f37; --ok-bg: #dafbe1; --warn: #9a6700; --warn-bg: #fff8c5; --bad: #cf222e; --bad-bg: #ffebe9;
  --none: #6e7781; --none-bg: #eaeef2; --info: #0969da; --info-bg: #ddf4ff; --amber: #d4a72c; --amber-bg: #fff3c4;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #161b22; --line: #3d444d;
    --ok: #3fb950; --ok-bg: #12361f; --warn: #d29922; --warn-bg: #3b2e0a; --bad: #f85149; --bad-bg: #4a1618;
    --none: #9198a1; --none-bg: #262c36; --info: #4493f8; --info-bg: #0c2d6b; --amber: #d29922; --amber-bg: #3b2e0a;
  }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 22px 0 8px; }
a { color: var(--info); }
.sub { color: var(--muted); margin: 0 0 4px; }
.warnings { background: var(--warn-bg); border-left: 4px solid var(--warn); padding: 6px 12px; margin: 10px 0; }
.warnings ul { margin: 4px 0; padding-left: 20px; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--panel); font-weight: 600; }
.nowrap { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict, .badge { display: inline-block; min-width: 64px; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; text-align: center; white-space: nowrap; }
.v-ok { color: var(--ok); background: var(--ok-bg); }
.v-warning, .sev-warning { color: var(--warn); background: var(--warn-bg); }
.v-failed, .sev-error { color: var(--bad); background: var(--bad-bg); }
.v-none { color: var(--none); background: var(--none-bg); }
.sev-info { color: var(--info); background: var(--info-bg); }
table.stages th[scope=row] { white-space: nowrap; }
table.stages tr.v-failed th[scope=row] { border-left: 4px solid var(--bad); }
table.stages tr.v-warning th[scope=row] { border-left: 4px solid var(--warn); }
table.stages tr.v-ok th[scope=row] { border-left: 4px solid var(--ok); }
table.stages tr.v-none th[scope=row] { border-left: 4px solid var(--none); }
table.stages tr > * { background: var(--bg); color: var(--fg); }
table.stages ul { margin: 0; padding-left: 16px; }
.small { font-size: 12px; color: var(--muted); }
ol.findings { list-style: none; padding: 0; margin: 0; }
li.finding { border: 1px solid var(--line); border-left-width: 5px; border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
li.finding.sev-error { border-left-color: var(--bad); background: none; color: inherit; }
li.finding.sev-warning { border-left-color: var(--warn); background: none; color: inherit; }
li.finding.sev-info { border-left-color: var(--info); background: none; color: inherit; }
li.finding:target { box-shadow: 0 0 0 3px var(--info); }
.f-head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.f-msg { margin: 6px 0; font-weight: 500; }
.f-remedy { margin: 6px 0; }
table.evidence { font-size: 12.5px; width: 100%; }
table.evidence td.msg { word-break: break-word; }
.none { color: var(--muted); font-style: italic; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; font-size: 12px; color: var(--muted); margin: 4px 0 8px; }
.legend .sw { display: inline-block; width: 22px; height: 10px; border: 1px solid transparent; border-radius: 2px; vertical-align: middle; margin-right: 4px; }
.legend .sw.unc, .legend .sw.loc { background: var(--none-bg); }
.legend .lg-title { color: var(--fg); font-weight: 600; }
.legend .mk { display: inline-block; position: relative; width: 9px; height: 9px; transform: rotate(45deg); margin: 0 4px 0 2px; }
.legend .mk.sev-error { background: var(--bad); }
.legend .mk.sev-warning { background: var(--warn); }
.legend .mk.sev-info { background: var(--info); }
.legend .mk.mk-n { transform: none; width: auto; height: auto; padding: 0 4px; border-radius: 3px; color: #fff; font-weight: 700; font-size: 10px; line-height: 12px; }
.legend .nw { display: inline-block; width: 0; height: 12px; border-left: 2px dotted var(--info); margin: 0 6px 0 4px; vertical-align: middle; }
.timeline { border: 1px solid var(--line); border-radius: 6px; background: var(--panel); padding: 8px; }
.tl-tools { display: flex; gap: 6px; align-items: center; margin-bottom: 6px; font-size: 12px; color: var(--muted); }
.tl-tools button { font: inherit; padding: 1px 10px; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); cursor: pointer; }
.tl-body { display: flex; }
.tl-labels { flex: 0 0 190px; }
.tl-label { display: flex; flex-direction: column; justify-content: center; align-items: flex-start; gap: 1px; padding: 0 8px 0 0; border-bottom: 1px solid var(--line); font-weight: 600; font-size: 12.5px; white-space: nowrap; overflow: hidden; }
.tl-label .verdict { min-width: 0; font-size: 11px; padding: 0 6px; }
.tl-axis-spacer { height: 30px; border-bottom: 1px solid var(--line); }
.tl-scroll { flex: 1 1 auto; overflow-x: auto; overflow-y: hidden; position: relative; background: var(--bg); border-left: 1px solid var(--line); }
.tl-inner { position: relative; }
.tl-axis { position: relative; height: 30px; border-bottom: 1px solid var(--line); }
.tl-tick { position: absolute; top: 0; bottom: 0; border-left: 1px solid var(--line); }
.tl-tick-label { position: absolute; top: 2px; left: 3px; white-space: nowrap; font-size: 11px; color: var(--muted); font-variant-numeric: tabular-nums; }
.tl-tick-label.day { color: var(--fg); font-weight: 600; }
.tl-grid { position: absolute; top: 30px; bottom: 0; border-left: 1px solid var(--line); opacity: 0.5; pointer-events: none; }
.tl-now { position: absolute; top: 0; bottom: 0; border-left: 2px dotted var(--info); pointer-events: none; }
.tl-lane { position: relative; border-bottom: 1px solid var(--line); }
.tl-lane.empty::after { content: "no runs"; position: absolute; left: 8px; top: 50%; transform: translateY(-50%); font-size: 11px; color: var(--muted); font-style: italic; }
.bar { position: absolute; height: 14px; padding: 0 3px; margin: 0; border: 1px solid transparent; border-radius: 3px; cursor: pointer; overflow: hidden; white-space: nowrap; font: 10.5px/12px system-ui, sans-serif; color: #fff; text-align: left; min-width: 6px; }
.r-success { background: var(--ok); border-color: var(--ok); }
.r-warnings { background: var(--warn); border-color: var(--warn); }
.r-errors { background: repeating-linear-gradient(135deg, var(--bad) 0 5px, #a40e26 5px 8px); border-color: var(--bad); }
.r-failure { background: var(--bad); border-color: var(--bad); }
.r-did-not-end { background: repeating-linear-gradient(135deg, var(--amber) 0 4px, var(--amber-bg) 4px 8px); border-color: var(--amber); color: var(--fg); }
.bar.unc, .sw.unc { border: 2px dashed var(--fg); }
.bar.loc, .sw.loc { outline: 2px dotted var(--info); outline-offset: 1px; }
.bar:hover, .bar:focus-visible { box-shadow: 0 0 0 2px var(--fg); z-index: 3; }
.bar.sel { box-shadow: 0 0 0 3px var(--info); z-index: 4; }
.mark { position: absolute; top: 1px; width: 12px; height: 12px; margin-left: -6px; display: block; z-index: 5; text-decoration: none; }
.mark::before { content: ""; position: absolute; left: 1px; top: 1px; width: 10px; height: 10px; box-sizing: border-box; transform: rotate(45deg); border: 1px solid var(--bg); }
.mark.sev-info { z-index: 5; }
.mark.sev-warning { z-index: 6; }
.mark.sev-error { z-index: 7; }
.mark.sev-error::before, .mark.sev-error .mark-n { background: var(--bad); }
.mark.sev-warning::before, .mark.sev-warning .mark-n { background: var(--warn); }
.mark.sev-info::before, .mark.sev-info .mark-n { background: var(--info); }
.mark-n { position: absolute; left: 11px; top: -3px; padding: 0 3px; border-radius: 3px; color: #fff; font: 700 9.5px/11px system-ui, sans-serif; pointer-events: none; }
.mark:hover::before, .mark:focus-visible::before { outline: 2px solid var(--fg); }
.mark.unc::before { outline: 1px dashed var(--fg); }
.tl-details { margin-top: 8px; padding: 8px 10px; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; min-height: 40px; }
.tl-details h4 { margin: 0 0 4px; font-size: 13.5px; }
.tl-details table { width: 100%; font-size: 12px; }
.tl-details td { padding: 2px 6px; }
.tl-details tr.s-error td { color: var(--bad); }
.tl-details tr.s-warning td { color: var(--warn); }
.tl-details td.unc { font-style: italic; }
.tl-hint { color: var(--muted); font-style: italic; }
.chip { display: inline-block; min-width: 22px; padding: 0 6px; border-radius: 8px; text-align: center; font-weight: 600; font-size: 12px; }
.chip.zero { opacity: 0.35; }
section.client { margin-top: 28px; }
nav.toc { margin: 8px 0; }
details > summary { cursor: pointer; color: var(--muted); margin: 8px 0; }
.f-filter { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin: 4px 0 8px; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); font-size: 12.5px; }
.f-filter[hidden] { display: none; }
.f-filter select, .f-filter input[type=search] { font: inherit; padding: 1px 4px; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
.f-filter .ff-sevs { display: inline-flex; gap: 10px; }
.f-filter .ff-sev .badge { min-width: 0; }
li.finding[hidden] { display: none; }
@media print {
  body { padding: 0; font-size: 11.5px; }
  li.finding:target { box-shadow: none; }
  .tl-tools, .f-filter, .tl-details:has(.tl-hint), noscript { display: none !important; }
  li.finding[hidden] { display: block; }
  li.finding, .timeline, .legend, table.stages tr, table.evidence tr, .warnings { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .tl-scroll { overflow: visible; }
  .bar, .mark::before, .mark-n, .verdict, .badge, .legend .sw, .legend .mk, .chip { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  details:not([open]) > summary::after { content: " (open it before printing to include the list)"; }
}
`;

export const REPORT_JS = String.raw`
(function () {
  "use strict";
  var holder = document.getElementById("patchflow-data");
  if (!holder) return;
  var data = JSON.parse(holder.textContent || "{}");
  var STEPS = [1e3, 5e3, 15e3, 3e4, 6e4, 3e5, 9e5, 18e5, 36e5, 108e5, 216e5, 432e5, 864e5, 1728e5, 6048e5, 12096e5, 2592e6];
  var DAY = 864e5;
  var ROW = 17, TOP = 15, MIN_LANE = 40, MAX_ROWS = 4, MAX_WIDTH = 240000, CLUSTER = 12, TITLE_MAX = 8;
  var RANK = { info: 0, warning: 1, error: 2 };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function dayOf(ms) { var d = new Date(ms); return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()); }
  function clockOf(ms, seconds) { var d = new Date(ms); return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + (seconds ? ":" + pad(d.getUTCSeconds()) : ""); }
  function dur(ms) {
    var s = Math.round(ms / 1000);
    if (s < 60) return s + " s";
    var m = Math.floor(s / 60);
    if (m < 60) return m + " min " + (s % 60) + " s";
    var h = Math.floor(m / 60);
    if (h < 48) return h + " h " + (m % 60) + " min";
    return Math.floor(h / 24) + " d " + (h % 24) + " h";
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function setup(root, c, hidden) {
    var tools = el("div", "tl-tools");
    var zoomOut = el("button", "", "\u2212"); zoomOut.type = "button"; zoomOut.title = "Zoom out";
    var zoomIn = el("button", "", "+"); zoomIn.type = "button"; zoomIn.title = "Zoom in";
    var fit = el("button", "", "fit"); fit.type = "button"; fit.title = "Show the whole time range";
    var zoomText = el("span", "", "");
    tools.appendChild(zoomOut); tools.appendChild(zoomIn); tools.appendChild(fit); tools.appendChild(zoomText);
    tools.appendChild(el("span", "", "\u00b7 axis: " + c.axis + " \u00b7 click a bar for its events"));
    var body = el("div", "tl-body");
    var labels = el("div", "tl-labels");
    var scroll = el("div", "tl-scroll");
    var inner = el("div", "tl-inner");
    scroll.appendChild(inner);
    body.appendChild(labels); body.appendChild(scroll);
    var details = el("div", "tl-details");
    details.setAttribute("aria-live", "polite");
    details.appendChild(el("p", "tl-hint", c.runs.length ? "Click a run bar to see its events here." : "No runs were found in these logs."));
    root.appendChild(tools); root.appendChild(body); root.appendChild(details);

    var zoom = 1, selected = -1;
    var span = Math.max(c.end - c.start, 6e4);
    var t0 = c.start - span * 0.015, t1 = c.end + span * 0.015;
    if (c.now !== null && c.now > t1) t1 = c.now + span * 0.005;

    function showRun(i) {
      var r = c.runs[i];
      selected = i;
      var bars = inner.querySelectorAll(".bar");
      for (var b = 0; b < bars.length; b++) bars[b].classList.toggle("sel", Number(bars[b].getAttribute("data-run")) === i);
      clear(details);
      details.appendChild(el("h4", "", r.head));
      details.appendChild(el("div", "small", r.sub));
      var table = el("table", "events");
      var head = el("tr");
      ["time", "kind", "message", "file:line"].forEach(function (h) { head.appendChild(el("th", "", h)); });
      var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
      var tbody = el("tbody");
      r.ev.forEach(function (e) {
        var tr = el("tr", "s-" + e.s);
        var td = el("td", "mono nowrap" + (e.u ? " unc" : ""), e.t);
        if (e.u) td.title = "Time uncertain: no reliable time zone for this line";
        tr.appendChild(td);
        tr.appendChild(el("td", "mono", e.k));
        tr.appendChild(el("td", "", e.m));
        tr.appendChild(el("td", "mono", c.files[e.f] + ":" + e.l));
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      details.appendChild(table);
      if (r.n > r.ev.length) details.appendChild(el("p", "small", "Showing the first " + r.ev.length + " of " + r.n + " events of this run; the log has the rest (" + c.files[r.f] + ":" + r.l0 + "\u2013" + r.l1 + ")."));
    }

    function render() {
      // Zooming keeps the selected run, or else the middle of the view, in the middle.
      var keep = inner.offsetWidth ? (scroll.scrollLeft + scroll.clientWidth / 2) / inner.offsetWidth : 0.5;
      if (selected >= 0) keep = ((c.runs[selected].s + c.runs[selected].e) / 2 - t0) / (t1 - t0);
      var fitW = Math.max(scroll.clientWidth || 900, 300) - 2;
      var W = Math.min(Math.round(fitW * zoom), MAX_WIDTH);
      var scale = W / (t1 - t0);
      function x(ms) { return (ms - t0) * scale; }
      clear(inner); clear(labels);
      inner.style.width = W + "px";
      zoomText.textContent = zoom === 1 ? "whole range" : "\u00d7" + zoom;

      var axis = el("div", "tl-axis");
      inner.appendChild(axis);
      var step = STEPS[STEPS.length - 1];
      for (var k = 0; k < STEPS.length; k++) if (STEPS[k] * scale >= 110) { step = STEPS[k]; break; }
      while (step * scale < 110) step *= 2;
      var grid = [];
      for (var t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
        var tick = el("div", "tl-tick");
        tick.style.left = x(t) + "px";
        var day = dayOf(t);
        var text = step >= DAY || t % DAY === 0 ? day + (step < DAY ? " " + clockOf(t, false) : "") : day.slice(5) + " " + clockOf(t, step < 6e4);
        tick.appendChild(el("span", "tl-tick-label" + (step >= DAY || t % DAY === 0 ? " day" : ""), text));
        axis.appendChild(tick);
        grid.push(x(t));
      }

      labels.appendChild(el("div", "tl-axis-spacer"));
      c.lanes.forEach(function (lane) {
        var idx = [];
        c.runs.forEach(function (r, i) { if (r.lane === lane.stage) idx.push(i); });
        idx.sort(function (a, b) { return c.runs[a].s - c.runs[b].s; });
        var rowsEnd = [];
        var place = idx.map(function (i) {
          var r = c.runs[i];
          var left = x(r.s), width = Math.max(x(r.e) - left, 6);
          var row = 0;
          while (row < rowsEnd.length && rowsEnd[row] > left - 2) row++;
          if (row >= MAX_ROWS) row = MAX_ROWS - 1;
          rowsEnd[row] = Math.max(rowsEnd[row] || 0, left + width);
          return { i: i, left: left, width: width, row: row };
        });
        var rows = Math.max(rowsEnd.length, 1);
        var height = Math.max(TOP + rows * ROW + 4, MIN_LANE);
        var label = el("div", "tl-label");
        label.style.height = height + "px";
        label.appendChild(el("span", "", lane.title));
        label.appendChild(el("span", "verdict " + lane.vclass, lane.verdict));
        labels.appendChild(label);
        var row = el("div", "tl-lane" + (idx.length ? "" : " empty"));
        row.setAttribute("data-stage", lane.stage);
        row.style.height = height + "px";
        place.forEach(function (p) {
          var r = c.runs[p.i];
          var b = el("button", "bar r-" + r.o + (r.u ? " unc" : "") + (r.loc ? " loc" : ""));
          b.type = "button";
          b.setAttribute("data-run", String(p.i));
          b.setAttribute("data-result", r.r);
          b.setAttribute("data-outcome", r.o);
          b.style.left = p.left + "px";
          b.style.width = p.width + "px";
          b.style.top = (TOP + p.row * ROW) + "px";
          b.title = r.head + "\n" + r.sub;
          if (p.width >= 70) b.textContent = r.label;
          if (p.i === selected) b.classList.add("sel");
          b.addEventListener("click", function () { showRun(p.i); });
          row.appendChild(b);
        });
        markClusters(lane.stage, x).forEach(function (g) { row.appendChild(markElement(g)); });
        inner.appendChild(row);
      });
      grid.forEach(function (gx) { var g = el("div", "tl-grid"); g.style.left = gx + "px"; inner.appendChild(g); });
      if (c.now !== null) {
        var now = el("div", "tl-now");
        now.style.left = x(c.now) + "px";
        now.title = "reference time " + dayOf(c.now) + " " + clockOf(c.now, true);
        inner.appendChild(now);
      }
      scroll.scrollLeft = Math.max(0, keep * W - scroll.clientWidth / 2);
    }

    // Findings close together on the axis make one marker: the worst severity on top, with their number.
    function markClusters(stage, x) {
      var list = [];
      c.marks.forEach(function (m, i) {
        if (m.stage === stage && !hidden[m.href]) list.push({ m: m, i: i, x: x(m.t) });
      });
      list.sort(function (a, b) { return a.x - b.x || a.i - b.i; });
      var groups = [];
      list.forEach(function (p) {
        var g = groups[groups.length - 1];
        if (g && p.x - g.x0 <= CLUSTER) g.items.push(p);
        else groups.push({ x0: p.x, items: [p] });
      });
      groups.forEach(function (g) {
        g.items.sort(function (a, b) { return RANK[b.m.sev] - RANK[a.m.sev] || a.i - b.i; });
      });
      return groups;
    }

    function markElement(g) {
      var top = g.items[0], m = top.m, n = g.items.length;
      var a = el("a", "mark sev-" + m.sev + (m.u ? " unc" : "") + (n > 1 ? " multi" : ""));
      a.href = m.href;
      a.setAttribute("data-sev", m.sev);
      a.setAttribute("data-count", String(n));
      a.setAttribute("data-findings", g.items.map(function (p) { return p.m.href; }).join(" "));
      var lines = g.items.slice(0, TITLE_MAX).map(function (p) { return p.m.title; });
      if (n > TITLE_MAX) lines.push("\u2026 and " + (n - TITLE_MAX) + " more");
      var title = n > 1 ? n + " findings here, the worst first (the marker goes to the first):\n" + lines.join("\n") : m.title;
      a.title = title;
      a.setAttribute("aria-label", title);
      a.style.left = top.x + "px";
      if (n > 1) a.appendChild(el("span", "mark-n", n));
      return a;
    }

    var maxZoom = 1;
    while (maxZoom < 4096 && span / (maxZoom * 2) >= 3e4) maxZoom *= 2;
    zoomIn.addEventListener("click", function () { if (zoom < maxZoom) { zoom *= 2; render(); } });
    zoomOut.addEventListener("click", function () { if (zoom > 1) { zoom /= 2; render(); } });
    fit.addEventListener("click", function () { zoom = 1; render(); });
    var pending = 0;
    window.addEventListener("resize", function () {
      if (pending) return;
      pending = window.setTimeout(function () { pending = 0; render(); }, 100);
    });
    render();
    return render;
  }

  // Finding filter: stage, severities and words (all must occur), over each finding card's text.
  function setupFilter(box, list, redraw) {
    var stageSel = box.querySelector(".ff-stage");
    var text = box.querySelector(".ff-text");
    var count = box.querySelector(".ff-count");
    var boxes = box.querySelectorAll(".ff-sev input");
    var items = list.querySelectorAll("li.finding");
    var texts = [];
    for (var i = 0; i < items.length; i++) texts.push((items[i].textContent || "").toLowerCase());
    function apply() {
      var stage = stageSel.value;
      var terms = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var sev = {};
      for (var b = 0; b < boxes.length; b++) sev[boxes[b].value] = boxes[b].checked;
      var hidden = {}, shown = 0;
      for (var k = 0; k < items.length; k++) {
        var it = items[k];
        var ok = (!stage || it.getAttribute("data-stage") === stage) && sev[it.getAttribute("data-severity")] === true
          && terms.every(function (t) { return texts[k].indexOf(t) >= 0; });
        it.hidden = !ok;
        if (ok) shown++;
        else hidden["#" + it.id] = true;
      }
      count.textContent = shown === items.length ? "all " + items.length + " shown" : shown + " of " + items.length + " shown";
      redraw(hidden);
    }
    stageSel.addEventListener("change", apply);
    text.addEventListener("input", apply);
    for (var b = 0; b < boxes.length; b++) boxes[b].addEventListener("change", apply);
    box.hidden = false;
    apply();
  }

  var hiddenBy = {}, renders = {};
  var roots = document.querySelectorAll(".timeline[data-client]");
  for (var i = 0; i < roots.length; i++) {
    var key = roots[i].getAttribute("data-client");
    var c = data.clients[Number(key)];
    hiddenBy[key] = {};
    if (c) renders[key] = setup(roots[i], c, hiddenBy[key]);
  }
  var filters = document.querySelectorAll(".f-filter[data-client]");
  for (var f = 0; f < filters.length; f++) {
    (function (box) {
      var key = box.getAttribute("data-client");
      var list = document.querySelector("ol.findings[data-client=\"" + key + "\"]");
      if (!list) return;
      setupFilter(box, list, function (hidden) {
        var h = hiddenBy[key];
        if (!h) return;
        var changed = false;
        Object.keys(h).forEach(function (k) { if (!hidden[k]) { delete h[k]; changed = true; } });
        Object.keys(hidden).forEach(function (k) { if (!h[k]) { h[k] = true; changed = true; } });
        if (changed && renders[key]) renders[key]();
      });
    })(filters[f]);
  }
})();
`;
