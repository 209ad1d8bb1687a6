import { createLogger } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DevMailbox } from '../notification/mailer';
import { createContext } from './context';
import { DomainError, fieldErrorsOf, httpStatusOf, translateDatabaseError } from './errors';
import type { AppSettings } from './settings';
import { createCallerFactory, publicProcedure, router } from './trpc';

const t = useTestDatabase();

async function overlappingBooking(): Promise<unknown> {
  const coach = await t.db.user.create({
    data: { email: 'c@example.com', displayName: 'C', role: 'coach' },
  });
  const client = await t.db.user.create({ data: { email: 'k@example.com', displayName: 'K' } });
  const startsAt = new Date('2033-01-01T10:00:00Z');
  const data = {
    coachId: coach.id,
    clientId: client.id,
    scheduledFor: startsAt,
    durationMin: 30,
    endsAt: new Date(startsAt.getTime() + 1_800_000),
  };
  await t.db.appointment.create({ data: { ...data, roomId: 'session-a' } });
  return t.db.appointment.create({ data: { ...data, roomId: 'session-b' } }).catch((err: unknown) => err);
}

describe('database errors become domain errors in one place', () => {
  test('an exclusion-constraint violation (double booking) is a CONFLICT', async () => {
    const translated = translateDatabaseError(await overlappingBooking());
    expect(translated).toBeInstanceOf(DomainError);
    expect((translated as DomainError).code).toBe('CONFLICT');
  });

  test('a unique violation is a CONFLICT, a CHECK violation a BAD_REQUEST', async () => {
    await t.db.user.create({ data: { email: 'dup@example.com', displayName: 'D' } });
    const dup = await t.db.user
      .create({ data: { email: 'dup@example.com', displayName: 'D' } })
      .catch((e: unknown) => e);
    expect((translateDatabaseError(dup) as DomainError).code).toBe('CONFLICT');
    const bad = await t.db.user
      .create({ data: { email: 'UPPER@example.com', displayName: 'U' } })
      .catch((e: unknown) => e);
    expect((translateDatabaseError(bad) as DomainError).code).toBe('BAD_REQUEST');
  });

  test('anything else is left alone', () => {
    const err = new Error('disk on fire');
    expect(translateDatabaseError(err)).toBe(err);
  });

  test('zod issues become field errors keyed by path', () => {
    const result = z
      .object({ when: z.object({ start: z.iso.datetime() }), n: z.number().max(3) })
      .safeParse({ when: { start: 'x' }, n: 9 });
    expect(fieldErrorsOf(result.error)).toEqual({
      'when.start': [expect.stringMatching(/datetime/i)],
      n: [expect.stringMatching(/3/)],
    });
  });
});

describe('a domain error reaches tRPC callers once mapped', () => {
  const throwing = router({
    taken: publicProcedure.query((): never => {
      throw new DomainError('CONFLICT', 'That email is taken.');
    }),
    invalid: publicProcedure.query((): never => {
      throw new DomainError('BAD_REQUEST', 'is not a whole number', { field: 'bufferMinutes' });
    }),
  });
  // Built per call: the test database exists once beforeAll has run.
  const caller = createCallerFactory(throwing)(() =>
    createContext({
      db: t.db,
      logger: createLogger('test', 'silent'),
      requestId: 'r',
      settings: {} as AppSettings,
      mailer: new DevMailbox(createLogger('test', 'silent')),
    }),
  );

  test('with its code and message', async () => {
    const err = await caller.taken().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT', message: 'That email is taken.' });
  });

  test('a BAD_REQUEST keeps its field for forms', async () => {
    const err = (await caller.invalid().catch((e: unknown) => e)) as { code: string; message: string; cause: unknown };
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toBe('bufferMinutes: is not a whole number');
    expect(fieldErrorsOf(err.cause)).toEqual({ bufferMinutes: ['is not a whole number'] });
  });

  test('HTTP routes get the matching status', () => {
    expect(httpStatusOf(new DomainError('NOT_FOUND', 'gone'))).toBe(404);
    expect(httpStatusOf(new DomainError('TOO_MANY_REQUESTS', 'slow down'))).toBe(429);
  });
});
