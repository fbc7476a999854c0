import type { RunResult } from "../model/result.js";
import { plainFinding } from "../model/finding.js";

/**
 * Newline-delimited JSON: one finding per line, with its client, for `jq`, log shippers and line-wise diffs.
 * JSON.stringify escapes line breaks and control characters and writes a lone surrogate as a `\udXXX` escape, so each
 * line stays one valid JSON text whatever the logs held, and parsing it gives the finding back unchanged. U+2028 and
 * U+2029 are valid in JSON as they are, but splitters such as Python's `splitlines` break lines there: escaped too.
 */
export type NdjsonOptions = Record<string, never>;

export function toNdjson(result: RunResult, _opts: NdjsonOptions = {}): string {
  let out = "";
  for (const c of result.clients) {
    for (const f of c.diagnosis.findings)
      out +=
        JSON.stringify({ client: c.client, ...plainFinding(f) }).replace(
          /[\u2028\u2029]/g,
          (ch) => `\\u${ch.charCodeAt(0).toString(16)}`,
        ) + "\n";
  }
  return out;
}
