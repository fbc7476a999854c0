/**
 * The long fuzz run: `npm run fuzz [-- SEEDS] [--from N] [--runs N] [--workers N] [--watchdog SECONDS]`.
 *
 * Runs the properties of test/fuzz/properties.ts (the ones `npm test` runs a few thousand times) for every seed
 * in a fixed range, each seed with many cases, in worker threads. A seed whose cases do not finish within the
 * watchdog time is a hang: its worker is terminated and the seed reported. Prints the cases run, each failure
 * with its seed and fast-check's shrunk (minimal) counterexample, and the time; exits 1 when anything failed.
 *
 * Defaults: seeds 1..2000, 200 documents a seed (plus grammar and chunking cases): a few minutes on two cores.
 * Re-run one seed with `npm run fuzz -- 1 --from <seed>`.
 */
import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import fc from "fast-check";
import { ccmGrammar } from "../../grammars/ccm/index.js";
import { traceGrammar } from "../../grammars/trace/index.js";
import { viewerGrammar } from "../../grammars/viewer/index.js";
import { plainGrammar } from "../../grammars/plain/index.js";
import { eol, largeDocument, logDocument, readSettings, richPiece } from "./arbitraries.js";
import { checkDocument, checkGrammarResult, describeCase, readDocument } from "./properties.js";

interface Failure {
  seed: number;
  property: string;
  error: string;
  counterexample: string;
}

type FromWorker = { type: "ready" } | { type: "done"; seed: number; cases: number; failures: Failure[] };
type ToWorker = { type: "seed"; seed: number; runs: number } | { type: "stop" };

const grammarText = fc
  .tuple(fc.array(fc.tuple(richPiece, eol), { maxLength: 20 }), fc.boolean())
  .map(([pieces, trailing]) => {
    const all = pieces.flatMap(([p, nl]) => (typeof p === "string" ? [p] : p).map((l) => l + nl)).join("");
    return trailing ? all : all.replace(/(?:\r\n|\r|\n)$/, "");
  });

/** All properties for one seed; returns the cases run and the failures (counterexamples shrunk by fast-check). */
async function runSeed(seed: number, runs: number): Promise<{ cases: number; failures: Failure[] }> {
  const failures: Failure[] = [];
  let cases = 0;
  const report = <T extends unknown[]>(property: string, r: fc.RunDetails<T>, show: (c: T) => string) => {
    cases += r.numRuns;
    if (!r.failed) return;
    failures.push({
      seed,
      property,
      error: String((r.errorInstance as Error | undefined)?.message ?? r.errorInstance).slice(0, 4000),
      counterexample: r.counterexample ? show(r.counterexample).slice(0, 8000) : "(none)",
    });
  };

  const doc = await fc.check(
    fc.asyncProperty(logDocument, readSettings, async (d, s) => {
      const failure = await checkDocument(d, s, true);
      if (failure) throw new Error(failure);
    }),
    { seed, numRuns: runs },
  );
  report("document", doc, ([d, s]) => describeCase(d, s));

  const large = await fc.check(
    fc.asyncProperty(largeDocument, readSettings, async (d, s) => {
      const failure = await checkDocument(d, s, true);
      if (failure) throw new Error(failure);
    }),
    { seed: seed + 3_000_000, numRuns: Math.max(1, Math.floor(runs / 40)) },
  );
  report("large document", large, ([d, s]) => describeCase(d, s));

  const chunking = await fc.check(
    fc.asyncProperty(logDocument, fc.integer({ min: 1, max: 97 }), async (d, chunk) => {
      const whole = JSON.stringify(await readDocument(d.bytes, { chunk: 1 << 20, maxLineBytes: 1 << 20 }));
      const parts = JSON.stringify(await readDocument(d.bytes, { chunk, maxLineBytes: 1 << 20 }));
      if (whole !== parts) throw new Error("reading in chunks gives other items than reading whole");
    }),
    { seed: seed + 1_000_000, numRuns: Math.max(1, Math.floor(runs / 10)) },
  );
  report("chunking", chunking, ([d, chunk]) => `chunk ${chunk}; ${describeCase(d, { chunk, maxLineBytes: 1 << 20 })}`);

  for (const g of [ccmGrammar, traceGrammar, viewerGrammar, plainGrammar]) {
    const r = fc.check(
      fc.property(grammarText, fc.boolean(), (t, final) => {
        const failure = checkGrammarResult(t, final, g.parse(t, final));
        if (failure) throw new Error(failure);
      }),
      { seed: seed + 2_000_000, numRuns: Math.max(1, Math.floor(runs / 4)) },
    );
    report(`grammar ${g.format}`, r, ([t, final]) => `final ${final}, text ${JSON.stringify(t)}`);
  }
  return { cases, failures };
}

