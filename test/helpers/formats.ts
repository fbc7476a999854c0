import { readFileSync } from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { SaxesParser } from "saxes";
import { expect } from "vitest";

const require = createRequire(import.meta.url);
// ajv and its plugins are CommonJS with an `exports.default`; require keeps their types straight under NodeNext.
const Ajv04 = require("ajv-draft-04") as typeof import("ajv-draft-04").default;
const addFormats = require("ajv-formats") as typeof import("ajv-formats").default;

/** A validator for the vendored SARIF 2.1.0 schema (test/fixtures/sarif, see its README). */
export function sarifValidator(): ((data: unknown) => boolean) & { errors?: unknown } {
  const schema = JSON.parse(
    readFileSync(path.join(__dirname, "../fixtures/sarif/sarif-2.1.0-rtm.5.json"), "utf8"),
  ) as object;
  // The schema's `language` pattern has a stray `]`, legal only outside unicode mode; format checks stay on.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema) as ((data: unknown) => boolean) & { errors?: unknown };
}

export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

/** Parses strictly (well-formedness and XML 1.0 characters); throws on the first error. */
export function parseXml(xml: string): XNode {
  const parser = new SaxesParser();
  const doc: XNode = { name: "#document", attrs: {}, children: [], text: "" };
  const stack = [doc];
  parser.on("error", (e) => {
    throw e;
  });
  parser.on("opentag", (t) => {
    const n: XNode = { name: t.name, attrs: t.attributes as Record<string, string>, children: [], text: "" };
    stack[stack.length - 1].children.push(n);
    stack.push(n);
  });
  parser.on("closetag", () => void stack.pop());
  parser.on("text", (t) => void (stack[stack.length - 1].text += t));
  parser.write(xml).close();
  expect(doc.children).toHaveLength(1);
  return doc.children[0];
}
