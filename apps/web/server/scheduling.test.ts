import type { AppRouter } from '@hybridcoach/api';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBrowserClient, startTestServer, type TestServer } from './testing';

const t = useTestDatabase();
// Monday 2031-03-03 12:00 UTC: every test books relative to this fixed clock.
const NOW = new Date('2031-03-03T12:00:00Z');
const H = 3_600_000;
const at = (iso: string) => new Date(iso);
let server: TestServer;

const codeOf = (err: unknown) => (err as TRPCClientError<AppRouter>).data?.code;
const fieldsOf = (err: unknown) => (err as TRPCClientError<AppRouter>).data?.fieldErrors;

type Api = ReturnType<typeof createBrowserClient>['client'];

/** The grouped open-slots answer as one flat list, which is how the assertions below read it. */
async function openTimes(api: Api, input: Parameters<Api['scheduling']['openSlots']['query']>[0]) {
  const answer = await api.scheduling.openSlots.query(input);
  return answer.days.flatMap((day) =>
    day.times.map((t) => ({
      localDate: day.date,
      localTime: t.time,
      startsAt: new Date(t.startsAt),
      coachIds: t.coaches.map((i) => answer.coachIds[i]),
    })),
  );
}

async function as(userId: string) {
  const browser = createBrowserClient(server.url);
  await browser.client.dev.signInAs.mutate({ userId });
  return browser.client;
}

async function coach(
  timezone = 'UTC',
  rules: { bufferMinutes?: number; minNoticeMinutes?: number; bookingHorizonDays?: number } = {},
) {
  const user = await t.given.coach({ timezone, ...rules });
  // Every day 09:00–17:00 in the coach's zone.
  await t.db.coachAvailability.createMany({
    data: [0, 1, 2, 3, 4, 5, 6].map((d) => ({ coachId: user.id, dayOfWeek: d, startTime: '09:00', endTime: '17:00' })),
  });
  return user;
}
function client() {
  return t.given.client();
}

beforeAll(async () => {
  server = await startTestServer({ db: t.db, now: () => NOW });
});
afterAll(() => server.close());

