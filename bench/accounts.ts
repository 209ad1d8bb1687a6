// Accounts benchmarks: the cost of validating a session on a request (median µs), and sign-in
// throughput (request a code + redeem it, end to end through the procedures, on real PostgreSQL).
import { createCaller, createContext, DevMailbox, settingsFromEnv } from '@hybridcoach/api';
import { createLogger, loadEnv } from '@hybridcoach/config';
import { createUserSession, validateSessionToken } from '../packages/api/src/auth/user-session';
import { startBenchDatabase } from './database';
import { type BenchResult, log, median, percentile } from './lib';

const VALIDATIONS = 5000;
const SIGN_INS = 400;
const CONCURRENCY = 8;

export async function accountsBench(): Promise<BenchResult> {
  const bench = await startBenchDatabase(CONCURRENCY + 2);
  const logger = createLogger('bench-accounts', 'silent');
  try {
    const { db } = bench;
    const user = await db.user.create({
      data: { email: 'bench@vagus.example', displayName: 'Bench', vagusSubscriptionStatus: 'active' },
    });
    const { token } = await createUserSession(
      db,
      { userId: user.id, request: { ip: '127.0.0.1', userAgent: 'bench', fingerprint: null } },
      new Date(),
    );
    for (let i = 0; i < 200; i++) await validateSessionToken(db, token, new Date()); // warm up
    const micros: number[] = [];
    for (let i = 0; i < VALIDATIONS; i++) {
      const started = performance.now();
      if (!(await validateSessionToken(db, token, new Date()))) throw new Error('session did not validate');
      micros.push((performance.now() - started) * 1000);
    }
    log('session validation', { medianUs: median(micros) });

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
          const code = await db.authCode.findFirstOrThrow({
            where: { skoolUsername: `Member ${i}` },
            select: { code: true },
          });
          await api.auth.redeemCode({ code: code.code });
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
