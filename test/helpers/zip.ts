import { readdirSync, readFileSync, statSync, createWriteStream } from "node:fs";
import { once } from "node:events";
import * as path from "node:path";
import yazl from "yazl";

/** Writes a zip of the given entries (name → content), deflated. */
export async function writeZip(file: string, entries: Record<string, Buffer | string>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(entries))
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name, { compress: true });
  zip.end();
  const out = createWriteStream(file);
  zip.outputStream.pipe(out);
  await once(out, "finish");
}

/** The files under a folder as zip entries, with an optional prefix. */
export function folderEntries(dir: string, prefix = ""): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(p).isDirectory()) walk(p, r);
      else out[prefix + r] = readFileSync(p);
    }
  };
  walk(dir, "");
  return out;
}
