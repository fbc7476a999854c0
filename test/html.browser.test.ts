import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { buildTimeline, type Timeline } from "../src/timeline/timeline.js";
import { Classifier } from "../src/events/classify.js";
import { DEFAULT_INPUT } from "../src/input/read.js";
import { diagnose } from "../src/rules/engine.js";
import { RULES } from "../src/rules/registry.js";
import { clientResult, type ClientResult, type RunResult } from "../src/output/result.js";
import { HTML_EVENTS_PER_RUN, toHtml } from "../src/output/html.js";
import { FLOW_STAGES } from "../src/rules/types.js";

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
    throw new Error(`${CHROMIUM} is missing: run test/browser/install-chromium.sh (apt-get install -y chromium) before the tests`);
  });
});

describe.skipIf(!HAVE_CHROMIUM)("HTML report in a browser", () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "patchflow-html-"));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  interface Opened { page: Page; context: BrowserContext; url: string; problems: string[]; requests: string[] }

  /** Writes the report, opens it, and records console errors, page errors and every request the page makes. */
  async function open(html: string, name: string, opts: { bypassCSP?: boolean } = {}): Promise<Opened> {
    const file = path.join(dir, `${name}.html`);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: opts.bypassCSP ?? false });
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
      await expect(page.locator(`table.stages tr[data-stage="${s.stage}"] .verdict`).textContent()).resolves.toBe(s.verdict);
    }

    for (const stage of FLOW_STAGES) expect(await page.locator(`.tl-lane[data-stage="${stage}"]`).count()).toBe(1);
    const drawn = await page.locator(".bar").count();
    expect(drawn).toBe(c.runs!.length);
    expect(await page.locator(`.tl-lane[data-stage="sync"] .bar[data-result="failure"]`).count()).toBeGreaterThan(0);
    for (const stage of FLOW_STAGES) {
      for (const r of ["success", "failure", "did-not-end"] as const) {
        const want = c.runs!.filter((x) => x.type === stage && x.result === r).length;
        expect(await page.locator(`.tl-lane[data-stage="${stage}"] .bar[data-result="${r}"]`).count(), `${stage} ${r}`).toBe(want);
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
      if (f.evidence.length) expect(await page.locator(`.tl-lane[data-stage="${f.stage}"] a.mark[href="#c0-f${i + 1}"]`).count()).toBe(1);
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

  it("shows a fleet: overview counts, worst clients linked, one section per client", async () => {
    const root = path.join(SAMPLES, "fleet");
    const names = readdirSync(root).filter((n) => statSync(path.join(root, n)).isDirectory()).sort();
    const clients = await Promise.all(names.map((n) => client(path.join(root, n), n)));
    const o = await open(toHtml(result(clients, true, ["samples/fleet"])), "fleet");
    const { page } = o;

    await expect(page.locator("h1").innerText()).resolves.toBe(`Patch flow: fleet of ${clients.length} clients`);
    for (const stage of FLOW_STAGES) {
      for (const v of ["ok", "warning", "failed", "no evidence"] as const) {
        const want = clients.filter((c) => c.diagnosis.stages.find((s) => s.stage === stage)!.verdict === v).length;
        await expect(page.locator(`table.fleet-stages tr[data-stage="${stage}"] td[data-verdict="${v}"]`).innerText()).resolves.toBe(String(want));
      }
    }
    const ruleCount = new Map<string, number>();
    for (const c of clients) for (const f of c.diagnosis.findings) ruleCount.set(f.ruleId, (ruleCount.get(f.ruleId) ?? 0) + 1);
    expect(ruleCount.size).toBeGreaterThan(0);
    for (const [id, n] of ruleCount) {
      await expect(page.locator(`table.fleet-rules tr[data-rule="${id}"] td`).nth(2).innerText()).resolves.toBe(String(n));
    }

    const worst = page.locator("table.fleet-worst tbody tr");
    expect(await worst.count()).toBeGreaterThan(0);
    const top = [...clients].sort((a, b) => b.diagnosis.counts.error - a.diagnosis.counts.error || b.diagnosis.counts.warning - a.diagnosis.counts.warning)[0];
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
    await expect(o.page.locator(".tl-details").innerText()).resolves.toContain(`Showing the first ${HTML_EVENTS_PER_RUN} of ${c.events!.length} events`);
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
