import { createLogger, loadEnv } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { TRPCError } from '@trpc/server';
import { describe, expect, test } from 'vitest';
import { createContext } from '../core/context';
import { fieldErrorsOf } from '../core/errors';
import type { Principal } from '../core/principal';
import { settingsFromEnv } from '../core/settings';
import { coachNameOf } from '../format';
import { DevMailbox } from '../notification/mailer';
import { createCaller } from '../root';

const t = useTestDatabase();
const logger = createLogger('messaging-test', 'silent');
const settings = settingsFromEnv(loadEnv({ RELATIONSHIP_ACCESS_DAYS: '30', MESSAGE_EMAIL_AFTER_MINUTES: '15' }));
const NOW = new Date('2031-03-10T12:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;

function as(principal: Principal, now = NOW, mailer = new DevMailbox(logger)) {
  return createCaller(createContext({ db: t.db, logger, requestId: 't', settings, mailer, principal, now: () => now }));
}
const api = (user: { id: string; role: 'client' | 'coach' | 'admin' }, now = NOW) =>
  as({ kind: 'user', userId: user.id, role: user.role, userSessionId: 's' }, now);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (err: unknown) => ({
      code: err instanceof TRPCError ? err.code : 'not a TRPCError',
      fields: Object.keys((err instanceof TRPCError && fieldErrorsOf(err.cause)) || {}),
    }),
  );
/** An in-process subscription yields tracked envelopes: [id, data]. */
const event = (value: unknown) => {
  const [id, data] = value as [string, unknown];
  return { id, data };
};

async function thread() {
  const made = await t.given.relationship({ now: NOW });
  return { ...made, threadId: made.relationship.id };
}

describe('a thread per coach–client relationship', () => {
  test('client and coach write to each other; unread counts follow what each has read', async () => {
    const { coach, client, threadId } = await thread();
    const sent = await api(client).messages.send({ threadId, body: '  Can we move Thursday?  ' });
    expect(sent).toMatchObject({ threadId, senderId: client.id, body: 'Can we move Thursday?' });

    // The writer has read their own message; the coach has one unread.
    expect(await api(client).messages.unread()).toEqual({ total: 0, threads: {} });
    expect(await api(coach).messages.unread()).toEqual({ total: 1, threads: { [threadId]: 1 } });

    const [inCoachList] = await api(coach).messages.threads();
    expect(inCoachList).toMatchObject({
      id: threadId,
      role: 'coach',
      other: { id: client.id, name: client.displayName },
      unread: 1,
      canSend: true,
      lastMessage: { body: 'Can we move Thursday?', fromMe: false },
    });

    const page = await api(coach).messages.thread({ threadId });
    expect(page.role).toBe('coach');
    expect(page.messages.map((m) => m.body)).toEqual(['Can we move Thursday?']);
    await api(coach).messages.markRead({ threadId, upToId: sent.id });
    expect(await api(coach).messages.unread()).toEqual({ total: 0, threads: {} });

    await api(coach).messages.send({ threadId, body: 'Yes, Friday 9:00 works.' });
    const [inClientList] = await api(client).messages.threads();
    expect(inClientList).toMatchObject({
      role: 'client',
      other: { id: coach.id },
      unread: 1,
      lastMessage: { body: 'Yes, Friday 9:00 works.', fromMe: false },
    });
  });

  test('a read mark never moves back and never past the last message', async () => {
    const { coach, client, threadId } = await thread();
    const first = await api(client).messages.send({ threadId, body: 'one' });
    const second = await api(client).messages.send({ threadId, body: 'two' });
    await api(coach).messages.markRead({ threadId, upToId: second.id });
    await api(coach).messages.markRead({ threadId, upToId: first.id });
    expect(await api(coach).messages.unread()).toEqual({ total: 0, threads: {} });
    // Marking "everything up to a far future id" read covers only what exists now.
    await api(coach).messages.markRead({ threadId, upToId: '9000000000000000000' });
    await api(client).messages.send({ threadId, body: 'three' });
    expect((await api(coach).messages.unread()).total).toBe(1);
  });

  test('pages back through a long thread, oldest first within a page', async () => {
    const { client, threadId } = await thread();
    for (let i = 1; i <= 5; i++) await api(client).messages.send({ threadId, body: `m${i}` });
    const newest = await api(client).messages.thread({ threadId, limit: 2 });
    expect(newest.messages.map((m) => m.body)).toEqual(['m4', 'm5']);
    expect(newest.hasMore).toBe(true);
    const older = await api(client).messages.thread({ threadId, limit: 2, before: newest.messages[0]?.id });
    expect(older.messages.map((m) => m.body)).toEqual(['m2', 'm3']);
  });
});

