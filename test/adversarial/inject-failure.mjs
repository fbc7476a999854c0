// Loaded with `node --import` before the CLI by test/adversarial/hostile.test.ts: makes one kind of write fail
// the way the operating system would, where a real failure cannot be arranged without privileges.
//   PATCHFLOW_TEST_FAIL=stdout-eio    every write to standard output fails with EIO (a terminal that went away)
//   PATCHFLOW_TEST_FAIL=spool-enospc  every write to the timeline's temporary file fails with ENOSPC (a full TMPDIR)
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const failure = (code, errno, syscall) =>
  Object.assign(new Error(`${code}: injected failure, ${syscall}`), { code, errno, syscall });

switch (process.env.PATCHFLOW_TEST_FAIL) {
  case "stdout-eio": {
    const fail = (...args) => args[args.length - 1](failure("EIO", -5, "write"));
    process.stdout._write = fail;
    process.stdout._writev = fail;
    break;
  }
  case "spool-enospc": {
    const spools = new Set();
    const { openSync, writeSync } = fs;
    fs.openSync = function (p, ...rest) {
      const fd = openSync.call(this, p, ...rest);
      if (String(p).endsWith(".spool")) spools.add(fd);
      return fd;
    };
    fs.writeSync = function (fd, ...rest) {
      if (spools.has(fd)) throw failure("ENOSPC", -28, "write");
      return writeSync.call(this, fd, ...rest);
    };
    syncBuiltinESMExports();
    break;
  }
}
