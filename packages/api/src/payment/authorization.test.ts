import { createLogger, loadEnv } from '@hybridcoach/config';
import type { Payment, User } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createContext } from '../core/context';
import { fieldErrorsOf } from '../core/errors';
import type { Principal } from '../core/principal';
import { settingsFromEnv } from '../core/settings';
import { DevMailbox } from '../notification/mailer';
import { createCaller } from '../root';
import { createStripeProvider } from './stripe-provider';
import { receiveStripeWebhook } from './stripe-webhook';
import { StripeStandIn } from './test-support/stripe-stand-in';

const t = useTestDatabase();
const logger = createLogger('payment-authorization-test', 'silent');
const apiKey = 'sk_test_matrix';
const webhookSecret = 'whsec_matrix';
let standIn: StripeStandIn;
let caller: (who: Who) => ReturnType<typeof createCaller>;

type Who = 'anonymous' | 'agent' | 'payer' | 'otherClient' | 'coach' | 'otherCoach' | 'admin';
const people = {} as Record<Exclude<Who, 'anonymous' | 'agent'>, User>;
let pending: Payment;
let paid: Payment;
let appointmentId = '';
const month = new Date().toISOString().slice(0, 7);

beforeAll(async () => {
  standIn = await StripeStandIn.start({ apiKey, webhookSecret });
  const settings = settingsFromEnv(
    loadEnv({ STRIPE_SECRET_KEY: apiKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_URL: standIn.url }),
  );
  const payments = settings.stripe ? createStripeProvider(settings.stripe) : null;
  people.payer = await t.given.client();
  people.otherClient = await t.given.client();
  people.coach = await t.given.coach();
  people.otherCoach = await t.given.coach();
  people.admin = await t.given.admin();
  pending = await t.given.tip({ coach: people.coach, client: people.payer, amount: 3 });
  const toPay = await t.given.tip({ coach: people.coach, client: people.payer, amount: 5 });
  const session = await t.db.session.findUniqueOrThrow({ where: { id: pending.sessionId ?? '' } });
  appointmentId = session.appointmentId;
  const mailer = new DevMailbox(logger);
  caller = (who) => {
    const principal: Principal =
      who === 'anonymous'
        ? { kind: 'anonymous' }
        : who === 'agent'
          ? { kind: 'service', service: 'agent' }
          : { kind: 'user', userId: people[who].id, role: people[who].role, userSessionId: `s-${who}` };
    return createCaller(
      createContext({ db: t.db, logger, requestId: 'matrix', settings, mailer, payments, principal }),
    );
  };
  // A really charged tip for the refund: paid on the stand-in, completed by its signed webhook.
  const { url } = await caller('payer').payment.checkoutTip({ paymentId: toPay.id });
  await standIn.pay(url.split('/').at(-1) ?? '');
  const completed = standIn.deliveriesOf('checkout.session.completed').at(-1);
  if (!completed) throw new Error('the stand-in reports the payment');
  const deps = { db: t.db, logger, mailer, settings, payments, now: () => new Date() };
  await receiveStripeWebhook(deps, { rawBody: completed.payload, signature: completed.signature });
  paid = await t.db.payment.findUniqueOrThrow({ where: { id: toPay.id, status: 'completed' } });
});
afterAll(() => standIn.close());