describe('only the two members, and an audited admin, read a thread', () => {
  test('another client or coach gets NOT_FOUND, as for a thread that does not exist', async () => {
    const { threadId } = await thread();
    const stranger = await t.given.client();
    const otherCoach = await t.given.coach();
    expect(await failure(api(stranger).messages.thread({ threadId }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(api(otherCoach).messages.send({ threadId, body: 'hi' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await failure(api(stranger).messages.thread({ threadId: 'no-such-thread' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await api(stranger).messages.threads()).toEqual([]);
  });

  test('an admin reads a thread, recorded in the audit log before it is returned, and cannot write in it', async () => {
    const { client, threadId } = await thread();
    await api(client).messages.send({ threadId, body: 'My panic attacks are back.' });
    const admin = await t.given.admin();
    const page = await api(admin).messages.thread({ threadId });
    expect(page).toMatchObject({ role: 'admin', canSend: false });
    const audit = await t.db.auditLog.findMany({ where: { action: 'data.read', userId: client.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, metadata: { what: 'messages', by: 'admin' } });
    expect(await failure(api(admin).messages.send({ threadId, body: 'hello' }))).toMatchObject({ code: 'FORBIDDEN' });
    // The overview says which conversations exist, not what they say.
    const [overview] = await api(admin).messages.overview();
    expect(overview).toMatchObject({ id: threadId, messages: 1, client: { id: client.id } });
    expect(JSON.stringify(overview)).not.toContain('panic');
    // Members reading their own thread leave no audit entry.
    await api(client).messages.thread({ threadId });
    expect(await t.db.auditLog.count({ where: { action: 'data.read', userId: client.id } })).toBe(1);
  });

  test('when the relationship ends the coach loses the thread and the client keeps it read-only', async () => {
    const { coach, client, threadId } = await thread();
    await api(coach).messages.send({ threadId, body: 'See you next week.' });
    await t.db.coachClientRelationship.update({ where: { id: threadId }, data: { endedAt: NOW } });

    expect(await failure(api(coach).messages.thread({ threadId }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await api(coach).messages.threads()).toEqual([]);
    expect(await api(coach).messages.unread()).toEqual({ total: 0, threads: {} });

    const page = await api(client).messages.thread({ threadId });
    expect(page).toMatchObject({ role: 'client', canSend: false });
    expect(page.messages.map((m) => m.body)).toEqual(['See you next week.']);
    expect(await failure(api(client).messages.send({ threadId, body: 'Hello?' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  test('access lapses with the relationship rule: a month after the last session the coach is out', async () => {
    const coach = await t.given.coach();
    const client = await t.given.client();
    await t.given.completedSession({ coach, client, startsAt: new Date(NOW.getTime() - 40 * DAY) });
    const rel = await t.db.coachClientRelationship.create({
      data: { coachId: coach.id, clientId: client.id, origin: 'client_booking' },
    });
    expect(await failure(api(coach).messages.thread({ threadId: rel.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await api(coach, new Date(NOW.getTime() - 20 * DAY)).messages.thread({ threadId: rel.id })).toMatchObject({
      canSend: true,
    });
  });
});

describe('bad input is a BAD_REQUEST naming the field, and nothing is written', () => {
  test('an empty or over-long body, or a malformed read mark', async () => {
    const { client, threadId } = await thread();
    expect(await failure(api(client).messages.send({ threadId, body: '   ' }))).toEqual({
      code: 'BAD_REQUEST',
      fields: ['body'],
    });
    expect(await failure(api(client).messages.send({ threadId, body: 'x'.repeat(4001) }))).toEqual({
      code: 'BAD_REQUEST',
      fields: ['body'],
    });
    expect(await failure(api(client).messages.markRead({ threadId, upToId: '-1' }))).toEqual({
      code: 'BAD_REQUEST',
      fields: ['upToId'],
    });
    expect(await t.db.directMessage.count({ where: { relationshipId: threadId } })).toBe(0);
  });
});

describe('the inbox stream', () => {
  test('delivers new messages with their ids and the unread counts, and resumes after an id', async () => {
    const { coach, client, threadId } = await thread();
    const it = (await api(coach).messages.events({ lastEventId: null }))[Symbol.asyncIterator]();
    // First the counts as they stand.
    expect(event((await it.next()).value)).toMatchObject({ data: { type: 'unread', total: 0 } });

    const sent = await api(client).messages.send({ threadId, body: 'Are you there?' });
    expect(event((await it.next()).value)).toMatchObject({
      id: sent.id,
      data: { type: 'message', message: { body: 'Are you there?' } },
    });
    expect(event((await it.next()).value)).toMatchObject({
      id: sent.id,
      data: { type: 'unread', total: 1, threads: { [threadId]: 1 } },
    });
    await it.return?.();

    // Reconnecting after the first message: only what came after it.
    const later = await api(client).messages.send({ threadId, body: 'Hello again' });
    const resumed = (await api(coach).messages.events({ lastEventId: sent.id }))[Symbol.asyncIterator]();
    expect(event((await resumed.next()).value)).toMatchObject({
      id: later.id,
      data: { message: { body: 'Hello again' } },
    });
    await resumed.return?.();
  });
});

describe('unread messages by email', () => {
  // The job looks at every thread of this file's database: each test first lets it email about
  // what earlier tests left unread, then works a day later.
  const T = new Date(NOW.getTime() + DAY);
  const settle = (mailbox: DevMailbox) =>
    as({ kind: 'service', service: 'worker' }, T, mailbox).housekeeping.emailUnreadMessages();

  test('emails once after a while, names the writer but not what they wrote, and again only after reading', async () => {
    const { coach, client, threadId } = await thread();
    const mailbox = new DevMailbox(logger);
    const worker = (now: Date) => as({ kind: 'service', service: 'worker' }, now, mailbox).housekeeping;
    await settle(new DevMailbox(logger));
    const sent = await api(coach, T).messages.send({ threadId, body: 'Try the 4-7-8 breathing tonight.' });

    expect(await worker(new Date(T.getTime() + 10 * MIN)).emailUnreadMessages()).toEqual({ emailed: 0 });
    expect(await worker(new Date(T.getTime() + 16 * MIN)).emailUnreadMessages()).toEqual({ emailed: 1 });
    const [mail] = mailbox.list();
    expect(mail?.to).toBe(client.email);
    expect(mail?.subject).toBe(`${coachNameOf(coach)} sent you a message on HybridCoach`);
    expect(mail?.text).toContain(`/messages/${threadId}`);
    expect(mail?.text).not.toContain('4-7-8');

    // More unread messages: no second email until the client has read the first ones.
    await api(coach, new Date(T.getTime() + 20 * MIN)).messages.send({ threadId, body: 'And drink water.' });
    expect(await worker(new Date(T.getTime() + 60 * MIN)).emailUnreadMessages()).toEqual({ emailed: 0 });
    await api(client).messages.markRead({ threadId, upToId: sent.id });
    expect(await worker(new Date(T.getTime() + 61 * MIN)).emailUnreadMessages()).toEqual({ emailed: 1 });
    expect(mailbox.list()).toHaveLength(2);
  });

  test('someone who wants messages in the app only is not emailed, and not asked again', async () => {
    const { coach, client, threadId } = await thread();
    const mailbox = new DevMailbox(logger);
    const worker = (now: Date) => as({ kind: 'service', service: 'worker' }, now, mailbox).housekeeping;
    await settle(new DevMailbox(logger));
    await api(client).notification.updatePreferences({ email: { messages: false } });
    await api(coach, T).messages.send({ threadId, body: 'Hi' });
    expect(await worker(new Date(T.getTime() + 20 * MIN)).emailUnreadMessages()).toEqual({ emailed: 0 });
    expect(mailbox.list()).toHaveLength(0);
    // Still unread in the app.
    expect((await api(client).messages.unread()).total).toBe(1);
  });
});
