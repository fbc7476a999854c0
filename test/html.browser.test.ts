/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { buildTimeline } from "../src/pipeline/timeline.js";
import type { Timeline } from "../src/model/timeline.js";
import { Classifier } from "../src/events/classify.js";
import { DEFAULT_INPUT } from "../src/model/input.js";
import { diagnose } from "../src/rules/engine.js";
import { RULES } from "../src/rules/registry.js";
import { clientResult } from "../src/pipeline/result.js";
import type { ClientResult, RunResult } from "../src/model/result.js";
import { HTML_EVENTS_PER_RUN, runOutcome, toHtml } from "../src/output/html.js";
import type { Severity } from "../src/model/event.js";
import { FLOW_STAGES } from "../src/model/finding.js";

/**
 * The HTML report opened in a real browser (Debian's Chromium through playwright-core): it renders without
 * errors, draws the runs, shows a run's events on click, keeps log text as text, and loads nothing from anywhere.
 * Chromium comes from test/browser/install-chromium.sh; without it the suite is skipped, except in CI.
 */
const CHROMIUM = "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SAMPLES = path.resolve(__dirname, "../samples");
const SCREENSHOT = "/tmp/patchflow-report.png";

const SCRIPT_PAYLOAD = "<script>window.__pwned=1</script>";
const IMG_PAYLOAD = `"><img src=x onerror="window.__pwned=2">`;
const JSON_PAYLOAD = "</script><script>window.__pwned=3</script><!--\u2028";

async function client(dir: string, name = path.basename(dir), mutate?: (tl: Timeline) => void): Promise<ClientResult> {
  const tl = await buildTimeline([dir], DEFAULT_INPUT, new Classifier());
  mutate?.(tl);
  return clientResult(name, dir, tl, diagnose(tl, RULES), true);
}

function result(clients: ClientResult[], fleet: boolean, inputs: string[]): RunResult {
  return { tool: { name: "patchflow", version: "0.0.0-test" }, fleet, inputs, clients, failedClients: [] };
}

describe.runIf(!HAVE_CHROMIUM && Boolean(process.env.CI))("HTML report in a browser", () => {
  it("needs Chromium", () => {
    throw new Error(
      `${CHROMIUM} is missing: run test/browser/install-chromium.sh (apt-get install -y chromium) before the tests`,
    );
  });
});

