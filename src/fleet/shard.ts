import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { InputError, UsageError } from "../model/errors.js";
import type { ClientResult, RunResult } from "../model/result.js";
import type { ClientPlan } from "./plan.js";

/** `--shard i/n`: the i-th (1-based) of n disjoint parts of a fleet. */
export interface Shard {
  index: number;
  count: number;
}

export const SHARD_SCHEMA = { name: "patchflow.fleet-shard", version: 1 } as const;

export function parseShard(spec: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(
      `--shard ${spec}: write it as i/n, with n the number of shards and i from 1 to n (1/4 ... 4/4)`,
    );
  }
  return { index, count };
}

/**
 * The shard (1-based) a client belongs to: the first 32 bits of the SHA-256 of its name, modulo the shard count.
 * It depends on the name alone, so every machine puts a client in the same shard, shards never overlap, and
 * together they hold the whole fleet, whatever order the machines list the clients in.
 */
export function shardOf(client: string, count: number): number {
  return (createHash("sha256").update(client, "utf8").digest().readUInt32BE(0) % count) + 1;
}

/** What identifies the fleet a shard was cut from: the inputs as given and every client's name, in plan order. */
export function fleetDigest(clients: ClientPlan[]): string {
  const h = createHash("sha256");
  for (const c of clients) h.update(c.name, "utf8").update("\0");
  return `sha256:${h.digest("hex")}`;
}

/** The mergeable result of one shard (`diagnose --shard i/n --format json`). */
export interface ShardDocument {
  schema: typeof SHARD_SCHEMA.name;
  version: typeof SHARD_SCHEMA.version;
  tool: RunResult["tool"];
  shard: Shard;
  /** The whole fleet the shard was cut from. */
  fleet: { inputs: string[]; clients: number; digest: string };
  /** The options the clients were diagnosed with; every shard of a fleet must use the same. */
  options: Record<string, unknown>;
  /** Whether the results keep each client's events and runs (`--keep-timeline`, needed for an HTML report). */
  timeline: boolean;
  /** This shard's clients, each with its position in the fleet. */
  clients: Array<{ index: number; result: ClientResult }>;
  failedClients: Array<{ index: number; client: string; error: string }>;
}

