/**
 * The floor the benchmark compares against: read a file (or every file under a folder) and split it into line
 * strings, nothing else.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";

function files(p: string): string[] {
  return statSync(p).isDirectory() ? readdirSync(p).flatMap((f) => files(path.join(p, f))) : [p];
}

let lines = 0;
for (const f of files(process.argv[2])) lines += readFileSync(f).toString().split(/\r?\n/).length;
process.stdout.write(`${lines}\n`);