describe('booking', () => {
  test('a client books an open slot; both parties get a notification and an email with an ICS invitation', async () => {
    const c = await coach();
    const k = await client();
    const api = await as(k.id);
    const slots = await openTimes(api, {
      coachId: c.id,
      from: '2031-03-04',
      to: '2031-03-04',
      timezone: 'UTC',
    });
    expect(slots.map((s) => s.localTime).slice(0, 3)).toEqual(['09:00', '09:30', '10:00']);
    const booked = await api.scheduling.book.mutate({ coachId: c.id, startsAt: at('2031-03-04T09:00:00Z') });
    expect(booked.roomId).toMatch(/^session-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(booked).toMatchObject({ status: 'scheduled', durationMin: 30, endsAt: at('2031-03-04T09:30:00Z') });
    expect(
      (await openTimes(api, { coachId: c.id, from: '2031-03-04', to: '2031-03-04', timezone: 'UTC' })).map(
        (s) => s.localTime,
      ),
    ).not.toContain('09:00');

    const notes = await t.db.notification.findMany({
      where: { type: 'appointment_booked', actionUrl: `/appointments/${booked.id}` },
    });
    expect(notes.map((n) => n.userId).sort()).toEqual([c.id, k.id].sort());
    await new Promise((r) => setTimeout(r, 30));
    const mails = server.mailbox.list().filter((m) => m.text.includes(booked.id));
    expect(mails.map((m) => m.to).sort()).toEqual([c.email, k.email].sort());
    const ics = mails[0]?.attachments?.[0];
    expect(ics?.contentType).toContain('text/calendar');
    expect(ics?.content).toContain(`UID:${booked.id}@hybridcoach`);
    expect(ics?.content).toContain('DTSTART:20310304T090000Z');
  });

  test('50 concurrent attempts at one slot give exactly one booking and 49 CONFLICTs', async () => {
    const c = await coach();
    const clients = await Promise.all(Array.from({ length: 50 }, () => client()));
    const apis = await Promise.all(clients.map((k) => as(k.id)));
    const results = await Promise.allSettled(
      apis.map((api) => api.scheduling.book.mutate({ coachId: c.id, startsAt: at('2031-03-05T10:00:00Z') })),
    );
    const codes = results.map((r) => (r.status === 'fulfilled' ? 'OK' : codeOf(r.reason)));
    expect(codes.filter((x) => x === 'OK')).toHaveLength(1);
    expect(codes.filter((x) => x === 'CONFLICT')).toHaveLength(49);
    expect(await t.db.appointment.count({ where: { coachId: c.id } })).toBe(1);
  });

  test('a client cannot hold two overlapping appointments', async () => {
    const [a, b] = [await coach(), await coach()];
    const k = await client();
    const api = await as(k.id);
    await api.scheduling.book.mutate({ coachId: a.id, startsAt: at('2031-03-06T10:00:00Z') });
    const second = await api.scheduling.book
      .mutate({ coachId: b.id, startsAt: at('2031-03-06T10:15:00Z') })
      .catch((e: unknown) => e);
    // 10:15 is not on b's 30-minute grid: refused as not an open slot; 10:00 overlaps: CONFLICT.
    expect(codeOf(second)).toBe('BAD_REQUEST');
    const third = await api.scheduling.book
      .mutate({ coachId: b.id, startsAt: at('2031-03-06T10:00:00Z') })
      .catch((e: unknown) => e);
    expect(codeOf(third)).toBe('CONFLICT');
    expect(
      (await openTimes(api, { coachId: b.id, from: '2031-03-06', to: '2031-03-06', timezone: 'UTC' })).map(
        (s) => s.localTime,
      ),
    ).not.toContain('10:00');
  });

  test("the coach's buffer keeps the neighbouring slots free", async () => {
    const c = await coach('UTC', { bufferMinutes: 10 });
    const [k1, k2] = [await client(), await client()];
    await (await as(k1.id)).scheduling.book.mutate({ coachId: c.id, startsAt: at('2031-03-07T10:00:00Z') });
    const api = await as(k2.id);
    const times = (await openTimes(api, { coachId: c.id, from: '2031-03-07', to: '2031-03-07', timezone: 'UTC' })).map(
      (s) => s.localTime,
    );
    expect(times).toContain('09:00');
    expect(times).not.toContain('09:30');
    expect(times).not.toContain('10:30');
    expect(times).toContain('11:00');
    expect(
      codeOf(
        await api.scheduling.book
          .mutate({ coachId: c.id, startsAt: at('2031-03-07T10:30:00Z') })
          .catch((e: unknown) => e),
      ),
    ).toBe('CONFLICT');
  });

  test('notice, horizon and time off are honoured; a coach who paused takes no bookings', async () => {
    const c = await coach('UTC', { minNoticeMinutes: 24 * 60, bookingHorizonDays: 3 });
    const api = await as((await client()).id);
    const slots = await openTimes(api, {
      coachId: c.id,
      from: '2031-03-03',
      to: '2031-03-10',
      timezone: 'UTC',
    });
    expect(slots[0]?.startsAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime() + 24 * H);
    expect(slots.at(-1)?.startsAt.getTime()).toBeLessThanOrEqual(NOW.getTime() + 3 * 24 * H);
    const coachApi = await as(c.id);
    await coachApi.scheduling.addTimeOff.mutate({
      startsAt: at('2031-03-05T00:00:00Z'),
      endsAt: at('2031-03-06T00:00:00Z'),
      reason: 'holiday',
    });
    const after = await openTimes(api, {
      coachId: c.id,
      from: '2031-03-05',
      to: '2031-03-05',
      timezone: 'UTC',
    });
    expect(after).toEqual([]);
    await coachApi.scheduling.setBookingRules.mutate({
      bufferMinutes: 10,
      minNoticeMinutes: 120,
      bookingHorizonDays: 60,
      isAvailable: false,
    });
    expect(
      codeOf(
        await api.scheduling.book
          .mutate({ coachId: c.id, startsAt: at('2031-03-04T15:00:00Z') })
          .catch((e: unknown) => e),
      ),
    ).toBe('BAD_REQUEST');
  });

  test('open slots of all coaches list each time once, with every coach free then', async () => {
    // Earlier tests' coaches take bookings too: look only at these two.
    const [a, b] = [await coach('UTC'), await coach('Europe/London')];
    const k = await client();
    const api = await as(k.id);
    await api.scheduling.book.mutate({ coachId: a.id, startsAt: at('2031-03-20T09:30:00Z') });
    const day = (await openTimes(api, { from: '2031-03-20', to: '2031-03-20', timezone: 'UTC' })).map((t) => ({
      ...t,
      coachIds: t.coachIds.filter((id) => id === a.id || id === b.id),
    }));
    const at930 = day.find((t) => t.localTime === '09:30');
    const at1100 = day.find((t) => t.localTime === '11:00');
    // London is on UTC in March 2031 before the 30th, so both coaches work 09:00–17:00 UTC.
    expect(at1100?.coachIds.sort()).toEqual([a.id, b.id].sort());
    // The client's own booking at 09:30 blocks that time with every coach.
    expect(at930).toBeUndefined();
    expect(new Set(day.map((t) => t.startsAt.getTime())).size).toBe(day.length);
  });

  test('slots are shown in the viewer’s timezone', async () => {
    const c = await coach('America/New_York');
    const api = await as((await client()).id);
    const slots = await openTimes(api, {
      coachId: c.id,
      from: '2031-03-04',
      to: '2031-03-04',
      timezone: 'Europe/London',
    });
    // 09:00 in New York is 14:00 in London (both on standard time in early March 2031).
    expect(slots[0]?.localTime).toBe('14:00');
    expect(slots[0]?.startsAt).toEqual(at('2031-03-04T14:00:00Z'));
  });
});

describe('changes', () => {
  test('a client may cancel up to 12 hours before; after that only the coach can', async () => {
    const c = await coach('UTC', { minNoticeMinutes: 0 });
    const k = await client();
    const api = await as(k.id);
    const soon = await api.scheduling.book.mutate({ coachId: c.id, startsAt: at('2031-03-03T16:00:00Z') });
    // The appointment says so before anyone tries, in the words the refusal uses.
    const view = await api.scheduling.appointment.query({ appointmentId: soon.id });
    expect(view.changeRules).toEqual({
      deadline: at('2031-03-03T04:00:00Z'),
      blocked:
        'Sessions can be cancelled or moved up to 12 hours before they start, and this one starts sooner. Message your coach instead.',
    });
    expect((await (await as(c.id)).scheduling.appointment.query({ appointmentId: soon.id })).changeRules).toEqual({
      deadline: null,
      blocked: null,
    });
    const refused = await api.scheduling.cancel
      .mutate({ appointmentId: soon.id, reason: 'sick' })
      .catch((e: unknown) => e);
    expect((refused as Error).message).toBe(view.changeRules.blocked);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect((refused as Error).message).toMatch(/12 hours/);
    const byCoach = await (await as(c.id)).scheduling.cancel.mutate({
      appointmentId: soon.id,
      reason: 'coach is sick',
    });
    expect(byCoach).toMatchObject({ status: 'cancelled', cancelledBy: c.id, cancelReason: 'coach is sick' });
    expect(byCoach.cancelledAt).toEqual(NOW);

    const later = await api.scheduling.book.mutate({ coachId: c.id, startsAt: at('2031-03-05T10:00:00Z') });
    expect((await api.scheduling.appointment.query({ appointmentId: later.id })).changeRules).toEqual({
      deadline: at('2031-03-04T22:00:00Z'),
      blocked: null,
    });
    expect((await api.scheduling.cancel.mutate({ appointmentId: later.id, reason: 'travel' })).status).toBe(
      'cancelled',
    );
    // Cancelled sessions still ahead stay in the upcoming list, marked cancelled, soonest first;
    // the past list keeps what is over.
    expect((await api.scheduling.appointments.query({ scope: 'upcoming' })).items.map((a) => [a.id, a.status])).toEqual(
      [
        [soon.id, 'cancelled'],
        [later.id, 'cancelled'],
      ],
    );
    expect((await api.scheduling.appointments.query({ scope: 'past' })).items).toEqual([]);
  });

  test('reschedule keeps the old slot when the new one is taken, and moves when it is free', async () => {
    const c = await coach();
    const [k1, k2] = [await client(), await client()];
    const api1 = await as(k1.id);
    const mine = await api1.scheduling.book.mutate({ coachId: c.id, startsAt: at('2031-03-08T10:00:00Z') });
    await (await as(k2.id)).scheduling.book.mutate({ coachId: c.id, startsAt: at('2031-03-08T12:00:00Z') });
    const taken = await api1.scheduling.reschedule
      .mutate({ appointmentId: mine.id, startsAt: at('2031-03-08T12:00:00Z') })
      .catch((e: unknown) => e);
    expect(codeOf(taken)).toBe('CONFLICT');
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: mine.id } })).scheduledFor).toEqual(
      at('2031-03-08T10:00:00Z'),
    );
    const moved = await api1.scheduling.reschedule.mutate({
      appointmentId: mine.id,
      startsAt: at('2031-03-08T10:30:00Z'),
    });
    expect(moved.scheduledFor).toEqual(at('2031-03-08T10:30:00Z'));
    expect(moved.roomId).toBe(mine.roomId);
  });

  test('a coach or admin reassigns to another coach with the same checks; the old coach is told', async () => {
    const [a, b] = [await coach(), await coach()];
    const admin = await t.db.user.create({
      data: { email: 'admin@hybridcoach.dev', displayName: 'Admin', role: 'admin' },
    });
    const k = await client();
    const booked = await (await as(k.id)).scheduling.book.mutate({
      coachId: a.id,
      startsAt: at('2031-03-09T11:00:00Z'),
    });
    const moved = await (await as(admin.id)).scheduling.reassign.mutate({ appointmentId: booked.id, coachId: b.id });
    expect(moved.coach.id).toBe(b.id);
    expect(await t.db.notification.count({ where: { userId: a.id, type: 'appointment_reassigned' } })).toBe(1);
    const byClient = await (await as(k.id)).scheduling.reassign
      .mutate({ appointmentId: booked.id, coachId: a.id })
      .catch((e: unknown) => e);
    expect(codeOf(byClient)).toBe('FORBIDDEN');
  });
});