const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? "" : "s"}`;

function fail(msg: string): never {
  throw new InputError(`merge: ${msg}`);
}

function check(file: string, doc: unknown): ShardDocument {
  const d = doc as Partial<ShardDocument> | null;
  if (!d || typeof d !== "object" || d.schema !== SHARD_SCHEMA.name) {
    fail(
      `${file} is not a shard result (expected "schema": "${SHARD_SCHEMA.name}", written by 'patchflow diagnose --shard i/n --format json')`,
    );
  }
  if (d.version !== SHARD_SCHEMA.version)
    fail(`${file}: shard result version ${String(d.version)}, this patchflow reads version ${SHARD_SCHEMA.version}`);
  const ok =
    d.tool &&
    typeof d.tool.version === "string" &&
    d.shard &&
    Number.isSafeInteger(d.shard.index) &&
    Number.isSafeInteger(d.shard.count) &&
    d.shard.count >= 1 &&
    d.shard.index >= 1 &&
    d.shard.index <= d.shard.count &&
    d.fleet &&
    Array.isArray(d.fleet.inputs) &&
    typeof d.fleet.digest === "string" &&
    Number.isSafeInteger(d.fleet.clients) &&
    d.options &&
    typeof d.options === "object" &&
    typeof d.timeline === "boolean" &&
    Array.isArray(d.clients) &&
    d.clients.every(
      (c) =>
        c && Number.isSafeInteger(c.index) && c.result && typeof c.result.client === "string" && c.result.diagnosis,
    ) &&
    Array.isArray(d.failedClients) &&
    d.failedClients.every(
      (c) => c && Number.isSafeInteger(c.index) && typeof c.client === "string" && typeof c.error === "string",
    );
  if (!ok) fail(`${file}: a shard result with missing or malformed fields`);
  return d as ShardDocument;
}

/** Reads shard results as given on the command line. */
export async function readShards(files: string[]): Promise<Array<{ file: string; doc: ShardDocument }>> {
  if (files.length === 0)
    throw new UsageError(
      "merge: give the shard results to merge (the files 'patchflow diagnose --shard i/n --format json' wrote)",
    );
  const out: Array<{ file: string; doc: ShardDocument }> = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (err) {
      fail(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      fail(`${file} is not JSON (${(err as Error).message})`);
    }
    out.push({ file, doc: check(file, doc) });
  }
  return out;
}

/**
 * Puts shard results back together as the run one machine would have made of the whole fleet. Refuses (exit 2)
 * results from another patchflow version, of different fleets or options, or of another shard count, a shard
 * given twice, a client in two shards, and missing shards.
 */
export function mergeShards(
  shards: Array<{ file: string; doc: ShardDocument }>,
  version: string,
): RunResult & { timeline: boolean } {
  const first = shards[0];
  for (const { file, doc } of shards) {
    if (doc.tool.version !== version)
      fail(
        `${file} was written by patchflow ${doc.tool.version}, this is patchflow ${version}: run every shard and the merge with the same version`,
      );
  }
  const differs = (what: string, key: (d: ShardDocument) => unknown, show: (d: ShardDocument) => string): void => {
    const k0 = JSON.stringify(key(first.doc));
    const other = shards.find((s) => JSON.stringify(key(s.doc)) !== k0);
    if (other) fail(`${first.file} and ${other.file} ${what}: ${show(first.doc)} against ${show(other.doc)}`);
  };
  differs(
    "split the fleet into different numbers of shards",
    (d) => d.shard.count,
    (d) => `${d.shard.count}`,
  );
  differs(
    "come from different fleets",
    (d) => [d.fleet.inputs, d.fleet.digest, d.fleet.clients],
    (d) => `${plural(d.fleet.clients, "client")} in ${d.fleet.inputs.join(", ")} (${d.fleet.digest.slice(0, 19)})`,
  );
  differs(
    "were diagnosed with different options",
    (d) => d.options,
    (d) => JSON.stringify(d.options),
  );
  differs(
    "differ in --keep-timeline",
    (d) => d.timeline,
    (d) => String(d.timeline),
  );
  const count = first.doc.shard.count;
  const byIndex = new Map<number, string>();
  for (const { file, doc } of shards) {
    const seen = byIndex.get(doc.shard.index);
    if (seen) fail(`shard ${doc.shard.index}/${count} is given twice (${seen} and ${file}); shards must not overlap`);
    byIndex.set(doc.shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length)
    fail(
      `missing ${missing.length === 1 ? "shard" : "shards"} ${missing.map((i) => `${i}/${count}`).join(", ")} (have ${[
        ...byIndex.keys(),
      ]
        .sort((a, b) => a - b)
        .map((i) => `${i}/${count}`)
        .join(", ")})`,
    );
  const slots = new Map<number, { file: string; client: string }>();
  const clients: Array<{ index: number; result: ClientResult }> = [];
  const failed: Array<{ index: number; client: string; error: string }> = [];
  for (const { file, doc } of shards) {
    for (const c of [...doc.clients.map((x) => ({ index: x.index, client: x.result.client })), ...doc.failedClients]) {
      const seen = slots.get(c.index);
      if (seen) fail(`client ${c.client} is in both ${seen.file} and ${file}; shards must not overlap`);
      if (c.index < 0 || c.index >= doc.fleet.clients)
        fail(
          `${file}: client ${c.client} has position ${c.index}, outside the fleet of ${plural(doc.fleet.clients, "client")}`,
        );
      if (shardOf(c.client, count) !== doc.shard.index)
        fail(
          `${file}: client ${c.client} belongs to shard ${shardOf(c.client, count)}/${count}, not ${doc.shard.index}/${count}`,
        );
      slots.set(c.index, { file, client: c.client });
    }
    clients.push(...doc.clients);
    failed.push(...doc.failedClients);
  }
  if (slots.size !== first.doc.fleet.clients)
    fail(`the shards hold ${plural(slots.size, "client")}, their fleet has ${first.doc.fleet.clients}`);
  clients.sort((a, b) => a.index - b.index);
  failed.sort((a, b) => a.index - b.index);
  return {
    tool: { name: "patchflow", version },
    fleet: true,
    inputs: first.doc.fleet.inputs,
    clients: clients.map((c) => c.result),
    failedClients: failed.map(({ client, error }) => ({ client, error })),
    timeline: first.doc.timeline,
    // The shards' time convention (the same in every shard: their options are compared above), so the merged
    // report's tables are worded like its findings.
    ...tzOf(first.doc.options),
  };
}

/** The `--tz` the shards were diagnosed with, as a result field (absent for the default). */
function tzOf(options: Record<string, unknown>): { tz?: string } {
  const tz = (options.diagnose as { tz?: unknown } | undefined)?.tz;
  return typeof tz === "string" ? { tz } : {};
}
