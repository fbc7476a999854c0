import { readdir, stat } from "node:fs/promises";
import * as path from "node:path";
import { isArchivePath, isLogFileName, walk } from "../input/discover.js";
import type { InputSpec } from "../model/input.js";
import { openArchive, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from "../input/archive.js";

export interface ClientPlan {
  name: string;
  inputs: InputSpec[];
  /** Root the client's paths are shown relative to: the path given (a fleet's root, so paths name the client). */
  root: string;
}

export interface Plan {
  fleet: boolean;
  clients: ClientPlan[];
}

export type FleetMode = "auto" | "fleet" | "client";

/** Folders that hold a client's logs in the layouts administrators collect (relative to the client's folder). */
const LAYOUT = /^(?:(?:windows|winnt)\/)?(?:(?:system32\/)?(?:ccm|sms_ccm)\/logs|ms\/sms\/logs|temp|logs)$/i;

/**
 * From the files under a root (relative `/` paths), the client folder of each: a root whose own logs sit at its
 * top or in a known layout folder is one client; otherwise each first-level folder (or archive) holding logs is.
 */
export function clientsOf(relPaths: string[]): { rootHasOwnLogs: boolean; groups: Map<string, string[]> } {
  const groups = new Map<string, string[]>();
  let rootHasOwnLogs = false;
  for (const rel of relPaths) {
    const dir = path.posix.dirname(rel);
    if (dir === "." || LAYOUT.test(dir)) {
      rootHasOwnLogs = true;
      continue;
    }
    const first = rel.split("/")[0];
    groups.set(first, [...(groups.get(first) ?? []), rel]);
  }
  return { rootHasOwnLogs, groups };
}

/**
 * Decides whether the inputs are one client or a fleet. A single folder or archive is a fleet when it holds no
 * logs of its own but two or more subfolders or archives that do. Several paths on the command line are one
 * client (say, a client's folder and its sync host's) unless --fleet makes each a client.
 */
export async function planClients(
  inputs: string[],
  mode: FleetMode,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<Plan> {
  const single = (): Plan => ({
    fleet: false,
    clients: [
      {
        name: inputs.length === 1 ? clientName(inputs[0]) : inputs.map(clientName).join(" + "),
        inputs,
        root: inputs.length === 1 ? rootOf(inputs[0]) : ".",
      },
    ],
  });
  if (mode === "client" || inputs.includes("-")) return single();
  if (inputs.length > 1) {
    return mode === "fleet"
      ? { fleet: true, clients: inputs.map((i) => ({ name: clientName(i), inputs: [i], root: "." })) }
      : single();
  }
  const input = inputs[0];
  const st = await stat(input).catch(() => undefined);
  if (!st) return single();
  let clients: ClientPlan[] = [];
  let rootHasOwnLogs = false;
  if (st.isDirectory()) {
    // Folders that cannot be read are reported when the clients are read.
    const files = (await walk(input, isLogFileName, () => undefined))
      .filter((f) => f.dirent.isFile())
      .map((f) => f.rel);
    const archives = (await readdir(input, { withFileTypes: true }).catch(() => []))
      .filter((d) => d.isFile() && isArchivePath(d.name))
      .map((d) => d.name);
    const c = clientsOf(files);
    rootHasOwnLogs = c.rootHasOwnLogs;
    clients = [
      ...[...c.groups.keys()].sort().map((g) => ({ name: g, inputs: [path.join(input, g)], root: input })),
      ...archives.sort().map((a) => ({ name: a.replace(/\.zip$/i, ""), inputs: [path.join(input, a)], root: input })),
    ];
  } else if (st.isFile() && isArchivePath(input)) {
    const zip = await openArchive(input, input, limits);
    zip.close();
    const c = clientsOf(zip.entries.map((e) => e.name).filter(isLogFileName));
    rootHasOwnLogs = c.rootHasOwnLogs;
    clients = [...c.groups.keys()]
      .sort()
      .map((g) => ({ name: g, inputs: [{ archive: input, prefix: g }], root: input }));
  }
  if (mode === "fleet") return clients.length ? { fleet: true, clients } : single();
  return !rootHasOwnLogs && clients.length >= 2 ? { fleet: true, clients } : single();
}

function clientName(input: string): string {
  if (input === "-") return "<stdin>";
  return path.basename(path.resolve(input)).replace(/\.zip$/i, "") || input;
}

function rootOf(input: string): string {
  if (input === "-") return ".";
  return isLogFileName(input) ? path.dirname(input) : input;
}
