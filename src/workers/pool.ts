import { parentPort, Worker, type TransferListItem } from "node:worker_threads";

/**
 * The one worker pool: N worker threads take jobs from a queue, one at a time each, and answer each with its result
 * (or partial output on the way, then the result, or the error the job threw). Every reader that uses threads (the
 * parse ranges, the timeline ranges, the fleet's clients) runs on it; each has its own worker entry module, which
 * calls `serveJobs`.
 */

/** An error a job threw in a worker thread, as plain data. */
export interface ThrownInWorker {
  name?: string;
  message?: string;
  /** The stack, or the thrown value as text. */
  detail: string;
}

/** A job failed in a worker thread: its index, and what it threw. */
export class WorkerJobError extends Error {
  constructor(
    readonly index: number,
    readonly thrown: ThrownInWorker,
  ) {
    super(thrown.message ?? thrown.detail);
    this.name = "WorkerJobError";
  }
}

type Output<R, P> = { id: number; partial: P } | { id: number; result: R };
type Answer<R, P> = Output<R, P> | { id: number; error: ThrownInWorker };

/**
 * The worker-thread side: runs each job it is sent and answers with the result (moving the buffers `transfer`
 * names), with what `run` sends on the way, or with the error it threw.
 */
export function serveJobs<J, R, P = never>(
  run: (job: J, send: (partial: P) => void) => Promise<R>,
  transfer?: (result: R) => TransferListItem[],
): void {
  const port = parentPort;
  port?.on("message", async ({ id, job }: { id: number; job: J }) => {
    try {
      const result = await run(job, (partial) => port.postMessage({ id, partial } satisfies Answer<R, P>));
      port.postMessage({ id, result } satisfies Answer<R, P>, transfer?.(result));
    } catch (err) {
      const e = err as Error | undefined;
      port.postMessage({
        id,
        error: { name: e?.name, message: e?.message, detail: e?.stack ?? String(err) },
      } satisfies Answer<R, P>);
    }
  });
}

export interface PoolOptions<J, R> {
  /** The worker entry: a module that calls `serveJobs`. */
  entry: URL;
  /** Worker threads to start (never more than there are jobs). */
  threads: number;
  /** Runs a job on this thread: every job when there are no worker threads, and see `inOrder`. */
  local?: (job: J) => Promise<R>;
}

/** Workers, the job queue and failures; what to do with answers is the caller's. */
class Pool<J, R, P> {
  next = 0;
  failure: Error | undefined;
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private closing = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly jobs: readonly J[],
    o: PoolOptions<J, R>,
    /** Whether the job at this index may start now. */
    private readonly may: (index: number) => boolean,
    /** An answer that is not an error; true when it finished its job. */
    onAnswer: (a: Output<R, P>) => boolean,
  ) {
    for (let k = 0; k < Math.min(o.threads, jobs.length); k++) {
      const w = new Worker(o.entry);
      this.workers.push(w);
      w.on("message", (a: Answer<R, P>) => {
        if ("error" in a) this.fail(new WorkerJobError(a.id, a.error));
        else if (onAnswer(a)) this.feed(w);
        this.notify();
      });
      w.on("error", (err) => this.fail(err));
      w.on("exit", (code) => {
        if (!this.closing && this.workers.includes(w))
          this.fail(new Error(`a worker thread stopped (exit code ${code})`));
      });
      this.feed(w);
    }
  }

  /** Starts the next job on `w`, or parks it until a job may start; a worker with no job left is stopped. */
  private feed(w: Worker): void {
    if (this.failure) return;
    if (this.next >= this.jobs.length) {
      this.workers.splice(this.workers.indexOf(w), 1);
      void w.terminate();
      return;
    }
    if (!this.may(this.next)) {
      this.idle.push(w);
      return;
    }
    const id = this.next++;
    w.postMessage({ id, job: this.jobs[id] });
  }

  /** Gives parked workers the jobs that may start now. */
  resume(): void {
    while (this.idle.length && (this.next >= this.jobs.length || this.may(this.next))) this.feed(this.idle.shift()!);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Resolves when a worker answers or fails. */
  changed(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** What `inOrder` yields for a job: its partial output, then its result. */
export type InOrder<R, P> =
  { index: number; partial: P; result?: undefined } | { index: number; result: R; partial?: undefined };

/**
 * Runs `jobs` and yields, job by job in order, each one's partial output as it comes and then its result. A job
 * starts only while it is at most `ahead` jobs past the one being yielded, so that answers waiting their turn stay
 * few. With `local`, this thread runs the next job itself while the answer it must yield next is not ready.
 * A job's error (`WorkerJobError`) or a worker's failure is thrown; the workers are stopped when the loop ends,
 * breaks or throws.
 */
export async function* inOrder<J, R, P = never>(
  jobs: readonly J[],
  o: PoolOptions<J, R> & { ahead?: number },
): AsyncGenerator<InOrder<R, P>> {
  const ahead = o.ahead ?? Number.POSITIVE_INFINITY;
  const waiting = new Map<number, { partials: P[]; done?: { result: R } }>();
  const slot = (id: number) => {
    let s = waiting.get(id);
    if (!s) waiting.set(id, (s = { partials: [] }));
    return s;
  };
  let taken = 0;
  const may = (index: number): boolean => index <= taken + ahead;
  const pool = new Pool<J, R, P>(jobs, o, may, (a) => {
    if ("partial" in a) slot(a.id).partials.push(a.partial);
    else slot(a.id).done = { result: a.result };
    return "result" in a;
  });
  try {
    for (let index = 0; index < jobs.length; index++) {
      for (;;) {
        if (pool.failure) throw pool.failure;
        const s = waiting.get(index);
        if (s?.partials.length) {
          yield { index, partial: s.partials.shift()! };
          continue;
        }
        if (s?.done) {
          waiting.delete(index);
          taken = index + 1;
          pool.resume();
          yield { index, result: s.done.result };
          break;
        }
        if (o.local && pool.next < jobs.length && may(pool.next)) {
          const mine = pool.next++;
          slot(mine).done = { result: await o.local(jobs[mine]) };
        } else await pool.changed();
      }
    }
  } finally {
    await pool.close();
  }
}

/**
 * Runs `jobs` and calls `done` with each result as its job finishes, in any order. With no worker threads, `local`
 * runs the jobs one after the other on this thread. A job's error (`WorkerJobError`) or a worker's failure is
 * thrown, and the workers are stopped.
 */
export async function unordered<J, R>(
  jobs: readonly J[],
  o: PoolOptions<J, R>,
  done: (index: number, result: R) => void,
): Promise<void> {
  if (Math.min(o.threads, jobs.length) === 0) {
    if (!o.local) throw new Error("a pool with no worker thread needs a local runner");
    for (let i = 0; i < jobs.length; i++) done(i, await o.local(jobs[i]));
    return;
  }
  let finished = 0;
  const pool = new Pool<J, R, never>(
    jobs,
    o,
    () => true,
    (a) => {
      if (!("result" in a)) return false;
      finished++;
      done(a.id, a.result);
      return true;
    },
  );
  try {
    while (finished < jobs.length) {
      if (pool.failure) throw pool.failure;
      await pool.changed();
    }
  } finally {
    await pool.close();
  }
}
