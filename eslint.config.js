// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

// Syntax-only rules: the type-aware sets need a full TypeScript program and took four times as long (about a
// minute and 1 GB on two cores), on top of `npm run typecheck`, which already builds that program.
export default tseslint.config(
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  {
    // Build output, and data that is not code: sample logs, rule and test fixtures, golden files, bench results.
    ignores: ["dist/", "coverage/", "samples/", "**/fixtures/", "test/golden/", "test/bench/out/"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Plain JavaScript here is Node ESM: the build script, this file, and test hooks loaded with `node --import`.
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: globals.node },
  },
  {
    // The bin's launcher (scripts/cli-launcher.cjs) is CommonJS: Node starts it faster than an ES module.
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    rules: {
      // A leading underscore names what is unused on purpose: a parameter kept for the signature, a field left
      // out of a rest copy.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // Reading logs means matching and escaping control characters on purpose (XML, terminal, CSV, framing), so
      // a control character in a regular expression is the norm here, not a slip.
      "no-control-regex": "off",
      // `l` is V8's linear-time engine flag (--enable-experimental-regexp-engine), used for user --grep patterns.
      "no-invalid-regexp": ["error", { allowConstructorFlags: ["l"] }],
    },
  },
);
