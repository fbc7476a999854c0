/**
 * `JSON.stringify(value, null, 1)` in pieces, so that a large report is written without being held as one string
 * (and then once more as the bytes written). The text is the same, character for character: objects near the top
 * and arrays at any depth are taken apart here, and each value below them is given to `JSON.stringify` and indented.
 */
export function* jsonPieces(value: unknown, depth = 2): Generator<string> {
  if (isPlainContainer(value) && depth > 0) yield* container(value, "", depth);
  else {
    const text = JSON.stringify(value, null, 1);
    if (text !== undefined) yield text;
  }
}

/** An array or plain object that `JSON.stringify` walks as it is (no `toJSON`). */
function isPlainContainer(v: unknown): v is object {
  if (typeof v !== "object" || v === null || typeof (v as { toJSON?: unknown }).toJSON === "function") return false;
  const proto = Object.getPrototypeOf(v);
  return Array.isArray(v) || proto === Object.prototype || proto === null;
}

/** `JSON.stringify(v, null, 1)` of a container's member, as it stands one space in; undefined when it is left out. */
function member(v: unknown, key: string): string | undefined {
  // JSON.stringify gives toJSON the member's key, as it does when it walks the container itself.
  const text = JSON.stringify({ [key]: v }, null, 1);
  // `{\n "key": <value>\n}` or `{}` when the member is left out.
  if (text === "{}") return undefined;
  return text.slice(5 + JSON.stringify(key).length, -2);
}

/**
 * `JSON.stringify(x, null, 1)` with each line after the first `levels` spaces further in, without a pass over the text
 * to indent it: `x` is given to `JSON.stringify` inside `levels` arrays, which indent it that far, and taken out again.
 * (A new line in the text is always one between members: a new line in a string is written as `\n`.)
 */
function indented(x: object, levels: number): string {
  let wrapped: unknown = x;
  for (let i = 0; i < levels; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 1);
  // Array i (0 outermost) adds `[`, a new line and i + 1 spaces before `x`, and a new line, i spaces and `]` after it.
  const before = 3 * levels + (levels * (levels - 1)) / 2;
  const after = 2 * levels + (levels * (levels - 1)) / 2;
  return text.slice(before, text.length - after);
}

function* container(v: object, indent: string, depth: number): Generator<string> {
  const inner = `${indent} `;
  const nested = (x: unknown, key: string): Iterable<string> | undefined => {
    if (isPlainContainer(x)) {
      // Objects are taken apart near the top only; arrays (the long lists: findings, updates) wherever they are.
      if (depth > 1 || Array.isArray(x)) return container(x, inner, depth - 1);
      // No toJSON of its own: its text does not depend on its key.
      return [indented(x, inner.length)];
    }
    const text = member(x, key);
    return text === undefined ? undefined : [text.replaceAll("\n ", `\n${inner}`)];
  };
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield "[]";
      return;
    }
    yield "[";
    for (let i = 0; i < v.length; i++) {
      yield `${i ? "," : ""}\n${inner}`;
      yield* nested(v[i], String(i)) ?? ["null"];
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(v)) {
    const parts = nested((v as Record<string, unknown>)[key], key);
    if (parts === undefined) continue;
    yield `${first ? "{" : ","}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* parts;
  }
  yield first ? "{}" : `\n${indent}}`;
}

/** `JSON.stringify(value, null, 1) + "\n"` in batches of about 32,000 characters. */
export function* jsonBatches(value: unknown): Generator<string> {
  let batch = "";
  for (const piece of jsonPieces(value)) {
    batch += piece;
    if (batch.length >= BATCH_CHARS) {
      yield batch;
      batch = "";
    }
  }
  yield `${batch}\n`;
}

/**
 * Characters a batch holds before it is written: small enough that the batch's flat copy (made when it is written,
 * two bytes a character when any is wide) is an ordinary young object that dies young, rather than one of the large
 * objects only a full collection frees, which let the heap grow by the report's size while it is written.
 */
const BATCH_CHARS = 1 << 15;
