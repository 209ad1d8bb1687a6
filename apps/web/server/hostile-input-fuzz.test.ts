import { appRouter } from '@hybridcoach/api';
import { useTestDatabase } from '@hybridcoach/db/testing';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ZodType } from 'zod';
import { z } from 'zod';
import { createBrowserClient, startTestServer, type TestServer } from './testing';

/**
 * Every procedure that takes input, over real HTTP, fed what an attacker sends: values no
 * procedure can store (refused with 400 and the field, and nothing written), values that are
 * merely odd (never a 500), and bodies that are not tRPC at all (never a 500). The procedures
 * come from the router, so a new one is fuzzed without anyone remembering to.
 */
const t = useTestDatabase();
const agentToken = 'fuzz-agent-token-0123456789abcdef01234';
const workerToken = 'fuzz-worker-token-0123456789abcdef0123';
let server: TestServer;

interface Procedure {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  input: ZodType | null;
}

const procedures: Procedure[] = Object.entries(
  (
    appRouter as unknown as {
      _def: { procedures: Record<string, { _def: { type: Procedure['type']; inputs: ZodType[] } }> };
    }
  )._def.procedures,
)
  .map(([path, p]) => ({ path, type: p._def.type, input: p._def.inputs[0] ?? null }))
  .filter((p) => p.input !== null)
  .sort((a, b) => a.path.localeCompare(b.path));

/** The keys of an object input (through optional/nullable/extended wrappers), to aim values at each field. */
function fieldsOf(schema: ZodType | null): string[] {
  let s: unknown = schema;
  for (let i = 0; i < 5 && s; i++) {
    if (s instanceof z.ZodObject) return Object.keys(s.shape);
    const inner = (s as { def?: { innerType?: unknown; in?: unknown } }).def;
    s = inner?.innerType ?? inner?.in;
  }
  return [];
}

const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });

/** Refused by the shared check whatever the schema says: PostgreSQL cannot store or compare them. */
const unstorable: [string, unknown][] = [
  ['NUL byte', 'a\u0000b'],
  ['lone high surrogate', 'x\uD800'],
  ['lone low surrogate', '\uDC00y'],
  ['int4 + 1', 2 ** 31],
  ['below int4', -(2 ** 31) - 1],
  ['huge number', 1e308],
  ['year 0', new Date('0000-06-01T00:00:00Z')],
  ['year 275760', new Date(8_640_000_000_000_000)],
  ['nested 40 deep', nested(40)],
  ['bad key', { 'k\u0000': 1 }],
];

/** Odd but storable: a schema must refuse or a procedure must cope; neither may answer 500. */
const odd: [string, unknown][] = [
  ['empty string', ''],
  ['blank', '   '],
  ['long string', 'x'.repeat(200_000)],
  ['sql', '\' OR 1=1; DROP TABLE "User" --'],
  ['path', '../../../../etc/passwd'],
  ['int4 max', 2 ** 31 - 1],
  ['negative', -1],
  ['fraction', 0.5],
  ['year 1', new Date('0001-01-01T00:00:00Z')],
  ['year 9999', new Date('9999-12-31T23:59:59.999Z')],
  ['true', true],
  ['null', null],
  ['big array', Array.from({ length: 5000 }, (_, i) => `id-${i}`)],
  ['object', { id: 'x', __proto__: { admin: true } }],
  ['array of objects', [{}, { a: 1 }]],
];

interface Caller {
  name: string;
  headers: Record<string, string>;
}

