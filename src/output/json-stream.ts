import { HeapPacer } from "../runtime/heap.js";

/**
 * `JSON.stringify(value, null, indent)` in pieces, so that a large report is written without being held as one string
 * (and then once more as the bytes written). The text is the same, character for character: objects near the top
 * (`depth` levels) and arrays at any depth are taken apart here, and each value below them is given to
 * `JSON.stringify` and indented. A `LazyList` is written as the array of its items, each made only when it is written.
 */
export function* jsonPieces(value: unknown, depth = 2, indent = 1): Generator<string> {
  if (value instanceof LazyList && depth > 0) yield* lazyList(value, "", depth, indent);
  else if (isPlainContainer(value) && depth > 0) yield* container(value, "", depth, indent);
  else {
    const text = JSON.stringify(value, null, indent);
    if (text !== undefined) yield text;
  }
}

/**
 * An array whose items are made as they are written (`jsonPieces`), so that a report does not hold a converted copy of
 * every finding; written whole (`toJSON`) where `JSON.stringify` meets it.
 */
export class LazyList<T> {
  constructor(readonly items: () => Iterable<T>) {}

  toJSON(): T[] {
    return [...this.items()];
  }
}

/** An array or plain object that `JSON.stringify` walks as it is (no `toJSON`). */
function isPlainContainer(v: unknown): v is object {
  if (typeof v !== "object" || v === null || typeof (v as { toJSON?: unknown }).toJSON === "function") return false;
  const proto = Object.getPrototypeOf(v);
  return Array.isArray(v) || proto === Object.prototype || proto === null;
}

/** `JSON.stringify(v, null, 1)` of a container's member, as it stands one space in; undefined when it is left out. */
function member(v: unknown, key: string, indent: number): string | undefined {
  // JSON.stringify gives toJSON the member's key, as it does when it walks the container itself.
  const text = JSON.stringify({ [key]: v }, null, indent);
  // `{\n<indent>"key": <value>\n}` or `{}` when the member is left out.
  if (text === "{}") return undefined;
  return text.slice(4 + indent + JSON.stringify(key).length, -2);
}

/**
 * `JSON.stringify(x, null, 1)` with each line after the first `levels` spaces further in, without a pass over the text
 * to indent it: `x` is given to `JSON.stringify` inside `levels` arrays, which indent it that far, and taken out again.
 * (A new line in the text is always one between members: a new line in a string is written as `\n`.)
 */
function indented(x: object, levels: number, indent: number): string {
  let wrapped: unknown = x;
  for (let i = 0; i < levels; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, indent);
  // Array i (0 outermost) adds `[`, a new line and (i + 1) indents before `x`, and a new line, i indents and `]` after.
  const before = 2 * levels + (indent * levels * (levels + 1)) / 2;
  const after = 2 * levels + (indent * levels * (levels - 1)) / 2;
  return text.slice(before, text.length - after);
}

function* container(v: object, indent: string, depth: number, unit: number): Generator<string> {
  if (Array.isArray(v)) {
    yield* items(v, indent, depth, unit);
    return;
  }
  const inner = indent + " ".repeat(unit);
  let first = true;
  for (const key of Object.keys(v)) {
    const parts = nested((v as Record<string, unknown>)[key], key, inner, depth, unit);
    if (parts === undefined) continue;
    yield `${first ? "{" : ","}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* parts;
  }
  yield first ? "{}" : `\n${indent}}`;
}

/** A member's or an item's text, as it stands at `inner`; undefined when it is left out. */
function nested(x: unknown, key: string, inner: string, depth: number, unit: number): Iterable<string> | undefined {
  if (x instanceof LazyList) return lazyList(x, inner, depth - 1, unit);
  if (isPlainContainer(x)) {
    // Objects are taken apart near the top only; arrays (the long lists: findings, updates) wherever they are.
    if (depth > 1 || Array.isArray(x)) return container(x, inner, depth - 1, unit);
    // No toJSON of its own: its text does not depend on its key.
    return [indented(x, inner.length / unit, unit)];
  }
  const text = member(x, key, unit);
  return text === undefined ? undefined : [text.replaceAll(`\n${" ".repeat(unit)}`, `\n${inner}`)];
}

/** An array's text from its items, as `JSON.stringify` writes it (`[]` when it has none). */
function* items(list: Iterable<unknown>, indent: string, depth: number, unit: number): Generator<string> {
  const inner = indent + " ".repeat(unit);
  let i = 0;
  for (const x of list) {
    yield `${i ? "," : "["}\n${inner}`;
    yield* nested(x, String(i), inner, depth, unit) ?? ["null"];
    i++;
  }
  yield i ? `\n${indent}]` : "[]";
}

function lazyList(list: LazyList<unknown>, indent: string, depth: number, unit: number): Generator<string> {
  return items(list.items(), indent, depth, unit);
}

/** `JSON.stringify(value, null, indent) + "\n"` in batches of about 32,000 characters. */
export function* jsonBatches(value: unknown, depth = 2, indent = 1): Generator<string> {
  let batch = "";
  // A large report is written while what made it is garbage: the pacer collects that before the heap grows by it.
  const pacer = new HeapPacer();
  for (const piece of jsonPieces(value, depth, indent)) {
    pacer.pace();
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