/** The tRPC code a call ends with, or 'ok'. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}

type Api = ReturnType<typeof createCaller>;
const procedures: Record<string, (api: Api) => Promise<unknown>> = {
  'payment.checkoutTip': (api) => api.payment.checkoutTip({ paymentId: pending.id }),
  'payment.sessionTip': (api) => api.payment.sessionTip({ appointmentId }),
  'payment.myTips': (api) => api.payment.myTips({}),
  'payment.received': (api) => api.payment.received({ month }),
  'admin.payments.tips': (api) => api.admin.payments.tips({ month }),
  'admin.payments.report': (api) => api.admin.payments.report({ month }),
  'admin.payments.reportCsv': (api) => api.admin.payments.reportCsv({ month }),
  'admin.payments.refund': (api) => api.admin.payments.refund({ paymentId: paid.id }),
};

// Who may call what. NOT_FOUND where a user may call but the row is not theirs (ids reveal nothing).
const expected: Record<string, Record<Who, string>> = {
  'payment.checkoutTip': {
    anonymous: 'UNAUTHORIZED',
    agent: 'FORBIDDEN',
    payer: 'ok',
    otherClient: 'NOT_FOUND',
    coach: 'NOT_FOUND',
    otherCoach: 'NOT_FOUND',
    admin: 'NOT_FOUND',
  },
  'payment.sessionTip': {
    anonymous: 'UNAUTHORIZED',
    agent: 'FORBIDDEN',
    payer: 'ok',
    otherClient: 'NOT_FOUND',
    coach: 'ok',
    otherCoach: 'NOT_FOUND',
    admin: 'ok',
  },
  'payment.myTips': {
    anonymous: 'UNAUTHORIZED',
    agent: 'FORBIDDEN',
    payer: 'ok',
    otherClient: 'ok',
    coach: 'ok',
    otherCoach: 'ok',
    admin: 'ok',
  },
  'payment.received': {
    anonymous: 'UNAUTHORIZED',
    agent: 'FORBIDDEN',
    payer: 'FORBIDDEN',
    otherClient: 'FORBIDDEN',
    coach: 'ok',
    otherCoach: 'ok',
    admin: 'FORBIDDEN',
  },
  ...Object.fromEntries(
    ['admin.payments.tips', 'admin.payments.report', 'admin.payments.reportCsv', 'admin.payments.refund'].map(
      (name) => [
        name,
        {
          anonymous: 'UNAUTHORIZED',
          agent: 'FORBIDDEN',
          payer: 'FORBIDDEN',
          otherClient: 'FORBIDDEN',
          coach: 'FORBIDDEN',
          otherCoach: 'FORBIDDEN',
          admin: 'ok',
        },
      ],
    ),
  ),
};

describe('who may pay, see and refund tips', () => {
  // Refusals first: the one allowed refund must not run before the others are checked.
  const order: Who[] = ['anonymous', 'agent', 'payer', 'otherClient', 'coach', 'otherCoach', 'admin'];
  for (const [name, call] of Object.entries(procedures)) {
    test(`${name}: ${order.map((who) => `${who} ${expected[name]?.[who]}`).join(', ')}`, async () => {
      const got: Record<string, string> = {};
      for (const who of order) got[who] = await outcome(call(caller(who)));
      expect(got).toEqual(expected[name]);
    });
  }

  test("what each caller sees is their own: the payer's tips, the coach's tips, nobody else's", async () => {
    const mine = await caller('payer').payment.myTips({});
    expect(mine.items.map((i) => i.id).sort()).toEqual([pending.id, paid.id].sort());
    expect((await caller('otherClient').payment.myTips({})).items).toEqual([]);
    const received = await caller('coach').payment.received({ month });
    expect(received.tips.map((i) => i.id).sort()).toEqual([pending.id, paid.id].sort());
    expect((await caller('otherCoach').payment.received({ month })).tips).toEqual([]);
  });

  test('bad input is refused with the field, before anything is read', async () => {
    const bad = async (call: Promise<unknown>) => {
      try {
        await call;
      } catch (err) {
        if (err instanceof TRPCError) return [err.code, Object.keys(fieldErrorsOf(err.cause) ?? {})];
      }
      return ['ok'];
    };
    expect(await bad(caller('admin').admin.payments.report({ month: '2030-13' }))).toEqual(['BAD_REQUEST', ['month']]);
    expect(await bad(caller('coach').payment.received({ month: "2030-01'; --" }))).toEqual(['BAD_REQUEST', ['month']]);
    expect(await bad(caller('payer').payment.checkoutTip({ paymentId: '' }))).toEqual(['BAD_REQUEST', ['paymentId']]);
  });
});