describe('who sees what', () => {
  test("a client cannot see, cancel or move another's appointment; a coach only their own", async () => {
    const [a, b] = [await coach(), await coach()];
    const [k1, k2] = [await client(), await client()];
    const appt = await (await as(k1.id)).scheduling.book.mutate({
      coachId: a.id,
      startsAt: at('2031-03-10T13:00:00Z'),
    });
    const other = await as(k2.id);
    expect(codeOf(await other.scheduling.appointment.query({ appointmentId: appt.id }).catch((e: unknown) => e))).toBe(
      'NOT_FOUND',
    );
    expect(
      codeOf(await other.scheduling.cancel.mutate({ appointmentId: appt.id, reason: 'x' }).catch((e: unknown) => e)),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(
        await other.scheduling.reschedule
          .mutate({ appointmentId: appt.id, startsAt: at('2031-03-10T14:00:00Z') })
          .catch((e: unknown) => e),
      ),
    ).toBe('NOT_FOUND');
    const otherCoach = await as(b.id);
    expect(
      codeOf(await otherCoach.scheduling.appointment.query({ appointmentId: appt.id }).catch((e: unknown) => e)),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(
        await otherCoach.scheduling.cancel.mutate({ appointmentId: appt.id, reason: 'x' }).catch((e: unknown) => e),
      ),
    ).toBe('NOT_FOUND');
    expect((await (await as(a.id)).scheduling.appointment.query({ appointmentId: appt.id })).id).toBe(appt.id);
    expect((await other.scheduling.appointments.query({ scope: 'upcoming' })).items).toEqual([]);
  });

  test("a coach books only for their own clients, plans only around their diaries, and reads nobody's reasons for time off", async () => {
    const c = await coach();
    const stranger = await client();
    const coachApi = await as(c.id);
    // Reproduced first: a coach booked a client they had never met, and read when any client was busy.
    const refused = await coachApi.scheduling.book
      .mutate({ coachId: c.id, clientId: stranger.id, startsAt: at('2031-03-06T10:00:00Z') })
      .catch((e: unknown) => e);
    expect(codeOf(refused)).toBe('NOT_FOUND');
    const probe = await coachApi.scheduling.openSlots
      .query({ coachId: c.id, clientId: stranger.id, from: '2031-03-06', to: '2031-03-06', timezone: 'UTC' })
      .catch((e: unknown) => e);
    expect(codeOf(probe)).toBe('NOT_FOUND');
    expect(await t.db.appointment.count({ where: { clientId: stranger.id } })).toBe(0);

    // Once the client books the coach, the coach may book for them.
    await (await as(stranger.id)).scheduling.book.mutate({ coachId: c.id, startsAt: at('2031-03-06T10:00:00Z') });
    const second = await coachApi.scheduling.book.mutate({
      coachId: c.id,
      clientId: stranger.id,
      startsAt: at('2031-03-06T14:00:00Z'),
    });
    expect(second.client.id).toBe(stranger.id);
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ bookedById: c.id });

    await coachApi.scheduling.addTimeOff.mutate({
      startsAt: at('2031-04-01T00:00:00Z'),
      endsAt: at('2031-04-02T00:00:00Z'),
      reason: 'Surgery',
    });
    const own = await coachApi.scheduling.availability.query({ coachId: c.id });
    expect(own.timeOff.map((x) => x.reason)).toEqual(['Surgery']);
    const seen = await (await as(stranger.id)).scheduling.availability.query({ coachId: c.id });
    expect(seen.timeOff.map((x) => x.reason)).toEqual([null]);
  });

  test('one person cannot slow the server for everyone: open-slot searches run two at a time and 30 a minute', async () => {
    const c = await coach();
    const k = await client();
    // Its own server a day later: the budget's minute (shared by every test here from one address) is its own.
    const busy = await startTestServer({ db: t.db, now: () => new Date(NOW.getTime() + 86_400_000) });
    const signIn = async (userId: string) => {
      const b = createBrowserClient(busy.url);
      await b.client.dev.signInAs.mutate({ userId });
      return b.client;
    };
    const api = await signIn(k.id);
    const search = () =>
      api.scheduling.openSlots.query({ from: '2031-03-04', to: '2031-05-04', timezone: 'UTC' }).then(
        () => 'OK',
        (e: unknown) => codeOf(e),
      );
    // Reproduced first: 20 at once from one client all ran, and slowed every other request.
    const burst = await Promise.all(Array.from({ length: 20 }, search));
    expect(burst.filter((x) => x === 'OK').length).toBeLessThanOrEqual(10);
    expect(burst.filter((x) => x === 'TOO_MANY_REQUESTS').length).toBeGreaterThanOrEqual(10);
    const rest = [];
    for (let i = 0; i < 30; i++) rest.push(await search());
    expect(rest.at(-1)).toBe('TOO_MANY_REQUESTS');
    // Someone else is not held up by it.
    expect(
      await (await as(c.id)).scheduling.openSlots.query({
        coachId: c.id,
        from: '2031-03-04',
        to: '2031-03-05',
        timezone: 'UTC',
      }),
    ).toBeTruthy();
  });

  test('upcoming appointments page with a cursor, no gaps or repeats; the coach sees them in the agenda', async () => {
    const c = await coach();
    const k = await client();
    const api = await as(k.id);
    for (const hour of [9, 10, 11, 12, 13])
      await api.scheduling.book.mutate({
        coachId: c.id,
        startsAt: at(`2031-03-11T${String(hour).padStart(2, '0')}:00:00Z`),
      });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await api.scheduling.appointments.query({
        scope: 'upcoming',
        limit: 2,
        cursor,
      });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const agenda = await (await as(c.id)).scheduling.agenda.query({
      from: '2031-03-11',
      to: '2031-03-11',
      timezone: 'UTC',
    });
    expect(agenda.map((a) => a.id)).toEqual(seen);
  });
});

