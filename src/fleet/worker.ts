import { serveJobs } from "../workers/pool.js";
import { runClientJob, type ClientJob, type ClientOutcome } from "./job.js";

// A fleet worker: diagnoses the clients it is sent, one at a time, and answers with the result or the error.
serveJobs<ClientJob, ClientOutcome>(runClientJob);
