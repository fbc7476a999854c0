import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { buildTimeline } from "../src/pipeline/timeline.js";
import { Classifier } from "../src/events/classify.js";
import { DEFAULT_INPUT } from "../src/model/input.js";
import { diagnose } from "../src/rules/engine.js";
import { RULES } from "../src/rules/registry.js";
import { clientResult } from "../src/pipeline/result.js";
import { toHtml } from "../src/output/html.js";

/**
 * The report's Updates section in a real browser (Debian's Chromium, as test/html.browser.test.ts): one row per
 * update, its steps as markers, and opening a row shows each step's evidence lines. Skipped without Chromium.
 */
const CHROMIUM = "/usr/bin/chromium";
const SAMPLES = path.resolve(__dirname, "../samples");

// In CI a missing browser is a failure, not a skip (as in test/html.browser.test.ts).
describe.runIf(!existsSync(CHROMIUM) && Boolean(process.env.CI))("HTML report: updates", () => {
  it("needs Chromium", () => {
    throw new Error(
      `${CHROMIUM} is missing: run test/browser/install-chromium.sh (apt-get install -y chromium) before the tests`,
    );
  });
});

describe.skipIf(!existsSync(CHROMIUM))("HTML report: updates", () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "patchflow-updates-html-"));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("one row per update; clicking a row's steps shows their evidence", async () => {
    const sample = path.join(SAMPLES, "install-failures");
    const tl = await buildTimeline([sample], DEFAULT_INPUT, new Classifier());
    const c = clientResult("install-failures", sample, tl, diagnose(tl, RULES), true);
    const file = path.join(dir, "report.html");
    writeFileSync(
      file,
      toHtml({
        tool: { name: "patchflow", version: "0.0.0-test" },
        fleet: false,
        inputs: [sample],
        clients: [c],
        failedClients: [],
      }),
    );
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    expect(await page.locator("table.updates > tbody > tr").count()).toBe(c.updates.updates.length);
    const row = page.locator('tr[data-update="KB918899"]');
    expect(await row.locator("summary .chip").allInnerTexts()).toEqual([
      "catalog 2006-08-08",
      "Applicable 08-09 03:00",
      "inventoried 08-09 03:00",
      "authorized 08-10 12:00",
      "exit 1603 08-10 16:03",
      "exit 1618 08-11 12:00",
    ]);
    const evidence = row.locator("ol.update-steps");
    expect(await evidence.isVisible()).toBe(false);
    await row.locator("summary").click();
    expect(await evidence.isVisible()).toBe(true);
    expect(await evidence.innerText()).toContain("PatchInstall.log:18");
    expect(problems).toEqual([]);
    await page.close();
  });
});