describe('lists', () => {
  test('a cancelled session still ahead is listed under upcoming (marked cancelled), not under past', async () => {
    const c = await coach();
    const k = await client();
    const api = await as(k.id);
    const ahead = await api.scheduling.book.mutate({ coachId: c.id, startsAt: at('2031-03-12T10:00:00Z') });
    await api.scheduling.cancel.mutate({ appointmentId: ahead.id, reason: 'travel' });
    const done = await t.given.completedSession({ coach: c, client: k, startsAt: at('2031-03-01T10:00:00Z') });
    const upcoming = await api.scheduling.appointments.query({ scope: 'upcoming' });
    expect(upcoming.items.map((a) => [a.id, a.status])).toEqual([[ahead.id, 'cancelled']]);
    const past = await api.scheduling.appointments.query({ scope: 'past' });
    expect(past.items.map((a) => a.id)).toEqual([done.appointment.id]);
  });
});

describe('bad input is a BAD_REQUEST naming the field', () => {
  test('end before start, unknown timezone, past dates, durations out of range', async () => {
    const c = await coach();
    const api = await as((await client()).id);
    const base = { coachId: c.id, timezone: 'UTC' };
    expect(
      fieldsOf(
        await api.scheduling.openSlots
          .query({ ...base, from: '2031-03-10', to: '2031-03-09' })
          .catch((e: unknown) => e),
      ),
    ).toEqual({ to: ['must not be before the start date'] });
    expect(
      fieldsOf(
        await api.scheduling.openSlots
          .query({ ...base, from: '2031-03-10', to: '2031-03-11', timezone: 'Moon/Base' })
          .catch((e: unknown) => e),
      ),
    ).toHaveProperty('timezone');
    const past = await api.scheduling.openSlots
      .query({ ...base, from: '2031-02-01', to: '2031-02-02' })
      .catch((e: unknown) => e);
    expect(codeOf(past)).toBe('BAD_REQUEST');
    expect((past as Error).message).toBe('to: is in the past');
    const pastBooking = await api.scheduling.book
      .mutate({ coachId: c.id, startsAt: at('2031-03-01T10:00:00Z') })
      .catch((e: unknown) => e);
    expect(codeOf(pastBooking)).toBe('BAD_REQUEST');
    for (const durationMin of [5, 500]) {
      expect(
        fieldsOf(
          await api.scheduling.book
            .mutate({ coachId: c.id, startsAt: at('2031-03-12T10:00:00Z'), durationMin })
            .catch((e: unknown) => e),
        ),
      ).toHaveProperty('durationMin');
    }
    const coachApi = await as(c.id);
    expect(
      fieldsOf(
        await coachApi.scheduling.addTimeOff
          .mutate({ startsAt: at('2031-03-12T10:00:00Z'), endsAt: at('2031-03-12T09:00:00Z'), reason: null })
          .catch((e: unknown) => e),
      ),
    ).toEqual({ endsAt: ['must be after the start'] });
    expect(
      fieldsOf(
        await coachApi.scheduling.setWeeklyAvailability
          .mutate({ windows: [{ dayOfWeek: 1, startTime: '17:00', endTime: '09:00' }] })
          .catch((e: unknown) => e),
      ),
    ).toHaveProperty('windows.0.endTime');
  });
});

