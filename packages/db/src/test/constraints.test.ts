import { describe, expect, test } from 'vitest';
import { useTestDatabase } from '../testing';

const t = useTestDatabase();
const HOUR = 60 * 60 * 1000;
const base = new Date('2031-03-03T15:00:00Z');

async function people(tag: string) {
  const [coach, coach2, client, client2] = await Promise.all(
    ['coach', 'coach2', 'client', 'client2'].map((r) =>
      t.db.user.create({
        data: {
          email: `${r}-${tag}@example.com`,
          displayName: r,
          role: r.startsWith('coach') ? 'coach' : 'client',
        },
      }),
    ),
  );
  if (!coach || !coach2 || !client || !client2) throw new Error('unreachable');
  return { coach, coach2, client, client2 };
}

function appointment(
  coachId: string,
  clientId: string,
  startsAt: Date,
  minutes = 30,
  status: 'scheduled' | 'active' | 'cancelled' | 'completed' = 'scheduled',
) {
  return t.db.appointment.create({
    data: {
      coachId,
      clientId,
      scheduledFor: startsAt,
      durationMin: minutes,
      endsAt: new Date(startsAt.getTime() + minutes * 60_000),
      roomId: `session-${crypto.randomUUID()}`,
      status,
    },
  });
}

async function session() {
  return (await t.given.completedSession({ startsAt: new Date(base.getTime() + 100 * HOUR) })).session;
}

/** Runs a raw statement: null when the database accepts it, else the error text (which names the constraint). */
async function violated(sql: string, ...values: unknown[]): Promise<string | null> {
  try {
    await t.db.$executeRawUnsafe(sql, ...values);
    return null;
  } catch (err) {
    return `${(err as Error).message} ${JSON.stringify(err)}`;
  }
}

describe('CHECK constraints refuse bad rows', () => {
  test('rating outside 1–5', async () => {
    const s = await session();
    for (const bad of [0, 6]) {
      expect(
        await violated(
          'INSERT INTO "SessionRating" (id, "sessionId", rating) VALUES ($1, $2, $3)',
          `r${bad}`,
          s.id,
          bad,
        ),
      ).toContain('SessionRating_rating_range');
    }
    expect(
      await violated('INSERT INTO "SessionRating" (id, "sessionId", rating) VALUES ($1, $2, 5)', 'ok', s.id),
    ).toBeNull();
  });

  test('tip other than 1, 3 or 5', async () => {
    const s = await session();
    expect(
      await violated(
        'INSERT INTO "SessionRating" (id, "sessionId", rating, "tipAmount") VALUES ($1, $2, 4, 2)',
        'tip2',
        s.id,
      ),
    ).toContain('SessionRating_tipAmount_allowed');
    expect(
      await violated(
        'INSERT INTO "SessionRating" (id, "sessionId", rating, "tipAmount") VALUES ($1, $2, 4, 3)',
        'tip3',
        s.id,
      ),
    ).toBeNull();
  });

  test('goal progress rating outside 1–5', async () => {
    const { client } = await people('goal');
    const goal = await t.db.clientGoal.create({ data: { clientId: client.id, title: 'Sleep' } });
    expect(
      await violated(
        'INSERT INTO "GoalProgress" (id, "goalId", note, rating) VALUES ($1, $2, $3, 0)',
        'g1',
        goal.id,
        'meh',
      ),
    ).toContain('GoalProgress_rating_range');
  });

  test('durations that are not positive', async () => {
    const { coach, client } = await people('dur');
    expect(
      await violated(
        `INSERT INTO "Appointment" (id, "scheduledFor", "durationMin", "endsAt", "clientId", "coachId", "roomId", "updatedAt") VALUES ('a0', $1, 0, $1, $2, $3, 'room-a0', now())`,
        base,
        client.id,
        coach.id,
      ),
    ).toContain('Appointment_durationMin_positive');
    const s = await session();
    expect(await violated('UPDATE "Session" SET "warningsSent" = -1 WHERE id = $1', s.id)).toContain(
      'Session_warningsSent_nonnegative',
    );
    expect(
      await violated(
        `INSERT INTO "Exercise" (id, title, description, category, duration, difficulty, instructions, "createdBy") VALUES ('e0', 't', 'd', 'breathing', 0, 'beginner', 'i', $1)`,
        coach.id,
      ),
    ).toContain('Exercise_duration_positive');
  });

  test('an end time that does not match the duration', async () => {
    const { coach, client } = await people('ends');
    expect(
      await violated(
        `INSERT INTO "Appointment" (id, "scheduledFor", "durationMin", "endsAt", "clientId", "coachId", "roomId", "updatedAt") VALUES ('a1', $1, 30, $1, $2, $3, 'room-a1', now())`,
        base,
        client.id,
        coach.id,
      ),
    ).toContain('Appointment_endsAt_matches_duration');
  });

  test('payment amounts that are not positive', async () => {
    const { client } = await people('pay');
    expect(
      await violated(
        `INSERT INTO "Payment" (id, "userId", amount, type, status) VALUES ('p0', $1, 0, 'tip', 'pending')`,
        client.id,
      ),
    ).toContain('Payment_amount_positive');
    expect(
      await violated(
        `INSERT INTO "Payment" (id, "userId", amount, type, status) VALUES ('p1', $1, -3, 'tip', 'pending')`,
        client.id,
      ),
    ).toContain('Payment_amount_positive');
    // A refund never exceeds what was paid, nor goes below nothing.
    expect(
      await violated(
        `INSERT INTO "Payment" (id, "userId", amount, "amountRefunded", type, status) VALUES ('p2', $1, 3, 5, 'tip', 'refunded')`,
        client.id,
      ),
    ).toContain('Payment_refund_within_amount');
    expect(
      await violated(
        `INSERT INTO "Payment" (id, "userId", amount, "amountRefunded", type, status) VALUES ('p3', $1, 3, -1, 'tip', 'completed')`,
        client.id,
      ),
    ).toContain('Payment_refund_within_amount');
  });

  test('upper-case emails', async () => {
    expect(
      await violated(
        `INSERT INTO "User" (id, email, "displayName", "updatedAt") VALUES ('u0', 'Someone@Example.com', 'x', now())`,
      ),
    ).toContain('User_email_lowercase');
  });

  test('availability windows that end before they start', async () => {
    const { coach } = await people('avail');
    expect(
      await violated(
        `INSERT INTO "CoachAvailability" (id, "coachId", "dayOfWeek", "startTime", "endTime") VALUES ('w0', $1, 1, '17:00', '09:00')`,
        coach.id,
      ),
    ).toContain('CoachAvailability_times_valid');
    expect(
      await violated(
        `INSERT INTO "CoachAvailability" (id, "coachId", "dayOfWeek", "startTime", "endTime") VALUES ('w1', $1, 7, '09:00', '17:00')`,
        coach.id,
      ),
    ).toContain('CoachAvailability_dayOfWeek_range');
  });
});