async function call(p: Procedure, caller: Caller, input: unknown): Promise<{ status: number; body: string }> {
  const encoded = superjson.serialize(input);
  const headers = { ...caller.headers, origin: server.url };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 2000);
  try {
    const response =
      p.type === 'mutation'
        ? await fetch(`${server.url}/trpc/${p.path}`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify(encoded),
            signal: controller.signal,
          })
        : await fetch(`${server.url}/trpc/${p.path}?input=${encodeURIComponent(JSON.stringify(encoded))}`, {
            headers,
            signal: controller.signal,
          });
    if (!response.headers.get('content-type')?.includes('text/event-stream'))
      return { status: response.status, body: await response.text() };
    // A subscription answers 200 and says in the stream whether it was refused (and with what
    // status); one that is let through streams on: its first event is all that matters here.
    const reader = response.body?.getReader();
    let body = '';
    while (reader && !/event: serialized-error|event: (?!connected)\w+|\ndata: (?!\{\})/.test(body)) {
      const chunk = await reader.read();
      if (chunk.done) break;
      body += new TextDecoder().decode(chunk.value);
    }
    await reader?.cancel().catch(() => undefined);
    const refused = body.includes('event: serialized-error') ? body.match(/"httpStatus":(\d+)/) : null;
    return { status: refused ? Number(refused[1]) : response.status, body };
  } catch (err) {
    if (controller.signal.aborted) return { status: 0, body: 'still streaming after 2 s' };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** What a fresh member of each kind sends: a cookie, or a service token. */
async function callers(): Promise<Caller[]> {
  const signedIn = async (name: string, userId: string): Promise<Caller> => {
    const browser = createBrowserClient(server.url);
    await browser.client.dev.signInAs.mutate({ userId });
    return { name, headers: { cookie: [...browser.jar].map(([k, v]) => `${k}=${v}`).join('; ') } };
  };
  return [
    await signedIn('admin', (await t.given.admin()).id),
    await signedIn('coach', (await t.given.coach()).id),
    await signedIn('client', (await t.given.client()).id),
    { name: 'agent', headers: { authorization: `Bearer ${agentToken}` } },
    { name: 'worker', headers: { authorization: `Bearer ${workerToken}` } },
  ];
}

/** The first kind of caller the procedure's gate lets through (the gate runs before the input is read). */
async function callerFor(p: Procedure): Promise<Caller> {
  const kinds = await callers();
  for (const caller of kinds) {
    const { status } = await call(p, caller, '__not an input__');
    if (status !== 401 && status !== 403) return caller;
  }
  throw new Error(`${p.path}: no caller got through its gate`);
}

/** Every table's content as a digest (row order aside): equal digests, nothing written. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = await t.db.$queryRaw<{ name: string }[]>`
    SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  const digests: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await t.db.$queryRawUnsafe<{ digest: string }[]>(
      `SELECT md5(coalesce(string_agg(md5(r::text), '' ORDER BY md5(r::text)), '')) AS digest FROM "${name}" r`,
    );
    digests[name] = row?.digest ?? '';
  }
  return digests;
}

/** The inputs aimed at a procedure: the value as the whole input, then in each of its fields. */
function inputsFor(p: Procedure, values: [string, unknown][]): [string, unknown][] {
  const fields = fieldsOf(p.input);
  return values.flatMap(([label, value]): [string, unknown][] => [
    [label, value],
    ...fields.map((field): [string, unknown] => [`${label} in ${field}`, { [field]: value }]),
  ]);
}

beforeAll(async () => {
  server = await startTestServer({ db: t.db, serviceTokens: { agent: agentToken, worker: workerToken } });
  // Something for the procedures to find, so the calls reach past "no such thing".
  await t.given.completedSession();
  await t.given.liveSession();
  await t.given.appointment();
});

afterAll(async () => {
  await server?.close();
});

describe('hostile input, every procedure that takes input', () => {
  test('the router has procedures with input to fuzz', () => {
    expect(procedures.length).toBeGreaterThan(100);
  });

  test('values nothing can store: 400 naming the field, and not one row changed', async () => {
    const gates = new Map<string, Caller>();
    for (const p of procedures) gates.set(p.path, await callerFor(p));
    const before = await fingerprint();
    const wrong: string[] = [];
    let calls = 0;
    for (const p of procedures) {
      const caller = gates.get(p.path) as Caller;
      for (const [label, input] of inputsFor(p, unstorable)) {
        calls++;
        const { status, body } = await call(p, caller, input);
        if (status !== 400) wrong.push(`${p.path} as ${caller.name}, ${label}: ${status} ${body.slice(0, 160)}`);
        else if (!/"fieldErrors":\{/.test(body)) wrong.push(`${p.path}, ${label}: 400 without the field`);
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBeGreaterThan(1000);
    const after = await fingerprint();
    const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
    expect(changed).toEqual([]);
  });

  test('odd values: never a 500', async () => {
    const failures: string[] = [];
    for (const p of procedures) {
      // A fresh caller per procedure: one procedure's accepted call (an erasure, a sign-out) cannot
      // shut the next one out.
      const caller = await callerFor(p);
      for (const [label, input] of inputsFor(p, odd)) {
        const { status, body } = await call(p, caller, input);
        if (status >= 500 || status === 0)
          failures.push(`${p.path} as ${caller.name}, ${label}: ${status} ${body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('bodies that are not tRPC', () => {
  const raw = async (path: string, init: RequestInit) => {
    const response = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { origin: server.url, ...(init.headers as Record<string, string>) },
    });
    await response.arrayBuffer();
    return response.status;
  };
  const post = (body: string, contentType = 'application/json') =>
    raw('/trpc/auth.requestCode', { method: 'POST', body, headers: { 'content-type': contentType } });

  test.each([
    ['malformed JSON', '{"json":'],
    ['a bare string', '"hello"'],
    ['superjson meta naming a type that is not there', '{"json":{"email":"a"},"meta":{"values":{"email":["Date"]}}}'],
    ['superjson bigint that is not a number', '{"json":{"email":"x"},"meta":{"values":{"email":["bigint"]}}}'],
    ['superjson prototype pollution', '{"json":{"email":"a"},"meta":{"values":{"__proto__.polluted":["undefined"]}}}'],
    [
      'superjson referential path outside the input',
      '{"json":{"a":{}},"meta":{"referentialEqualities":{"a":["b.c.d"]}}}',
    ],
    ['deeply nested JSON', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ])('%s: a 4xx', async (_label, body) => {
    const status = await post(body);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a body over the limit, a wrong content type, a batch of garbage and a broken GET input: never a 500', async () => {
    const statuses = [
      await post(`{"json":{"email":"${'x'.repeat(5 * 1024 * 1024)}"}}`),
      await post('email=a@b.c', 'application/x-www-form-urlencoded'),
      await raw('/trpc/auth.requestCode,auth.redeemCode?batch=1', {
        method: 'POST',
        body: '{"0":null,"1":{"json":"\\u0000"}}',
        headers: { 'content-type': 'application/json' },
      }),
      await raw('/trpc/coach.get?input=%7B%22json%22%3A', {}),
      await raw(`/trpc/coach.get?input=${'%7B'.repeat(3000)}`, {}),
      await raw('/trpc/no.such.procedure', {}),
    ];
    for (const status of statuses) expect(status, `statuses ${statuses.join(', ')}`).toBeLessThan(500);
  });
});
