import { serveJobs } from "../workers/pool.js";
import { plainOutcome, runClientJob, type ClientJob, type ClientOutcome } from "./job.js";

// A fleet worker: diagnoses the clients it is sent, one at a time, and answers with the result (plain data) or the error.
serveJobs<ClientJob, ClientOutcome>(async (job) => plainOutcome(await runClientJob(job)));
