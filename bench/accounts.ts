// Accounts benchmarks: validating a session (in-process, against the same statement on a kept
// pg connection), auth.me over HTTP (against a plain Fastify route doing the same SQL), both
// alternated in one run after ANALYZE; and sign-in throughput (request a code + redeem it, end
// to end through the procedures, on real PostgreSQL).
import { createHash } from 'node:crypto';
import { createCaller, createContext, DevMailbox, settingsFromEnv } from '@hybridcoach/api';
import { createLogger, loadEnv } from '@hybridcoach/config';
import { createBrowserClient, mailedSignIn, startTestServer } from '@hybridcoach/web/testing';
import pg from 'pg';
import { createUserSession, validateSessionToken } from '../packages/api/src/auth/user-session';
import { startBenchDatabase } from './database';
import { type BenchResult, log, median, paired, pairedMetrics, percentile } from './lib';
import { answerHeaders, startTwinServer } from './twin-server';

const VALIDATIONS = 5000;
const SIGN_INS = 400;
const CONCURRENCY = 8;

export async function accountsBench(): Promise<BenchResult> {
  const bench = await startBenchDatabase(CONCURRENCY + 2);
  const logger = createLogger('bench-accounts', 'silent');
  try {
    const { db } = bench;
    const policy = settingsFromEnv(loadEnv({})).sessions;
    const user = await db.user.create({
      data: { email: 'bench@vagus.example', displayName: 'Bench', vagusSubscriptionStatus: 'active' },
    });
    const { token } = await createUserSession(
      db,
      { userId: user.id, request: { ip: '127.0.0.1', userAgent: 'bench', fingerprint: null } },
      new Date(),
      policy,
    );
    for (let i = 0; i < 200; i++) await validateSessionToken(db, token, new Date(), policy); // warm up
    const micros: number[] = [];
    for (let i = 0; i < VALIDATIONS; i++) {
      const started = performance.now();
      if (!(await validateSessionToken(db, token, new Date(), policy))) throw new Error('session did not validate');
      micros.push((performance.now() - started) * 1000);
    }
    log('session validation', { medianUs: median(micros) });
    await db.$executeRawUnsafe('ANALYZE');

    // The same validation by hand: the one statement on a kept connection, checked in place.
    const raw = new pg.Client({ connectionString: bench.url });
    await raw.connect();
    const hash = createHash('sha256').update(token).digest('hex');
    const validation = await paired(
      3000,
      () => validateSessionToken(db, token, new Date(), policy),
      async () => {
        const { rows } = await raw.query(
          `SELECT s.id, s."isActive", s."expiresAt", s."lastActive", u."deletedAt", u.id AS "userId", u.role::text AS role,
             u.email, u."displayName", u.timezone, u."profilePhotoPath", COALESCE(p."onboardingCompleted", false) AS "onboardingCompleted"
           FROM "UserSession" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Profile" p ON p."userId" = u.id
           WHERE s."sessionId" = $1`,
          [hash],
        );
        if (!rows[0]?.isActive || rows[0].expiresAt <= new Date()) throw new Error('session did not validate');
      },
      200,
    );
    await raw.end();
    log('session validation vs twin', { ours: validation.oursMedian, twin: validation.twinMedian });

    // auth.me over HTTP: the tRPC server vs a plain Fastify route with the same SQL.
    const server = await startTestServer({ db });
    const twinServer = await startTwinServer(bench.url, CONCURRENCY, () => new Date());
    const browser = createBrowserClient(server.url);
    await browser.client.dev.signInAs.mutate({ userId: user.id });
    const cookie = `hc_session=${browser.jar.get('hc_session')}`;
    const fromTwin = (await (await fetch(`${twinServer.url}/me`, { headers: { cookie } })).json()) as { id?: string };
    if ((await browser.client.auth.me.query())?.id !== fromTwin.id) throw new Error('auth.me: the twin disagrees');
    // Both through the same HTTP client (fetch + JSON): what differs is the server. The tRPC URL is
    // the one the SPA's client sends; its answer is superjson's envelope around the same fields.
    const trpcUrl = `${server.url}/trpc/auth.me?input=${encodeURIComponent(JSON.stringify({ json: null, meta: { values: ['undefined'] } }))}`;
    const answer = await fetch(trpcUrl, { headers: { cookie } });
    const probe = (await answer.json()) as { result?: unknown };
    if (!probe.result) throw new Error(`the tRPC URL did not answer: ${JSON.stringify(probe)}`);
    twinServer.answerWith(answerHeaders(answer));
    const me = await paired(
      1000,
      () => fetch(trpcUrl, { headers: { cookie } }).then((r) => r.json()),
      () => fetch(`${twinServer.url}/me`, { headers: { cookie } }).then((r) => r.json()),
      100,
    );
    // And with the tRPC client the SPA uses (link, superjson, cookie jar), for reference.
    const meClient = await paired(
      500,
      () => browser.client.auth.me.query(),
      () => fetch(`${twinServer.url}/me`, { headers: { cookie } }).then((r) => r.json()),
      50,
    );
    await twinServer.close();
    await server.close();
    log('auth.me vs twin', { ours: me.oursMedian, twin: me.twinMedian, ratio: me.ratio });

    await db.user.createMany({
      data: Array.from({ length: SIGN_INS }, (_, i) => ({
        email: `m${i}@vagus.example`,
        displayName: `Member ${i}`,
        vagusSubscriptionStatus: 'active' as const,
      })),
    });
    const mailbox = new DevMailbox(logger);
    const settings = settingsFromEnv(loadEnv({}));
    // Each sign-in comes from its own address, as real members do, so the per-IP throttle
    // measures nothing but itself.
    const caller = (ip: string) =>
      createCaller(createContext({ db, logger, requestId: ip, settings, mailer: mailbox, ip }));
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < SIGN_INS; i = next++) {
          const api = caller(`10.0.${Math.floor(i / 250)}.${i % 250}`);
          const email = `m${i}@vagus.example`;
          await api.auth.requestCode({ email });
          // Only its hash is stored: the code comes from the email, which goes out after the answer.
          const { code } = await mailedSignIn(mailbox, email);
          await api.auth.redeemCode({ email, code });
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    log('sign-in throughput', { perSecond: SIGN_INS / seconds });
    return {
      suite: 'accounts',
      metrics: {
        sessionValidationMedianUs: {
          value: Math.round(median(micros)),
          unit: 'µs',
          note: `${VALIDATIONS} validations of one cookie token (hash, indexed lookup, expiry check)`,
        },
        sessionValidationP99Us: { value: Math.round(percentile(micros, 99)), unit: 'µs' },
        ...pairedMetrics(
          'sessionValidation',
          validation,
          'validateSessionToken in-process: hash, one statement through Prisma $queryRaw, expiry check',
          'the same statement on a kept pg connection (node:crypto hash)',
        ),
        ...pairedMetrics(
          'authMe',
          me,
          'auth.me over HTTP (fetch of the tRPC URL): cookie, session validation (the one statement), tRPC, superjson',
          "a plain Fastify route: cookie → the same SQL on kept pg connections → JSON with our answer's headers (same fetch client)",
        ),
        authMeWithTrpcClientMs: {
          value: Math.round(meClient.oursMedian * 100) / 100,
          unit: 'ms',
          note: `through the tRPC client (httpBatchLink, superjson, cookie jar) instead of fetch; ${Math.round(meClient.ratio * 100) / 100}× the twin`,
        },
        signInsPerSecond: {
          value: Math.round((SIGN_INS / seconds) * 10) / 10,
          unit: 'sign-ins/s',
          note: `${SIGN_INS} request-code + redeem pairs, ${CONCURRENCY} concurrent, in-process procedures on embedded PostgreSQL`,
        },
      },
    };
  } finally {
    await bench.close();
  }
}
