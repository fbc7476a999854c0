import { describe, expect, it } from "vitest";
import type { TokenType } from "chevrotain";
import { ccmTokens } from "../../grammars/ccm/tokens.js";
import { traceTokens } from "../../grammars/trace/tokens.js";
import { viewerTokens } from "../../grammars/viewer/tokens.js";
import { ccmGrammar } from "../../grammars/ccm/index.js";
import { traceGrammar } from "../../grammars/trace/index.js";
import { viewerGrammar } from "../../grammars/viewer/index.js";
import { TIMING_CHECKS, withinBound } from "../helpers/timing.js";

// Frame grammar token patterns cannot hang: every token pattern of the CCM, trace and viewer lexers is run on
// 100,000 repetitions of each character its source mentions and of `]`, `<`, `$`, TAB, space and `0`, alone and
// after the openers of every format (so that a pattern gets past its literal start and into its loops), the way
// the lexer runs it: sticky, at the current offset. (Not as a search: no code searches with these patterns, and a
// search with `[A-Za-z_]+="` is quadratic on a run of letters by nature.) A pattern that backtracks without bound
// takes seconds or more on such text; linear ones take about a millisecond. The grammars as a whole are checked
// too, since a lexer that keeps failing long attempts one character apart is quadratic with linear patterns.

const N = 100_000;
/** Per probe, and per pattern over all its probes (generous: two cores, other tests running). */
const PROBE_BUDGET_MS = 250;
const PATTERN_BUDGET_MS = 4000;

const ALWAYS = ["]", "<", "$", "\t", " ", "0"];
const OPENERS = [
  "",
  "<![LOG[",
  "<![LOG[x]LOG]!><",
  'time="',
  "$$<",
  "$$&<",
  "><",
  "><Fri May 05 10:00:14.466 2000 ",
  "><05-16-2000 13:17:10.804",
  "><Fri May 05 10:00:14.466 2000><thread=",
  "4/2/99 ",
  "4/2/99 12:01:35 AM\t",
  "4/2/99 12:01:35 AM\t182 (0x",
];

function regexOf(t: TokenType): RegExp | undefined {
  const p = t.PATTERN;
  if (!(p instanceof RegExp) || p.source === "NOT_APPLICABLE") return undefined;
  return p;
}

const tokens: Array<[string, TokenType]> = [
  ...ccmTokens().all.map((t) => [`ccm ${t.name}`, t] as [string, TokenType]),
  ...traceTokens.map((t) => [`trace ${t.name}`, t] as [string, TokenType]),
  ...viewerTokens.map((t) => [`viewer ${t.name}`, t] as [string, TokenType]),
].filter(([, t]) => regexOf(t) !== undefined);

describe("frame grammar token patterns cannot hang", () => {
  it("every grammar has token patterns to check", () => {
    for (const g of ["ccm", "trace", "viewer"])
      expect(tokens.filter(([n]) => n.startsWith(`${g} `)).length).toBeGreaterThan(2);
  });

  // Only a clock can tell this one (V8 gives no step count for a regular expression), so it runs with the timing
  // checks (`npm run test:timing`) and not in `npm test`, where it could assert nothing else.
  it.runIf(TIMING_CHECKS).each(tokens)(
    "%s: linear on 100,000 repetitions of every character it mentions, after every opener",
    (_name, token) => {
      const re = regexOf(token)!;
      const sticky = new RegExp(re.source, `${re.flags.replace(/[gy]/g, "")}y`);
      const chars = [...new Set([...re.source, ...ALWAYS])];
      let total = 0;
      let worst = { ms: 0, probe: "" };
      for (const opener of OPENERS) {
        for (const c of chars) {
          const text = opener + c.repeat(N);
          const t0 = performance.now();
          sticky.lastIndex = 0;
          sticky.exec(text);
          const ms = performance.now() - t0;
          total += ms;
          if (ms > worst.ms) worst = { ms, probe: `${JSON.stringify(opener)} + ${JSON.stringify(c)} x ${N}` };
        }
      }
      withinBound(worst.ms, PROBE_BUDGET_MS, `slowest probe ${worst.probe}`);
      withinBound(total, PATTERN_BUDGET_MS, "all probes");
    },
  );

  // The lexer as a whole: a token that scans far and then fails leaves one character to another token, and the
  // scan starts again at the next character. Whole grammars on the same texts (500,000 characters) must stay
  // linear too.
  it.each([ccmGrammar, traceGrammar, viewerGrammar].map((g) => [g.format, g] as const))(
    "%s grammar: whole texts of repeated openers and characters parse in linear time",
    (_f, g) => {
      const units = [...OPENERS.filter(Boolean), ...ALWAYS, "]LOG]!>", "><", "~", "\\", '"', "a "];
      for (const unit of units) {
        for (const text of [
          unit.repeat(Math.ceil(500_000 / unit.length)),
          ...["x", "1", " ", "<"].map((c) => unit + c.repeat(500_000)),
        ]) {
          const t0 = performance.now();
          const r = g.parse(text, true);
          const ms = performance.now() - t0;
          withinBound(ms, 5000, `${g.format} on ${JSON.stringify(unit)} repeated`);
          expect(r.consumed).toBe(text.length);
        }
      }
    },
  );
});