function workerMain(): void {
  const port = parentPort!;
  port.on("message", async (m: ToWorker) => {
    if (m.type === "stop") process.exit(0);
    const r = await runSeed(m.seed, m.runs);
    port.postMessage({ type: "done", seed: m.seed, ...r } satisfies FromWorker);
  });
  port.postMessage({ type: "ready" } satisfies FromWorker);
}

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} wants a number`);
  args.splice(i, 2);
  return v;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const from = option(args, "--from", 1);
  const runs = option(args, "--runs", 200);
  const workers = option(args, "--workers", Math.min(2, availableParallelism()));
  const watchdogMs = option(args, "--watchdog", 120) * 1000;
  const count = args[0] !== undefined ? Number(args[0]) : 2000;
  if (!Number.isInteger(count) || count < 1)
    throw new Error("the number of seeds must be a whole number of at least 1");
  const last = from + count - 1;
  process.stdout.write(
    `fuzz: seeds ${from}..${last}, ${runs} documents a seed, ${workers} workers, watchdog ${watchdogMs / 1000} s\n`,
  );

  const t0 = performance.now();
  let next = from;
  let done = 0;
  let cases = 0;
  const failures: Failure[] = [];
  let lastReport = t0;

  await new Promise<void>((resolve) => {
    let live = 0;
    const start = () => {
      if (next > last) {
        if (live === 0) resolve();
        return;
      }
      live++;
      const w = new Worker(new URL(import.meta.url));
      let current: number | undefined;
      let timer: NodeJS.Timeout | undefined;
      const give = () => {
        if (next > last) {
          current = undefined;
          w.postMessage({ type: "stop" } satisfies ToWorker);
          return;
        }
        current = next++;
        const seed = current;
        timer = setTimeout(() => {
          failures.push({
            seed,
            property: "termination",
            error: `seed did not finish within ${watchdogMs / 1000} s: a hang or a pathological slowdown`,
            counterexample: `re-run: npm run fuzz -- 1 --from ${seed} --runs ${runs}`,
          });
          process.stdout.write(`HANG seed ${seed}\n`);
          done++;
          current = undefined;
          void w.terminate();
        }, watchdogMs);
        w.postMessage({ type: "seed", seed, runs } satisfies ToWorker);
      };
      w.on("message", (m: FromWorker) => {
        if (m.type === "done") {
          clearTimeout(timer);
          done++;
          cases += m.cases;
          for (const f of m.failures) {
            failures.push(f);
            process.stdout.write(`FAIL seed ${f.seed} (${f.property}): ${f.error.split("\n")[0]}\n`);
          }
          const now = performance.now();
          if (now - lastReport > 15_000) {
            lastReport = now;
            process.stdout.write(
              `  ${done}/${last - from + 1} seeds, ${cases} cases, ${failures.length} failures, ${((now - t0) / 1000).toFixed(0)} s\n`,
            );
          }
        }
        give();
      });
      w.on("error", (err) => {
        clearTimeout(timer);
        if (current !== undefined) {
          failures.push({
            seed: current,
            property: "worker",
            error: String(err.stack ?? err),
            counterexample: `re-run: npm run fuzz -- 1 --from ${current} --runs ${runs}`,
          });
          done++;
        }
      });
      w.on("exit", () => {
        live--;
        // A terminated worker (hang) is replaced, so that the remaining seeds still run.
        start();
        if (live === 0 && next > last) resolve();
      });
    };
    for (let i = 0; i < Math.max(1, workers); i++) start();
  });

  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `\nfuzz: ${done} seeds, ${cases} cases, ${failures.length} failure${failures.length === 1 ? "" : "s"}, ${seconds.toFixed(1)} s\n`,
  );
  for (const f of failures.sort((a, b) => a.seed - b.seed)) {
    process.stdout.write(
      `\n--- seed ${f.seed}, ${f.property}\n${f.error}\nminimal counterexample: ${f.counterexample}\n`,
    );
  }
  return failures.length ? 1 : 0;
}

if (isMainThread) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`fuzz: ${(err as Error).message}\n`);
      process.exitCode = 2;
    },
  );
} else {
  workerMain();
}