describe('exclusion constraints refuse double booking', () => {
  test('refuses two overlapping live appointments of one coach', async () => {
    const { coach, client, client2 } = await people('coach-overlap');
    await appointment(coach.id, client.id, base);
    await expect(appointment(coach.id, client2.id, new Date(base.getTime() + 15 * 60_000))).rejects.toThrow(
      /Appointment_coach_no_overlap/,
    );
  });

  test('refuses two overlapping live appointments of one client', async () => {
    const { coach, coach2, client } = await people('client-overlap');
    await appointment(coach.id, client.id, new Date(base.getTime() + 2 * HOUR), 60);
    await expect(
      appointment(coach2.id, client.id, new Date(base.getTime() + 2.5 * HOUR), 30, 'active'),
    ).rejects.toThrow(/Appointment_client_no_overlap/);
  });

  test('accepts an overlap with a cancelled appointment, and back-to-back sessions', async () => {
    const { coach, client, client2 } = await people('cancelled-overlap');
    const first = await appointment(coach.id, client.id, new Date(base.getTime() + 5 * HOUR), 30, 'cancelled');
    const second = await appointment(coach.id, client2.id, first.scheduledFor);
    const third = await appointment(coach.id, client.id, second.endsAt);
    expect([first.status, second.status, third.status]).toEqual(['cancelled', 'scheduled', 'scheduled']);
  });

  test('refuses reviving a cancelled appointment into a taken slot', async () => {
    const { coach, client, client2 } = await people('revive');
    const cancelled = await appointment(coach.id, client.id, new Date(base.getTime() + 8 * HOUR), 30, 'cancelled');
    await appointment(coach.id, client2.id, cancelled.scheduledFor);
    await expect(
      t.db.appointment.update({ where: { id: cancelled.id }, data: { status: 'scheduled' } }),
    ).rejects.toThrow(/no_overlap/);
  });
});
