import { type Db, type KeyRing, openBio, openContext, openIntake } from '@hybridcoach/db';
import { coachNameOf, formatTime, formatTimestamp, type Reader } from '../format';
import { readArchivedSession } from '../housekeeping/session-archive';
import { senderName } from '../session/message-view';

/** One session as the member's export holds it, from the meeting record or its archive. */
export interface ExportedSession {
  appointmentId: string;
  scheduledFor: Date;
  durationMin: number;
  status: string;
  coach: string;
  client: string;
  startedAt: Date | null;
  endedAt: Date | null;
  archived: boolean;
  transcriptRemovedAt: Date | null;
  summary: string | null;
  aiSummary: string | null;
  topics: string[];
  rating: { rating: number; comment: string | null; tip: number | null } | null;
  lines: { at: Date; kind: string; speaker: string; text: string }[];
}

type Progress = (done: number, total: number) => Promise<void>;

/**
 * Everything the product holds about a member, as plain data: profile, intake and context
 * (opened here, for the member's own export), consents, appointments and sessions (with chat
 * and transcript, archived ones included), payments, notifications, exports and deletion
 * requests, and the audit of who read their data and why.
 */
export async function collectMemberData(db: Db, keys: KeyRing, userId: string, progress: Progress) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      displayName: true,
      role: true,
      timezone: true,
      createdAt: true,
      lastLoginAt: true,
      skoolUltraEmail: true,
      skoolVagusEmail: true,
      ultraSubscriptionStatus: true,
      vagusSubscriptionStatus: true,
      membershipEndDate: true,
      coachName: true,
      aiOptOutAt: true,
      profile: {
        select: {
          sealedIntake: true,
          sealedContext: true,
          sealedBio: true,
          lastSummary: true,
          onboardingCompleted: true,
          onboardingCompletedAt: true,
        },
      },
    },
  });
  const { profile, ...member } = user;
  const appointments = await db.appointment.findMany({
    where: { OR: [{ clientId: userId }, { coachId: userId }] },
    orderBy: [{ scheduledFor: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      scheduledFor: true,
      durationMin: true,
      status: true,
      cancelledAt: true,
      cancelReason: true,
      aiOffAt: true,
      absentRoles: true,
      createdAt: true,
      coach: { select: { id: true, displayName: true, coachName: true } },
      client: { select: { id: true, displayName: true } },
      session: { select: { id: true } },
      archive: { select: { id: true } },
    },
  });
  const held = appointments.filter((a) => a.session || a.archive);
  const total = held.length + 2;
  await progress(1, total);

  const sessions: ExportedSession[] = [];
  for (const [i, a] of held.entries()) {
    sessions.push(await exportedSession(db, a));
    if (i % 5 === 4 || i === held.length - 1) await progress(i + 2, total);
  }

  const [consents, payments, notifications, reads, exports, erasures, threads, goals, homework] = await Promise.all([
    db.consent.findMany({
      where: { userId },
      orderBy: { agreedAt: 'asc' },
      select: { noticeVersion: true, agreedAt: true, appointmentId: true },
    }),
    db.payment.findMany({
      where: { OR: [{ userId }, { coachId: userId }] },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        sessionId: true,
        amount: true,
        currency: true,
        type: true,
        status: true,
        createdAt: true,
        paidAt: true,
        refundedAt: true,
      },
    }),
    db.notification.findMany({
      where: { userId },
      orderBy: { createdAt: 'asc' },
      select: { type: true, title: true, message: true, createdAt: true, readAt: true },
    }),
    db.auditLog.findMany({
      where: { userId, action: 'data.read' },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true, actorId: true, targetId: true, metadata: true },
    }),
    db.dataExport.findMany({
      where: { userId },
      orderBy: { requestedAt: 'asc' },
      select: { requestedAt: true, requestedById: true, reason: true, status: true },
    }),
    db.erasureRequest.findMany({ where: { userId }, select: { requestedAt: true, purgeAfter: true, status: true } }),
    db.coachClientRelationship.findMany({
      where: { OR: [{ clientId: userId }, { coachId: userId }] },
      select: {
        coach: { select: { id: true, displayName: true, coachName: true } },
        client: { select: { id: true, displayName: true } },
        messages: { orderBy: { id: 'asc' }, select: { senderId: true, body: true, createdAt: true } },
      },
    }),
    db.clientGoal.findMany({
      where: { clientId: userId },
      orderBy: { createdAt: 'asc' },
      select: {
        title: true,
        description: true,
        targetDate: true,
        status: true,
        createdAt: true,
        achievedAt: true,
        closedAt: true,
        progress: { orderBy: { createdAt: 'asc' }, select: { rating: true, note: true, createdAt: true } },
      },
    }),
    db.exerciseAssignment.findMany({
      where: { clientId: userId },
      orderBy: { createdAt: 'asc' },
      select: {
        createdAt: true,
        dueDate: true,
        completed: true,
        completedAt: true,
        completionNote: true,
        exercise: { select: { title: true, instructions: true } },
      },
    }),
  ]);
  const actorIds = [...new Set(reads.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
  const actors = new Map(
    (
      await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true, role: true } })
    ).map((u) => [u.id, u]),
  );
  const data = {
    member,
    profile: {
      onboardingCompleted: profile?.onboardingCompleted ?? false,
      onboardingCompletedAt: profile?.onboardingCompletedAt ?? null,
      bio: openBio(keys, userId, profile?.sealedBio),
      intake: openIntake(keys, userId, profile?.sealedIntake),
      context: openContext(keys, userId, profile?.sealedContext),
      lastSummary: profile?.lastSummary ?? null,
    },
    consents,
    appointments: appointments.map(({ session: _s, archive: _a, coach, client, ...a }) => ({
      ...a,
      coach: coach.coachName || coach.displayName,
      client: client.displayName,
    })),
    sessions,
    goals: goals.map(({ description, ...g }) => ({ ...g, why: description })),
    homework: homework.map(({ exercise, ...h }) => ({
      ...h,
      title: exercise.title,
      instructions: exercise.instructions,
    })),
    payments: payments.map((p) => ({ ...p, amount: Number(p.amount) })),
    notifications,
    /** Messages between sessions, one thread per coach–client pair. */
    messageThreads: threads
      .filter((t) => t.messages.length > 0)
      .map((t) => ({
        with: t.client.id === userId ? coachNameOf(t.coach) : t.client.displayName,
        messages: t.messages.map((m) => ({
          from: m.senderId === t.coach.id ? coachNameOf(t.coach) : t.client.displayName,
          at: m.createdAt,
          text: m.body,
        })),
      })),
    /** Who read this member's health data, when, what, and the reason an administrator gave. */
    readsOfYourData: reads.map((r) => {
      const meta = (r.metadata ?? {}) as { what?: string; by?: string; reason?: string };
      const actor = r.actorId ? actors.get(r.actorId) : undefined;
      return {
        at: r.createdAt,
        who: actor
          ? `${actor.displayName} (${actor.role})`
          : meta.by === 'agent'
            ? 'AI assistant'
            : (meta.by ?? 'system'),
        what: meta.what ?? null,
        appointmentId: r.targetId,
        reason: meta.reason ?? null,
      };
    }),
    exports,
    deletionRequests: erasures,
  };
  await progress(total, total);
  return data;
}

