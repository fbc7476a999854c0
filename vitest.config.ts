import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts", "grammars/**/*.test.ts"],
    testTimeout: 60_000,
    // Hang guards, not budgets: removing the adversarial corpus's temporary trees (10,000 files, 100 MB streams)
    // takes longer than vitest's default 10 s on a loaded machine.
    hookTimeout: 120_000,
    pool: "forks",
  },
});
