import { FLOW_STAGES, type Evidence, type Finding } from "../model/finding.js";
import type { ClientResult, RunResult } from "../model/result.js";
import { xmlAttr, xmlText } from "../text/xml.js";
import { parseTimeConvention, showTime, type TimeConvention } from "../time/show.js";

/**
 * JUnit XML in the shape Jenkins, GitLab and Azure DevOps read: one `<testsuite>` per client, one `<testcase>` per
 * stage of the patch flow. Each error finding is a `<failure>`; a stage with no log (verdict "no evidence") and no
 * error is `<skipped>`; warnings and info go to `<system-out>`. `failures` counts `<failure>` elements (a stage with
 * two error findings counts two), `tests` and `skipped` count test cases. A client that could not be read is a suite
 * with one `<error>` test case.
 */
export interface JunitOptions {
  /** The time convention of evidence lines (`--tz`); the one the result was made with when not given. */
  tz?: TimeConvention;
}

export function toJunit(result: RunResult, opts: JunitOptions = {}): string {
  const tz = opts.tz ?? parseTimeConvention(result.tz);
  const suites: string[] = [];
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const c of result.clients) {
    const s = clientSuite(c, tz);
    suites.push(s.xml);
    total.tests += s.tests;
    total.failures += s.failures;
    total.skipped += s.skipped;
  }
  for (const f of result.failedClients) {
    suites.push(
      `  <testsuite name="${xmlAttr(f.client)}" tests="1" failures="0" errors="1" skipped="0">\n` +
        `    <testcase classname="${xmlAttr(`patchflow.${f.client}`)}" name="input">\n` +
        `      <error message="${xmlAttr(f.error)}" type="unreadable">${xmlText(f.error)}</error>\n` +
        `    </testcase>\n  </testsuite>`,
    );
    total.tests++;
    total.errors++;
  }
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="patchflow" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}">`,
    ...suites,
    `</testsuites>`,
    "",
  ].join("\n");
}

function clientSuite(
  c: ClientResult,
  tz: TimeConvention,
): { xml: string; tests: number; failures: number; skipped: number } {
  let failures = 0;
  let skipped = 0;
  const cases: string[] = [];
  for (const stage of FLOW_STAGES) {
    const verdict = c.diagnosis.stages.find((s) => s.stage === stage)?.verdict ?? "no evidence";
    const mine = c.diagnosis.findings.filter((f) => f.stage === stage);
    const errors = mine.filter((f) => f.severity === "error");
    const others = mine.filter((f) => f.severity !== "error");
    const body: string[] = [];
    for (const f of errors)
      body.push(
        `      <failure message="${xmlAttr(f.message)}" type="${xmlAttr(f.ruleId)}">${xmlText(failureText(f, tz))}</failure>`,
      );
    failures += errors.length;
    if (!errors.length && verdict === "no evidence") {
      skipped++;
      body.push(`      <skipped message="${xmlAttr(`no log of the ${stage} stage was found`)}"/>`);
    }
    if (others.length) body.push(`      <system-out>${xmlText(others.map(outLine).join("\n"))}</system-out>`);
    const open = `    <testcase classname="${xmlAttr(`patchflow.${c.client}`)}" name="${stage}"`;
    cases.push(body.length ? `${open}>\n${body.join("\n")}\n    </testcase>` : `${open}/>`);
  }
  const head = `  <testsuite name="${xmlAttr(c.client)}" tests="${FLOW_STAGES.length}" failures="${failures}" errors="0" skipped="${skipped}">`;
  return { xml: [head, ...cases, "  </testsuite>"].join("\n"), tests: FLOW_STAGES.length, failures, skipped };
}

function evidenceLine(e: Evidence, tz: TimeConvention): string {
  return `${e.file}:${e.line}  ${showTime(e.utc, e.local, tz, "second")}  ${e.message}`;
}

function failureText(f: Finding, tz: TimeConvention): string {
  return [
    `${f.ruleId}: ${f.message}`,
    ...f.evidence.map((e) => `  ${evidenceLine(e, tz)}`),
    `What to do: ${f.remedy}`,
  ].join("\n");
}

function outLine(f: Finding): string {
  const where = f.evidence[0] ? ` (${f.evidence[0].file}:${f.evidence[0].line})` : "";
  return `${f.severity.toUpperCase()} ${f.ruleId}: ${f.message}${where}`;
}
