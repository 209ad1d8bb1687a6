import type { DataTransformer } from '@trpc/server';
import superjson, { type SuperJSONResult } from 'superjson';

/**
 * The tRPC transformer: superjson on the wire, with a faster writer for what answers nearly
 * always are (plain objects, arrays, strings, finite numbers, booleans, null, undefined, valid
 * Dates, no object twice). For those it only walks the value to write superjson's `meta` (the
 * same entries: dotted, escaped paths) and hands the value itself to JSON.stringify, which
 * writes Dates as superjson does; an undefined property is left out where superjson writes
 * null, and superjson's reader puts undefined back from `meta` either way. So browsers and
 * services keep plain superjson. Anything else (Map, Set, BigInt, NaN, -0, class instances, an
 * object met twice…) goes to superjson itself. Measured in bench/ (the upcoming list): its
 * general walker was the largest cost of a list answer on the server, about four times
 * JSON.stringify.
 */
export const wireTransformer: DataTransformer = {
  serialize: (value: unknown) => fastSerialize(value) ?? superjson.serialize(value),
  deserialize: (value) => superjson.deserialize(value as SuperJSONResult),
};

type Annotation = 'Date' | 'undefined';

/** Thrown inside the walk when a value is outside what the fast writer handles. */
const notPlain = Symbol('not plain');

/** superjson's `escapeKey`: a key's dots and backslashes are escaped in meta paths. */
function escapeKey(key: string): string {
  return key.includes('.') || key.includes('\\') ? key.replace(/\\/g, '\\\\').replace(/\./g, '\\.') : key;
}

/** `superjson.serialize(value)`, or null when the value needs superjson's general walker. */
export function fastSerialize(value: unknown): SuperJSONResult | null {
  const values: Record<string, [Annotation]> = {};
  let rootAnnotation: Annotation | null = null;
  let annotated = false;
  const seen = new Set<object>();
  // The keys from the root to the node being looked at; joined only for an annotation.
  const path: string[] = [];
  const annotate = (type: Annotation) => {
    annotated = true;
    if (path.length === 0) rootAnnotation = type;
    else values[path.join('.')] = [type];
  };

  // Checks `node` and records its annotations. The JSON is the value itself: JSON.stringify
  // writes a valid Date as its ISO string, as superjson does, and an undefined array item as
  // null; an undefined property is left out where superjson writes null, and its annotation
  // makes the reader put undefined back either way.
  const walk = (node: unknown): void => {
    switch (typeof node) {
      case 'string':
      case 'boolean':
        return;
      case 'number':
        // NaN, ±Infinity and -0 get superjson annotations of their own.
        if (!Number.isFinite(node) || Object.is(node, -0)) throw notPlain;
        return;
      case 'undefined':
        annotate('undefined');
        return;
      case 'object': {
        if (node === null) return;
        // superjson records an object met twice as a referential equality: its business.
        if (seen.has(node)) throw notPlain;
        seen.add(node);
        if (node instanceof Date) {
          if (Number.isNaN(node.getTime())) throw notPlain;
          annotate('Date');
          return;
        }
        if (Array.isArray(node)) {
          for (let i = 0; i < node.length; i++) {
            if (!(i in node)) throw notPlain;
            path.push(String(i));
            walk(node[i]);
            path.pop();
          }
          return;
        }
        const proto = Object.getPrototypeOf(node);
        if (proto !== Object.prototype && proto !== null) throw notPlain;
        for (const key of Object.keys(node)) {
          // superjson refuses these (prototype pollution): let it say so.
          if (key === '__proto__' || key === 'constructor' || key === 'prototype' || key === 'toJSON') throw notPlain;
          path.push(escapeKey(key));
          walk((node as Record<string, unknown>)[key]);
          path.pop();
        }
        return;
      }
      default:
        throw notPlain;
    }
  };

  try {
    walk(value);
  } catch (err) {
    if (err === notPlain) return null;
    throw err;
  }
  // A procedure that returns nothing: superjson writes null.
  const json = (value === undefined ? null : value) as SuperJSONResult['json'];
  if (!annotated) return { json };
  return { json, meta: { values: rootAnnotation ? [rootAnnotation] : values, v: 1 } } as SuperJSONResult;
}
