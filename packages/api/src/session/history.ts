import type { Db, Prisma } from '@hybridcoach/db';
import type { z } from 'zod';
import { recordHealthDataRead } from '../auth/data-reads';
import { DomainError } from '../core/errors';
import { decodeCursor, encodeCursor } from '../core/keyset-cursor';
import type { UserPrincipal } from '../core/principal';
import { readArchivedSession } from '../housekeeping/session-archive';
import { visibleTo } from '../scheduling/appointment-view';
import { type MessageView, messageKind, messageSelect, messageSender, senderName, toMessageView } from './message-view';
import { roomAccess } from './room-access';
import type { historyInput } from './schemas';

const person = { select: { id: true, displayName: true, coachName: true, profilePhotoPath: true } } as const;

/**
 * Sessions that took place (someone joined): a client's own, a coach's with their clients, all
 * for an admin; archived ones (SessionArchive) as well. Latest first, keyset cursor on
 * (scheduledFor, id).
 */
export async function mySessions(db: Db, user: UserPrincipal, input: z.infer<typeof historyInput>) {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const where: Prisma.AppointmentWhereInput = {
    AND: [
      visibleTo(user),
      { OR: [{ session: { isNot: null } }, { archive: { isNot: null } }] },
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
      archive: { select: { summary: true, rating: true } },
    },
  });
  const items = rows.slice(0, input.limit).map(({ session, archive, ...a }) => ({
    ...a,
    // Only what the coach published; a draft waits for the coach (coaching/recap.ts).
    summary: session?.summary ?? archive?.summary ?? null,
    draftWaiting: user.role === 'coach' && !session?.summary && !!session?.aiSummary,
    rating: session?.rating?.rating ?? archivedRating(archive?.rating),
    archived: !session && archive !== null,
  }));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.scheduledFor, last.id) : null,
  };
}

function archivedRating(rating: Prisma.JsonValue | undefined): number | null {
  return rating && typeof rating === 'object' && !Array.isArray(rating) && typeof rating.rating === 'number'
    ? rating.rating
    : null;
}

/**
 * Everything recorded about one session: participants and time present, chat, transcript,
 * summary, rating, topics — from the meeting record, or from the archive once it moved there.
 * Its client and coach read it; an admin only by stating why ("break-glass"), and that read is
 * recorded with the reason (it shows in the member's audit and export).
 */
export async function sessionDetail(
  db: Db,
  user: UserPrincipal,
  input: { appointmentId: string; reason?: string | null },
) {
  const { appointmentId } = input;
  const { role } = await roomAccess(db, user, appointmentId);
  if (role === 'admin' && !input.reason)
    throw new DomainError(
      'FORBIDDEN',
      "An administrator reads a member's session only for a stated reason; give one and it is recorded.",
      { field: 'reason' },
    );
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
          transcriptPurgedAt: true,
          rating: { select: { rating: true, comment: true, tipAmount: true, createdAt: true } },
          topics: { select: { topic: { select: { name: true } } } },
        },
      },
      archive: { select: { id: true } },
    },
  });
  const { session: live, archive, ...rest } = appointment;
  const session = live
    ? {
        ...live,
        topics: live.topics.map((t) => t.topic.name),
        rating: live.rating && {
          ...live.rating,
          tipAmount: live.rating.tipAmount ? Number(live.rating.tipAmount) : null,
        },
        views: (
          await db.message.findMany({
            where: { sessionId: live.id },
            orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
            select: messageSelect,
          })
        ).map(toMessageView),
      }
    : archive
      ? await archivedRecord(db, archive.id)
      : null;
  if (session)
    await recordHealthDataRead(db, {
      reader: user,
      clientId: appointment.client.id,
      what: 'transcript',
      appointmentId,
      reason: role === 'admin' ? (input.reason ?? undefined) : undefined,
    });
  const views = session?.views ?? [];
  const rated = session?.rating ?? null;
  return {
    ...rest,
    viewerRole: role,
    archived: !live && archive !== null,
    transcriptPurgedAt: session?.transcriptPurgedAt ?? null,
    startedAt: session?.startedAt ?? null,
    endedAt: session?.endedAt ?? null,
    warningsSent: session?.warningsSent ?? 0,
    summary: session?.summary ?? null,
    draftWaiting: role === 'coach' && !session?.summary && !!session?.aiSummary,
    transcriptText: session?.transcript ?? null,
    topics: session?.topics ?? [],
    rating: rated
      ? { rating: rated.rating, comment: rated.comment, tip: rated.tipAmount, createdAt: rated.createdAt }
      : null,
    chat: views.filter((m) => m.kind === 'chat' || m.kind === 'system'),
    transcript: views
      .filter((m) => m.kind === 'transcript')
      .sort((a, b) => (a.spokenAt?.getTime() ?? 0) - (b.spokenAt?.getTime() ?? 0) || (a.seq ?? 0) - (b.seq ?? 0)),
  };
}

/** An archived meeting record in the shape of a live one: its messages named as the room named them. */
async function archivedRecord(db: Db, archiveId: string) {
  const archived = await readArchivedSession(db, archiveId);
  if (!archived) return null;
  const ids = [...new Set(archived.messages.flatMap((m) => (m.userId ? [m.userId] : [])))];
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } })).map((u) => [
      u.id,
      u.displayName,
    ]),
  );
  const views: MessageView[] = archived.messages.map((m) => {
    const sender = messageSender.parse(m.sender);
    return {
      id: m.id,
      kind: messageKind.parse(m.kind),
      sender,
      senderName: senderName(sender, m.userId ? names.get(m.userId) : null),
      content: m.content,
      seq: m.seq,
      spokenAt: m.spokenAt,
      confidence: m.confidence,
      isFinal: m.isFinal,
      createdAt: m.createdAt,
    };
  });
  return {
    ...archived,
    topics: archived.topics.map((t) => t.name),
    rating: archived.rating,
    views,
  };
}
