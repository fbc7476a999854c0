import { parentPort } from "node:worker_threads";
import { diagnoseClient, type JobOptions } from "./job.js";
import type { ClientPlan } from "./plan.js";

// A fleet worker: diagnoses the clients it is sent, one at a time, and answers with the result or the error.
parentPort?.on("message", async (job: { id: number; plan: ClientPlan; options: JobOptions }) => {
  try {
    parentPort!.postMessage({ id: job.id, result: await diagnoseClient(job.plan, job.options) });
  } catch (err) {
    const e = err as Error;
    const kind = e.name === "UsageError" ? "usage" : e.name === "InputError" ? "input" : "internal";
    parentPort!.postMessage({ id: job.id, error: kind === "internal" ? (e.stack ?? String(err)) : e.message, kind });
  }
});
