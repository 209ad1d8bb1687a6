import type { Db, Prisma } from '@hybridcoach/db';
import type { z } from 'zod';
import { recordHealthDataRead } from '../auth/data-reads';
import { decodeCursor, encodeCursor } from '../core/keyset-cursor';
import type { UserPrincipal } from '../core/principal';
import { visibleTo } from '../scheduling/appointment-view';
import { messageSelect, toMessageView } from './message-view';
import { roomAccess } from './room-access';
import type { historyInput } from './schemas';

const person = { select: { id: true, displayName: true, coachName: true, profilePhotoPath: true } } as const;

/**
 * Sessions that took place (someone joined): a client's own, a coach's with their clients, all
 * for an admin. Latest first, keyset cursor on (scheduledFor, id).
 */
export async function mySessions(db: Db, user: UserPrincipal, input: z.infer<typeof historyInput>) {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const where: Prisma.AppointmentWhereInput = {
    AND: [
      visibleTo(user),
      { session: { isNot: null } },
      after ? { OR: [{ scheduledFor: { lt: after.at } }, { scheduledFor: after.at, id: { lt: after.id } }] } : {},
    ],
  };
  const rows = await db.appointment.findMany({
    where,
    orderBy: [{ scheduledFor: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    select: {
      id: true,
      scheduledFor: true,
      endsAt: true,
      status: true,
      coach: person,
      client: person,
      session: { select: { aiSummary: true, summary: true, rating: { select: { rating: true } } } },
    },
  });
  const items = rows.slice(0, input.limit).map(({ session, ...a }) => ({
    ...a,
    summary: session?.aiSummary ?? session?.summary ?? null,
    rating: session?.rating?.rating ?? null,
  }));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.scheduledFor, last.id) : null,
  };
}

/** Everything recorded about one session: participants and time present, chat, transcript, summary, rating, topics. */
export async function sessionDetail(db: Db, user: UserPrincipal, appointmentId: string) {
  const { role } = await roomAccess(db, user, appointmentId);
  const appointment = await db.appointment.findUniqueOrThrow({
    where: { id: appointmentId },
    select: {
      id: true,
      scheduledFor: true,
      endsAt: true,
      durationMin: true,
      status: true,
      roomId: true,
      coach: person,
      client: person,
      participants: {
        orderBy: { joinedAt: 'asc' },
        select: { identity: true, displayName: true, role: true, joinedAt: true, leftAt: true, secondsPresent: true },
      },
      session: {
        select: {
          id: true,
          startedAt: true,
          endedAt: true,
          warningsSent: true,
          aiSummary: true,
          summary: true,
          transcript: true,
          rating: { select: { rating: true, comment: true, tipAmount: true, createdAt: true } },
          topics: { select: { topic: { select: { name: true } } } },
        },
      },
    },
  });
  if (appointment.session)
    await recordHealthDataRead(db, {
      reader: user,
      clientId: appointment.client.id,
      what: 'transcript',
      appointmentId,
    });
  const messages = appointment.session
    ? await db.message.findMany({
        where: { sessionId: appointment.session.id },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: messageSelect,
      })
    : [];
  const views = messages.map(toMessageView);
  const { session, ...rest } = appointment;
  const rated = session?.rating ?? null;
  return {
    ...rest,
    viewerRole: role,
    startedAt: session?.startedAt ?? null,
    endedAt: session?.endedAt ?? null,
    warningsSent: session?.warningsSent ?? 0,
    summary: session?.aiSummary ?? session?.summary ?? null,
    transcriptText: session?.transcript ?? null,
    topics: session?.topics.map((t) => t.topic.name) ?? [],
    rating: rated
      ? {
          rating: rated.rating,
          comment: rated.comment,
          tip: rated.tipAmount ? Number(rated.tipAmount) : null,
          createdAt: rated.createdAt,
        }
      : null,
    chat: views.filter((m) => m.kind === 'chat' || m.kind === 'system'),
    transcript: views
      .filter((m) => m.kind === 'transcript')
      .sort((a, b) => (a.spokenAt?.getTime() ?? 0) - (b.spokenAt?.getTime() ?? 0) || (a.seq ?? 0) - (b.seq ?? 0)),
  };
}
