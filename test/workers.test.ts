import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { inOrder, unordered, WorkerJobError } from "../src/workers/pool.js";

// A worker thread runs JavaScript: the test's worker entry imports the built pool (npm test builds first).
const POOL = pathToFileURL(path.resolve(__dirname, "../dist/src/workers/pool.js")).href;

/**
 * A worker entry for the tests: job `n` counts itself in `started`, waits `wait` ms, sends `p<n>`, and answers
 * `n * 10`; `fail` makes it throw a RangeError, `exit` stops the thread.
 */
const ENTRY = (() => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "patchflow-pool-")), "entry.mjs");
  writeFileSync(
    file,
    `import { serveJobs } from ${JSON.stringify(POOL)};
serveJobs(async (job, send) => {
  if (job.started) Atomics.add(new Int32Array(job.started), 0, 1);
  await new Promise((r) => setTimeout(r, job.wait ?? 0));
  if (job.fail) throw new RangeError("bad job " + job.n);
  if (job.exit) process.exit(3);
  send("p" + job.n);
  return job.n * 10;
});
`,
  );
  return pathToFileURL(file);
})();

interface Job {
  n: number;
  wait?: number;
  fail?: boolean;
  exit?: boolean;
  started?: SharedArrayBuffer;
}

async function collect(
  jobs: Job[],
  o: { threads: number; ahead?: number; local?: (j: Job) => Promise<number> },
): Promise<Array<string | number>> {
  const got: Array<string | number> = [];
  for await (const out of inOrder<Job, number, string>(jobs, { entry: ENTRY, ...o }))
    got.push(out.result ?? out.partial!);
  return got;
}

describe("worker pool", () => {
  it("in order: each job's partial output, then its result, in job order whichever thread finishes first", async () => {
    const jobs = [40, 0, 25, 0, 10, 0].map((wait, n) => ({ n, wait }));
    expect(await collect(jobs, { threads: 3 })).toEqual(["p0", 0, "p1", 10, "p2", 20, "p3", 30, "p4", 40, "p5", 50]);
  });

  it("in order, with a local runner: this thread takes jobs too, and results keep job order", async () => {
    const jobs = Array.from({ length: 8 }, (_, n) => ({ n, wait: n % 3 === 0 ? 20 : 0 }));
    const local: number[] = [];
    const got = await collect(jobs, { threads: 1, ahead: 2, local: async (j) => (local.push(j.n), -j.n) });
    expect(local.length).toBeGreaterThan(0);
    const results = got.filter((x) => typeof x === "number");
    expect(results).toEqual(jobs.map((j) => (local.includes(j.n) ? -j.n : j.n * 10)));
  });

  it("in order, `ahead` bounds how far past the result being taken jobs start", async () => {
    const started = new SharedArrayBuffer(4);
    const jobs = Array.from({ length: 12 }, (_, n) => ({ n, started }));
    let index = 0;
    for await (const out of inOrder<Job, number, string>(jobs, { entry: ENTRY, threads: 3, ahead: 1 })) {
      if (out.result === undefined) continue;
      // Taking result i lets jobs up to i + 1 + ahead start: at most i + 3 of them.
      expect(Atomics.load(new Int32Array(started), 0)).toBeLessThanOrEqual(index + 3);
      index++;
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(index).toBe(12);
  });

  it("a job's error stops the pool, naming the job and what it threw", async () => {
    const jobs = Array.from({ length: 6 }, (_, n) => ({ n, fail: n === 3 }));
    const err = await collect(jobs, { threads: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerJobError);
    expect((err as WorkerJobError).index).toBe(3);
    expect((err as WorkerJobError).thrown).toMatchObject({ name: "RangeError", message: "bad job 3" });
    expect((err as WorkerJobError).thrown.detail).toMatch(/RangeError: bad job 3/);
  });

  it("a worker thread that stops by itself is an error, not a wait for ever", async () => {
    const jobs = Array.from({ length: 4 }, (_, n) => ({ n, exit: n === 1 }));
    await expect(collect(jobs, { threads: 2 })).rejects.toThrow(/exit code 3/);
    await expect(unordered<Job, number>(jobs, { entry: ENTRY, threads: 2 }, () => undefined)).rejects.toThrow(
      /exit code 3/,
    );
  });

  it("unordered: each result once, by its job's index; with no worker thread, the local runner runs the jobs in order", async () => {
    const jobs = [30, 0, 10, 0, 20].map((wait, n) => ({ n, wait }));
    const byIndex = new Map<number, number>();
    await unordered<Job, number>(jobs, { entry: ENTRY, threads: 2 }, (i, r) => {
      expect(byIndex.has(i)).toBe(false);
      byIndex.set(i, r);
    });
    expect([...byIndex].sort((a, b) => a[0] - b[0])).toEqual(jobs.map((j) => [j.n, j.n * 10]));
    const order: number[] = [];
    await unordered<Job, number>(jobs, { entry: ENTRY, threads: 0, local: async (j) => j.n }, (i, r) =>
      order.push(i, r),
    );
    expect(order).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });
});