describe.skipIf(!HAVE_CHROMIUM)("HTML report in a browser", () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "patchflow-html-"));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  interface Opened {
    page: Page;
    context: BrowserContext;
    url: string;
    problems: string[];
    requests: string[];
  }

  /** Writes the report, opens it, and records console errors, page errors and every request the page makes. */
  async function open(html: string, name: string, opts: { bypassCSP?: boolean } = {}): Promise<Opened> {
    const file = path.join(dir, `${name}.html`);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      bypassCSP: opts.bypassCSP ?? false,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: "load" });
    return { page, context, url, problems, requests };
  }

  async function closeClean(o: Opened): Promise<void> {
    expect(o.problems).toEqual([]);
    expect(o.requests).toEqual([o.url]);
    await o.context.close();
  }

  it("shows the default sample: verdicts, findings, five lanes with runs, events on click", async () => {
    const c = await client(path.join(SAMPLES, "default"));
    const o = await open(toHtml(result([c], false, ["samples/default"])), "default");
    const { page } = o;

    await expect(page.title()).resolves.toBe("Patch flow: default");
    for (const s of c.diagnosis.stages) {
      await expect(page.locator(`table.stages tr[data-stage="${s.stage}"] .verdict`).textContent()).resolves.toBe(
        s.verdict,
      );
    }

    for (const stage of FLOW_STAGES) expect(await page.locator(`.tl-lane[data-stage="${stage}"]`).count()).toBe(1);
    const drawn = await page.locator(".bar").count();
    expect(drawn).toBe(c.runs!.length);
    expect(await page.locator(`.tl-lane[data-stage="sync"] .bar[data-result="failure"]`).count()).toBeGreaterThan(0);
    for (const stage of FLOW_STAGES) {
      for (const r of ["success", "failure", "did-not-end"] as const) {
        const want = c.runs!.filter((x) => x.type === stage && x.result === r).length;
        expect(
          await page.locator(`.tl-lane[data-stage="${stage}"] .bar[data-result="${r}"]`).count(),
          `${stage} ${r}`,
        ).toBe(want);
      }
    }

    expect(c.diagnosis.findings.length).toBeGreaterThan(0);
    for (const [i, f] of c.diagnosis.findings.entries()) {
      const item = page.locator(`#c0-f${i + 1}`);
      await expect(item.getAttribute("data-rule")).resolves.toBe(f.ruleId);
      const text = await item.innerText();
      expect(text).toContain(f.message);
      expect(text).toContain(f.remedy);
      for (const e of f.evidence.slice(0, 3)) expect(text).toContain(`${e.file}:${e.line}`);
      if (f.evidence.length)
        expect(
          await page.locator(`.tl-lane[data-stage="${f.stage}"] a.mark[data-findings~="#c0-f${i + 1}"]`).count(),
        ).toBe(1);
    }

    // A failed sync run: clicking its bar lists the run's lines in the details panel.
    const bar = page.locator(`.tl-lane[data-stage="sync"] .bar[data-result="failure"]`).last();
    await bar.click();
    const runIndex = Number(await bar.getAttribute("data-run"));
    const syncFailures = c.runs!.filter((r) => r.type === "sync" && r.result === "failure");
    const run = syncFailures[syncFailures.length - 1];
    expect(runIndex).toBeGreaterThanOrEqual(0);
    const rows = page.locator(".tl-details table tbody tr");
    await expect(rows.count()).resolves.toBe(run.events.length);
    const firstEvent = c.events!.find((e) => e.seq === run.events[0])!;
    await expect(rows.first().innerText()).resolves.toContain(`${firstEvent.file}:${firstEvent.line}`);
    await expect(page.locator(".tl-details h4").innerText()).resolves.toContain("sync run: failure");
    expect(await bar.getAttribute("class")).toContain("sel");

    // Zooming redraws every run and keeps the selection.
    await page.locator(".tl-tools button", { hasText: "+" }).click();
    await page.locator(".tl-tools button", { hasText: "+" }).click();
    expect(await page.locator(".bar").count()).toBe(drawn);
    expect(await page.locator(".bar.sel").count()).toBe(1);
    await page.locator(".tl-tools button", { hasText: "fit" }).click();

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await closeClean(o);
  });

  const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

  /** The element the browser hits at a marker's centre is that marker: it is on top and takes the click. */
  async function onTop(page: Page, selector: string, n: number): Promise<boolean> {
    return page
      .locator(selector)
      .nth(n)
      .evaluate((m) => {
        m.scrollIntoView({ block: "center", inline: "center" });
        const r = m.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit !== null && (hit === m || m.contains(hit));
      });
  }

  it("draws the worst finding on top: markers at one place make one, coloured by the worst, clickable", async () => {
    const c = await client(path.join(SAMPLES, "default"));
    const o = await open(toHtml(result([c], false, ["samples/default"])), "marks");
    const { page } = o;
    const sevOf = new Map(c.diagnosis.findings.map((f, i) => [`#c0-f${i + 1}`, f.severity]));
    // The sync lane holds two errors, each with a warning or info finding seconds away.
    const syncErrors = c.diagnosis.findings.filter(
      (f) => f.stage === "sync" && f.severity === "error" && f.evidence.length,
    ).length;
    expect(syncErrors).toBe(2);

    for (const zoom of [0, 3]) {
      for (let z = 0; z < zoom; z++) await page.locator(".tl-tools button", { hasText: "+" }).click();
      const marks = await page.locator("a.mark").evaluateAll((ms) =>
        ms.map((m) => ({
          sev: m.getAttribute("data-sev"),
          href: m.getAttribute("href"),
          count: Number(m.getAttribute("data-count")),
          findings: (m.getAttribute("data-findings") ?? "").split(" "),
          label: m.querySelector(".mark-n")?.textContent ?? null,
        })),
      );
      // Every finding with evidence is behind exactly one marker.
      const covered = marks.flatMap((m) => m.findings).sort();
      expect(covered).toEqual(
        c.diagnosis.findings.flatMap((f, i) => (f.evidence.length ? [`#c0-f${i + 1}`] : [])).sort(),
      );
      for (const m of marks) {
        const worst = m.findings.map((h) => sevOf.get(h)!).sort((a, b) => RANK[b] - RANK[a])[0];
        expect(m.sev, JSON.stringify(m)).toBe(worst);
        expect(sevOf.get(m.href!)).toBe(worst);
        expect(m.count).toBe(m.findings.length);
        expect(m.label).toBe(m.count > 1 ? String(m.count) : null);
      }
      if (zoom === 0) expect(marks.some((m) => m.count > 1 && m.sev === "error")).toBe(true);
      const errorMarks = page.locator(`.tl-lane[data-stage="sync"] a.mark[data-sev="error"]`);
      expect(await errorMarks.count()).toBeGreaterThan(0);
      for (let i = 0; i < (await errorMarks.count()); i++) {
        expect(
          await onTop(page, `.tl-lane[data-stage="sync"] a.mark[data-sev="error"]`, i),
          `error marker ${i} at zoom ${zoom}`,
        ).toBe(true);
      }
      // Its colour is the error colour, whatever lies beside it.
      const colours = await errorMarks.evaluateAll((ms) =>
        ms.map((m) => getComputedStyle(m, "::before").backgroundColor),
      );
      const errorColour = await page
        .locator(".legend .mk.sev-error")
        .first()
        .evaluate((e) => getComputedStyle(e).backgroundColor);
      for (const col of colours) expect(col).toBe(errorColour);
    }

    // Clicking the error marker goes to an error finding.
    await page.locator(".tl-tools button", { hasText: "fit" }).click();
    const first = page.locator(`.tl-lane[data-stage="sync"] a.mark[data-sev="error"]`).first();
    const box = (await first.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const hash = await page.evaluate(() => location.hash);
    expect(sevOf.get(hash)).toBe("error");
    expect(await page.locator(`${hash}`).getAttribute("data-severity")).toBe("error");

    // The legend has a severity key.
    for (const s of ["error", "warning", "info"])
      await expect(page.locator(`.legend .mk.sev-${s}`).count()).resolves.toBeGreaterThan(0);
    // The timeline comes before the findings.
    const order = await page.evaluate(() => {
      const tl = document.querySelector(".timeline")!;
      const list = document.querySelector("ol.findings")!;
      return {
        before: Boolean(tl.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING),
        tlTop: tl.getBoundingClientRect().top,
        listTop: list.getBoundingClientRect().top,
      };
    });
    expect(order.before).toBe(true);
    expect(order.tlTop).toBeLessThan(order.listTop);
    await closeClean(o);
  });

  it("colours a run by its worst outcome: a PatchInstall run with a patch failed with 1603 is not green", async () => {
    const c = await client(path.join(SAMPLES, "install-failures"));
    const o = await open(toHtml(result([c], false, ["samples/install-failures"])), "outcomes");
    const { page } = o;
    const run1603 = c.runs!.find((r) => r.type === "install" && r.exitCode === 1603)!;
    expect(run1603.result).toBe("success");
    expect(runOutcome(run1603)).toBe("errors");
    const bars = await page.locator(".bar").evaluateAll((bs) =>
      bs.map((b) => ({
        run: Number(b.getAttribute("data-run")),
        outcome: b.getAttribute("data-outcome"),
        cls: b.className,
        bg: getComputedStyle(b).backgroundColor,
        img: getComputedStyle(b).backgroundImage,
      })),
    );
    expect(bars.length).toBe(c.runs!.length);
    const green = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--ok").trim());
    const toRgb = (hex: string): string => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
    for (const b of bars) expect(b.outcome).toBe(runOutcome(c.runs![b.run]));
    const bar1603 = bars.find((b) => b.run === c.runs!.indexOf(run1603))!;
    expect(bar1603.cls).toContain("r-errors");
    expect(bar1603.bg).not.toBe(toRgb(green));
    expect(bar1603.img).toContain("gradient");
    expect(bars.some((b) => b.outcome === "success" && b.bg === toRgb(green))).toBe(true);
    await expect(page.locator(".legend .sw.r-errors").count()).resolves.toBe(1);
    await closeClean(o);
  });

  it("filters the findings by stage, severity and words, and the timeline shows only those", async () => {
    const c = await client(path.join(SAMPLES, "install-failures"));
    const o = await open(toHtml(result([c], false, ["samples/install-failures"])), "filter");
    const { page } = o;
    const all = c.diagnosis.findings;
    expect(new Set(all.map((f) => f.stage)).size).toBeGreaterThan(1);
    const shown = async (): Promise<string[]> =>
      page.locator("li.finding:visible").evaluateAll((ls) => ls.map((l) => l.id));
    const ids = (pred: (f: (typeof all)[number]) => boolean): string[] =>
      all.flatMap((f, i) => (pred(f) ? [`c0-f${i + 1}`] : []));
    const marked = async (): Promise<string[]> =>
      (
        await page
          .locator("a.mark")
          .evaluateAll((ms) => ms.flatMap((m) => (m.getAttribute("data-findings") ?? "").split(" ")))
      )
        .map((h) => h.slice(1))
        .sort();

    await expect(page.locator(".f-filter").isVisible()).resolves.toBe(true);
    expect(await shown()).toEqual(ids(() => true));
    await expect(page.locator(".ff-count").innerText()).resolves.toBe(`all ${all.length} shown`);

    await page.locator(".ff-stage").selectOption("install");
    expect(await shown()).toEqual(ids((f) => f.stage === "install"));
    expect(await marked()).toEqual(ids((f) => f.stage === "install" && f.evidence.length > 0).sort());
    await expect(page.locator(".ff-count").innerText()).resolves.toBe(
      `${ids((f) => f.stage === "install").length} of ${all.length} shown`,
    );

    await page.locator(`.ff-sev input[value="error"]`).uncheck();
    expect(await shown()).toEqual(ids((f) => f.stage === "install" && f.severity !== "error"));

    await page.locator(".ff-stage").selectOption("");
    await page.locator(`.ff-sev input[value="error"]`).check();
    await page.locator(".ff-text").fill("1603");
    const with1603 = ids((f) =>
      `${f.ruleId} ${f.message} ${f.remedy} ${f.evidence
        .slice(0, 20)
        .map((e) => `${e.file}:${e.line} ${e.message}`)
        .join(" ")}`.includes("1603"),
    );
    expect(with1603.length).toBeGreaterThan(0);
    expect(with1603.length).toBeLessThan(all.length);
    expect(await shown()).toEqual(with1603);

    await page.locator(".ff-text").fill("no-such-words-anywhere");
    expect(await shown()).toEqual([]);
    expect(await marked()).toEqual([]);
    await page.locator(".ff-text").fill("");
    expect(await shown()).toEqual(ids(() => true));
    await closeClean(o);
  });

  it("prints without the controls and keeps each finding card whole", async () => {
    const c = await client(path.join(SAMPLES, "install-failures"));
    const o = await open(toHtml(result([c], false, ["samples/install-failures"])), "print");
    const { page } = o;
    await expect(page.locator(".tl-tools button").first().isVisible()).resolves.toBe(true);
    await page.locator(".ff-text").fill("1603");
    await page.emulateMedia({ media: "print" });
    for (const sel of [".tl-tools", ".tl-tools button", ".f-filter"])
      await expect(page.locator(sel).first().isVisible(), sel).resolves.toBe(false);
    // A filter on screen does not drop findings from paper.
    expect(await page.locator("li.finding:visible").count()).toBe(c.diagnosis.findings.length);
    const breaks = await page.locator("li.finding").evaluateAll((ls) => ls.map((l) => getComputedStyle(l).breakInside));
    expect(breaks.every((b) => b === "avoid")).toBe(true);
    await expect(page.locator(".timeline").evaluate((e) => getComputedStyle(e).breakInside)).resolves.toBe("avoid");
    // The bars keep their colours on paper.
    await expect(
      page
        .locator(".bar")
        .first()
        .evaluate((e) => getComputedStyle(e).printColorAdjust),
    ).resolves.toBe("exact");
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await page.emulateMedia({ media: "screen" });
    await expect(page.locator(".tl-tools button").first().isVisible()).resolves.toBe(true);
    await closeClean(o);
  });

  it("shows a fleet: overview counts, worst clients linked, one section per client", async () => {
    const root = path.join(SAMPLES, "fleet");
    const names = readdirSync(root)
      .filter((n) => statSync(path.join(root, n)).isDirectory())
      .sort();
    const clients = await Promise.all(names.map((n) => client(path.join(root, n), n)));
    const o = await open(toHtml(result(clients, true, ["samples/fleet"])), "fleet");
    const { page } = o;

    await expect(page.locator("h1").innerText()).resolves.toBe(`Patch flow: fleet of ${clients.length} clients`);
    for (const stage of FLOW_STAGES) {
      for (const v of ["ok", "warning", "failed", "no evidence"] as const) {
        const want = clients.filter((c) => c.diagnosis.stages.find((s) => s.stage === stage)!.verdict === v).length;
        await expect(
          page.locator(`table.fleet-stages tr[data-stage="${stage}"] td[data-verdict="${v}"]`).innerText(),
        ).resolves.toBe(String(want));
      }
    }
    const ruleCount = new Map<string, number>();
    for (const c of clients)
      for (const f of c.diagnosis.findings) ruleCount.set(f.ruleId, (ruleCount.get(f.ruleId) ?? 0) + 1);
    expect(ruleCount.size).toBeGreaterThan(0);
    for (const [id, n] of ruleCount) {
      await expect(page.locator(`table.fleet-rules tr[data-rule="${id}"] td`).nth(2).innerText()).resolves.toBe(
        String(n),
      );
    }

    const worst = page.locator("table.fleet-worst tbody tr");
    expect(await worst.count()).toBeGreaterThan(0);
    const top = [...clients].sort(
      (a, b) =>
        b.diagnosis.counts.error - a.diagnosis.counts.error || b.diagnosis.counts.warning - a.diagnosis.counts.warning,
    )[0];
    await expect(worst.first().locator("a").innerText()).resolves.toBe(top.client);
    const href = (await worst.first().locator("a").getAttribute("href"))!;
    await page.locator(`table.fleet-worst a[href="${href}"]`).click();
    await expect(page.locator(`${href} h2`).innerText()).resolves.toContain(top.client);

    expect(await page.locator("section.client").count()).toBe(clients.length);
    for (const [i, c] of clients.entries()) {
      const section = page.locator(`#client-${i}`);
      for (const stage of FLOW_STAGES) expect(await section.locator(`.tl-lane[data-stage="${stage}"]`).count()).toBe(1);
      expect(await section.locator(".bar").count()).toBe(c.runs!.length);
      expect(await section.locator("li.finding").count()).toBe(c.diagnosis.findings.length);
    }
    await closeClean(o);
  });

  it("keeps log text as text: no markup, no script runs, with or without the page's CSP", async () => {
    const evil = await client(path.join(SAMPLES, "default"), `WKS${IMG_PAYLOAD}`, (tl) => {
      const failed = tl.runs.find((r) => r.type === "sync" && r.result === "failure")!;
      for (const seq of failed.events) {
        const e = tl.events[seq];
        e.message = `${e.message} ${SCRIPT_PAYLOAD} ${IMG_PAYLOAD} ${JSON_PAYLOAD}`;
        e.kind = `${e.kind}${SCRIPT_PAYLOAD}`;
      }
    });
    const f = evil.diagnosis.findings[0];
    f.message = `${f.message} ${SCRIPT_PAYLOAD} ${IMG_PAYLOAD}`;
    f.remedy = `${IMG_PAYLOAD} ${f.remedy}`;
    f.ruleId = `${f.ruleId}${IMG_PAYLOAD}`;
    const html = toHtml(result([evil], true, [`samples/${SCRIPT_PAYLOAD}`]));
    expect(html.match(/<script/g)?.length).toBe(2);
    expect(html).not.toContain("<img");

    for (const bypassCSP of [false, true]) {
      const o = await open(html, `evil-${bypassCSP}`, { bypassCSP });
      const { page } = o;
      const pageText = await page.locator("body").innerText();
      expect(pageText).toContain(SCRIPT_PAYLOAD);
      expect(pageText).toContain(IMG_PAYLOAD);
      expect(await page.locator("img").count()).toBe(0);
      expect(await page.locator("script").count()).toBe(2);
      await expect(page.locator("#c0-f1 .f-msg").innerText()).resolves.toContain(SCRIPT_PAYLOAD);
      await expect(page.locator("#client-0 h2").innerText()).resolves.toContain(IMG_PAYLOAD);

      await page.locator(`.tl-lane[data-stage="sync"] .bar[data-result="failure"]`).first().click();
      const details = await page.locator(".tl-details").innerText();
      expect(details).toContain(SCRIPT_PAYLOAD);
      expect(details).toContain(IMG_PAYLOAD);
      expect(details).toContain("</script><script>window.__pwned=3</script><!--");
      await expect(page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).resolves.toBeUndefined();
      await closeClean(o);
    }
  });

  it("caps the events per run and says so; draws local-only logs on a local axis", async () => {
    const c = await client(path.join(SAMPLES, "default"));
    const big = c.runs!.find((r) => r.type === "sync")!;
    big.events = c.events!.map((e) => e.seq);
    big.end = big.events[big.events.length - 1];
    const o = await open(toHtml(result([c], false, ["samples/default"])), "capped");
    await o.page.locator(`.bar[data-run="${c.runs!.indexOf(big)}"]`).click({ force: true });
    await expect(o.page.locator(".tl-details table tbody tr").count()).resolves.toBe(HTML_EVENTS_PER_RUN);
    await expect(o.page.locator(".tl-details").innerText()).resolves.toContain(
      `Showing the first ${HTML_EVENTS_PER_RUN} of ${c.events!.length} events`,
    );
    await closeClean(o);

    const local = await client(path.join(SAMPLES, "sms20-layout"));
    expect(local.events!.every((e) => e.time.utc === null && e.timeUncertain)).toBe(true);
    const l = await open(toHtml(result([local], false, ["samples/sms20-layout"])), "local");
    await expect(l.page.locator(".tl-tools").innerText()).resolves.toContain("local time");
    expect(await l.page.locator(".bar").count()).toBe(local.runs!.length);
    expect(await l.page.locator(".bar.unc").count()).toBe(local.runs!.length);
    await closeClean(l);
  });
});
