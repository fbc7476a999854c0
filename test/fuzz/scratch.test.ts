import { it } from "vitest";
import fc from "fast-check";
import { logDocument, readSettings } from "./arbitraries.js";
import { checkDocument, describeCase } from "./properties.js";
it("scratch", async () => {
  const seen = new Map<string, string>();
  for (let seed = 1; seed <= Number(process.env.SEEDS ?? 20); seed++) {
    const r = await fc.check(fc.asyncProperty(logDocument, readSettings, async (d, s) => { const e = await checkDocument(d, s); if (e) throw new Error(e); }), { seed, numRuns: 50 });
    if (r.failed) {
      const [d, s] = r.counterexample!;
      const msg = (r.errorInstance as Error).message.split("\n")[0].slice(0, 150);
      if (!seen.has(msg)) { seen.set(msg, describeCase(d, s)); console.log(`seed ${seed}: ${(r.errorInstance as Error).message.slice(0, 600)}\n  case: ${describeCase(d, s).slice(0, 800)}`); }
    }
  }
}, 600_000);
