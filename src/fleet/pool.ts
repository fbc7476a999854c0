import { runClientJob, type ClientJob, type ClientOutcome, type JobOptions } from "./job.js";
import type { ClientPlan } from "./plan.js";
import type { ClientResult } from "../model/result.js";
import { UsageError } from "../model/errors.js";
import { unordered, WorkerJobError } from "../workers/pool.js";

export interface FleetOutcome {
  clients: ClientResult[];
  failed: Array<{ client: string; error: string }>;
  /** Each result's position in the plans given, and each failure's. */
  clientIndex: number[];
  failedIndex: number[];
}

/**
 * Diagnoses clients one at a time (`jobs` 1) or in a pool of worker threads. Only finished results are kept, so
 * memory is bounded by the largest clients in flight, not by the fleet. Results come back in plan order.
 */
export async function diagnoseClients(
  plans: ClientPlan[],
  options: JobOptions,
  jobs: number,
  progress?: (done: number, total: number) => void,
): Promise<FleetOutcome> {
  const results: Array<ClientResult | undefined> = new Array(plans.length);
  const failed: Array<{ client: string; error: string; index: number }> = [];
  let done = 0;
  const record = (i: number, o: ClientOutcome): void => {
    if (o.result) results[i] = o.result;
    else failed.push({ client: plans[i].name, error: o.error ?? "unknown error", index: i });
    progress?.(++done, plans.length);
  };
  const workers = Math.max(1, Math.min(jobs, plans.length));
  const clientJobs = plans.map((plan): ClientJob => ({ plan, options }));
  try {
    await unordered(
      clientJobs,
      { entry: new URL("./worker.js", import.meta.url), threads: workers === 1 ? 0 : workers, local: runClientJob },
      record,
    );
  } catch (err) {
    if (!(err instanceof WorkerJobError)) throw err;
    throw err.thrown.name === "UsageError"
      ? new UsageError(err.thrown.message ?? err.thrown.detail)
      : new Error(`client ${plans[err.index].name}: ${err.thrown.detail}`);
  }
  failed.sort((a, b) => a.index - b.index);
  const clientIndex = results.flatMap((r, i) => (r ? [i] : []));
  return {
    clients: clientIndex.map((i) => results[i]!),
    failed: failed.map(({ client, error }) => ({ client, error })),
    clientIndex,
    failedIndex: failed.map((f) => f.index),
  };
}
