import { Worker } from "node:worker_threads";
import { diagnoseClient, type JobOptions } from "./job.js";
import type { ClientPlan } from "./plan.js";
import type { ClientResult } from "../model/result.js";
import { InputError, UsageError } from "../model/errors.js";

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
export async function diagnoseClients(plans: ClientPlan[], options: JobOptions, jobs: number, progress?: (done: number, total: number) => void): Promise<FleetOutcome> {
  const results: Array<ClientResult | undefined> = new Array(plans.length);
  const failed: Array<{ client: string; error: string; index: number }> = [];
  let done = 0;
  const record = (i: number, r: ClientResult | undefined, error?: string): void => {
    if (r) results[i] = r;
    else failed.push({ client: plans[i].name, error: error ?? "unknown error", index: i });
    progress?.(++done, plans.length);
  };
  const workers = Math.max(1, Math.min(jobs, plans.length));
  if (workers === 1) {
    for (let i = 0; i < plans.length; i++) {
      try {
        record(i, await diagnoseClient(plans[i], options));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        record(i, undefined, err.message);
      }
    }
  } else {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let live = workers;
      const pool: Worker[] = [];
      const feed = (w: Worker): void => {
        if (next >= plans.length) {
          void w.terminate();
          if (--live === 0) resolve();
          return;
        }
        const id = next++;
        w.postMessage({ id, plan: plans[id], options });
      };
      for (let k = 0; k < workers; k++) {
        const w = new Worker(new URL("./worker.js", import.meta.url));
        pool.push(w);
        w.on("message", (m: { id: number; result?: ClientResult; error?: string; kind?: "usage" | "input" | "internal" }) => {
          if (m.kind === "usage" || m.kind === "internal") {
            pool.forEach((p) => void p.terminate());
            reject(m.kind === "usage" ? new UsageError(m.error) : new Error(`client ${plans[m.id].name}: ${m.error}`));
            return;
          }
          record(m.id, m.result, m.error);
          feed(w);
        });
        w.on("error", (err) => {
          pool.forEach((p) => void p.terminate());
          reject(err);
        });
        feed(w);
      }
    });
  }
  failed.sort((a, b) => a.index - b.index);
  const clientIndex = results.flatMap((r, i) => (r ? [i] : []));
  return { clients: clientIndex.map((i) => results[i]!), failed: failed.map(({ client, error }) => ({ client, error })), clientIndex, failedIndex: failed.map((f) => f.index) };
}
