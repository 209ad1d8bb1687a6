import superjson from 'superjson';
import { describe, expect, test } from 'vitest';
import { fastSerialize, wireTransformer } from './wire-transformer';

/** A small deterministic PRNG (mulberry32), so a failure names its seed and replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const keys = ['a', 'id', 'scheduledFor', '0', '12', '3', 'with.dot', 'back\\slash', '', 'x.y\\z', 'coach'];

/** Answers as procedures return them, with now and then something only superjson can write. */
function arbitrary(next: () => number, depth: number, shared: object): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const leaf = () =>
    pick([
      () => 'text',
      () => Math.floor(next() * 1000) - 500,
      () => next(),
      () => true,
      () => null,
      () => undefined,
      () => new Date(Date.UTC(2030, 0, 1) + Math.floor(next() * 1e10)),
    ])();
  const rare = () =>
    pick([
      () => Number.NaN,
      () => Number.POSITIVE_INFINITY,
      () => -0,
      () => new Date(Number.NaN),
      () => new Map([['k', 1]]),
      () => new Set([1]),
      () => 10n,
      () => new Error('boom'),
      () => shared,
      () => /re/g,
      () =>
        new (class Point {
          x = 1;
        })(),
      () => Object.assign(Object.create(null), { bare: 1 }),
    ])();
  const roll = next();
  if (depth <= 0 || roll < 0.3) return roll < 0.02 ? rare() : leaf();
  if (roll < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => arbitrary(next, depth - 1, shared));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--) object[pick(keys)] = arbitrary(next, depth - 1, shared);
  return object;
}

describe('the wire transformer', () => {
  test('writes what superjson writes, and superjson reads it back the same, for 5,000 random answers', () => {
    let fast = 0;
    for (let seed = 1; seed <= 5000; seed++) {
      const value = arbitrary(random(seed), 5, { shared: true });
      const expected = JSON.parse(JSON.stringify(superjson.serialize(value)));
      const written = fastSerialize(value);
      if (written) fast++;
      const wire = JSON.parse(JSON.stringify(wireTransformer.serialize(value)));
      // The same meta entries (their order may differ, which no reader sees), and the same
      // values read back, undefined properties included.
      expect({ seed, meta: wire.meta }).toEqual({ seed, meta: expected.meta });
      expect({ seed, read: superjson.deserialize(wire) }).toStrictEqual({
        seed,
        read: superjson.deserialize(expected),
      });
    }
    // Most answers take the fast writer; the rest prove that falling back is right too.
    expect(fast).toBeGreaterThan(2500);
    expect(fast).toBeLessThan(5000);
  });

  test('writes a list answer with dates itself, and the browser reads back the same values', () => {
    const answer = {
      items: [0, 1].map((i) => ({
        id: `a${i}`,
        scheduledFor: new Date(Date.UTC(2031, 2, 3 + i, 9)),
        cancelledAt: null,
        coach: { id: 'c', displayName: 'Maya', coachName: undefined },
      })),
      nextCursor: null,
    };
    const written = fastSerialize(answer);
    expect(JSON.parse(JSON.stringify(written))).toEqual({
      json: {
        items: [
          {
            id: 'a0',
            scheduledFor: '2031-03-03T09:00:00.000Z',
            cancelledAt: null,
            coach: { id: 'c', displayName: 'Maya' },
          },
          {
            id: 'a1',
            scheduledFor: '2031-03-04T09:00:00.000Z',
            cancelledAt: null,
            coach: { id: 'c', displayName: 'Maya' },
          },
        ],
        nextCursor: null,
      },
      meta: {
        values: {
          'items.0.scheduledFor': ['Date'],
          'items.0.coach.coachName': ['undefined'],
          'items.1.scheduledFor': ['Date'],
          'items.1.coach.coachName': ['undefined'],
        },
        v: 1,
      },
    });
    expect(superjson.deserialize(JSON.parse(JSON.stringify(written)))).toStrictEqual(answer);
  });

  test('writes what a procedure that returns nothing answers as superjson does', () => {
    expect(fastSerialize(undefined)).toEqual(superjson.serialize(undefined));
  });

  test('leaves to superjson what it cannot write the same way', () => {
    const coach = { id: 'c' };
    for (const value of [
      { a: coach, b: coach },
      { at: new Date(Number.NaN) },
      { n: Number.NaN },
      { n: -0 },
      { m: new Map() },
      // biome-ignore lint/suspicious/noSparseArray: a hole is what this case is about
      [1, , 3],
      { big: 1n },
    ]) {
      expect(fastSerialize(value)).toBeNull();
      expect(wireTransformer.serialize(value)).toEqual(superjson.serialize(value));
    }
  });

  test('reads what the browser sends as superjson does', () => {
    const input = superjson.serialize({ from: new Date('2031-03-03T00:00:00Z'), ids: new Set(['a']) });
    expect(wireTransformer.deserialize(input)).toEqual({ from: new Date('2031-03-03T00:00:00Z'), ids: new Set(['a']) });
  });
});
