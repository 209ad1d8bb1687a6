import { useTestDatabase } from '@hybridcoach/db/testing';
import { TRPCError } from '@trpc/server';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf, translateDatabaseError } from './errors';

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

describe('database errors become tRPC errors in one place', () => {
  test('an exclusion-constraint violation (double booking) is a CONFLICT', async () => {
    const translated = translateDatabaseError(await overlappingBooking());
    expect(translated).toBeInstanceOf(TRPCError);
    expect((translated as TRPCError).code).toBe('CONFLICT');
  });

  test('a unique violation is a CONFLICT, a CHECK violation a BAD_REQUEST', async () => {
    await t.db.user.create({ data: { email: 'dup@example.com', displayName: 'D' } });
    const dup = await t.db.user
      .create({ data: { email: 'dup@example.com', displayName: 'D' } })
      .catch((e: unknown) => e);
    expect((translateDatabaseError(dup) as TRPCError).code).toBe('CONFLICT');
    const bad = await t.db.user
      .create({ data: { email: 'UPPER@example.com', displayName: 'U' } })
      .catch((e: unknown) => e);
    expect((translateDatabaseError(bad) as TRPCError).code).toBe('BAD_REQUEST');
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
