import { InputError } from "../model/errors.js";
import type { ClientResult } from "../model/result.js";
import { diagnoseClient, type JobOptions } from "../pipeline/client.js";
import { plainFinding } from "../model/finding.js";
import type { ClientPlan } from "./plan.js";

export { diagnoseClient, inputOptions, type JobOptions } from "../pipeline/client.js";

/** A fleet job: one client to diagnose, with the options every client shares. */
export interface ClientJob {
  plan: ClientPlan;
  options: JobOptions;
}

/** What a fleet job gives: the client's result, or why it could not be read (the other clients go on). */
export type ClientOutcome = { result: ClientResult; error?: undefined } | { result?: undefined; error: string };

/** Diagnoses one client of a fleet, on this thread or a worker's; any error but an input error stops the fleet. */
export async function runClientJob(job: ClientJob): Promise<ClientOutcome> {
  try {
    return { result: await diagnoseClient(job.plan, job.options) };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { error: err.message };
  }
}

/**
 * The outcome as another thread gets it: the findings plain objects (a finding words its message when read, and a
 * copy to another thread takes own properties only).
 */
export function plainOutcome(o: ClientOutcome): ClientOutcome {
  if (o.result) o.result.diagnosis.findings = o.result.diagnosis.findings.map((f) => plainFinding(f));
  return o;
}