describe('telling people', () => {
  test('a private calendar feed serves my sessions until I revoke it', async () => {
    const c = await coach();
    const k = await client();
    const api = await as(k.id);
    const booked = await api.scheduling.book.mutate({ coachId: c.id, startsAt: at('2031-03-13T10:00:00Z') });
    expect(await api.scheduling.calendarFeed.query()).toEqual({ active: false });
    // Nothing to turn off yet, and it says so.
    expect(await api.scheduling.revokeCalendarFeed.mutate()).toEqual({ revoked: false });
    const { url } = await api.scheduling.createCalendarFeed.mutate();
    expect(await api.scheduling.calendarFeed.query()).toEqual({ active: true });
    const feedPath = new URL(url).pathname;
    const res = await fetch(`${server.url}${feedPath}`);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    expect(await res.text()).toContain(`UID:${booked.id}@hybridcoach`);
    expect(await api.scheduling.revokeCalendarFeed.mutate()).toEqual({ revoked: true });
    expect(await api.scheduling.calendarFeed.query()).toEqual({ active: false });
    expect((await fetch(`${server.url}${feedPath}`)).status).toBe(404);
    expect((await fetch(`${server.url}/calendar/${'a'.repeat(39)}.ics`)).status).toBe(404);
  });

  test('notifications count unread and can be marked read, only my own', async () => {
    const c = await coach();
    const k = await client();
    const api = await as(k.id);
    await api.scheduling.book.mutate({ coachId: c.id, startsAt: at('2031-03-14T10:00:00Z') });
    expect(await api.notification.unreadCount.query()).toBe(1);
    const coachNote = await t.db.notification.findFirstOrThrow({ where: { userId: c.id } });
    expect((await api.notification.markRead.mutate({ ids: [coachNote.id] })).marked).toBe(0);
    expect((await api.notification.markAllRead.mutate()).marked).toBe(1);
    expect(await api.notification.unreadCount.query()).toBe(0);
  });
});