async function exportedSession(
  db: Db,
  a: {
    id: string;
    scheduledFor: Date;
    durationMin: number;
    status: string;
    coach: { id: string; displayName: string; coachName: string | null };
    client: { id: string; displayName: string };
    session: { id: string } | null;
    archive: { id: string } | null;
  },
): Promise<ExportedSession> {
  const base = {
    appointmentId: a.id,
    scheduledFor: a.scheduledFor,
    durationMin: a.durationMin,
    status: a.status,
    coach: a.coach.coachName || a.coach.displayName,
    client: a.client.displayName,
  };
  const names = new Map([
    [a.coach.id, a.coach.displayName],
    [a.client.id, a.client.displayName],
  ]);
  if (a.session) {
    const s = await db.session.findUniqueOrThrow({
      where: { id: a.session.id },
      select: {
        startedAt: true,
        endedAt: true,
        summary: true,
        aiSummary: true,
        transcriptPurgedAt: true,
        rating: { select: { rating: true, comment: true, tipAmount: true } },
        topics: { select: { topic: { select: { name: true } } } },
        messages: {
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          where: { isFinal: true },
          select: { kind: true, sender: true, userId: true, content: true, spokenAt: true, createdAt: true },
        },
      },
    });
    return {
      ...base,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      archived: false,
      transcriptRemovedAt: s.transcriptPurgedAt,
      summary: s.summary,
      aiSummary: s.aiSummary,
      topics: s.topics.map((t) => t.topic.name),
      rating: s.rating && {
        rating: s.rating.rating,
        comment: s.rating.comment,
        tip: s.rating.tipAmount ? Number(s.rating.tipAmount) : null,
      },
      lines: orderedLines(s.messages, names),
    };
  }
  const archived = a.archive ? await readArchivedSession(db, a.archive.id) : null;
  return {
    ...base,
    startedAt: archived?.startedAt ?? null,
    endedAt: archived?.endedAt ?? null,
    archived: true,
    transcriptRemovedAt: archived?.transcriptPurgedAt ?? null,
    summary: archived?.summary ?? null,
    aiSummary: archived?.aiSummary ?? null,
    topics: archived?.topics.map((t) => t.name) ?? [],
    rating: archived?.rating
      ? { rating: archived.rating.rating, comment: archived.rating.comment, tip: archived.rating.tipAmount }
      : null,
    lines: orderedLines(archived?.messages.filter((m) => m.isFinal) ?? [], names),
  };
}

function orderedLines(
  messages: {
    kind: string;
    sender: string;
    userId: string | null;
    content: string;
    spokenAt: Date | null;
    createdAt: Date;
  }[],
  names: Map<string, string>,
) {
  return messages
    .map((m) => ({
      at: m.spokenAt ?? m.createdAt,
      kind: m.kind,
      speaker: senderName(m.sender as Parameters<typeof senderName>[0], m.userId ? names.get(m.userId) : null),
      text: m.content,
    }))
    .sort((x, y) => x.at.getTime() - y.at.getTime());
}

/** A session as a person reads it: a header, then every line with its time and speaker. */
export function readableTranscript(session: ExportedSession, reader: Reader): string {
  const header = [
    `Session of ${formatTimestamp(session.scheduledFor, reader)}`,
    `Coach: ${session.coach}`,
    `Client: ${session.client}`,
    session.summary || session.aiSummary ? `Summary: ${session.summary ?? session.aiSummary}` : null,
    session.transcriptRemovedAt
      ? `Transcript and chat removed on ${formatTimestamp(session.transcriptRemovedAt, reader)}.`
      : null,
  ].filter(Boolean);
  const lines = session.lines.map(
    (l) => `[${formatTime(l.at, reader)}] ${l.speaker}${l.kind === 'chat' ? ' (chat)' : ''}: ${l.text}`,
  );
  return `${[...header, '', ...(lines.length > 0 ? lines : ['(nothing was transcribed or written)'])].join('\n')}\n`;
}
