import type { Prisma } from '@hybridcoach/db';

type Tx = Prisma.TransactionClient;

/** The name an erased member goes by where a row must stay (appointments, payments, the other person's sessions). */
export const ERASED_NAME = 'Deleted member';

/**
 * Removes what was said in these sessions (live meeting records and archived ones): transcript
 * segments, chat, pause markers, the live events that carried them, and the assembled
 * transcript. With `summaries`, the AI draft, the published summary, topics and the rating's
 * comment go too (erasure); retention keeps those. The rows themselves stay: that a session
 * took place, when and for how long, belongs to the other person's history too.
 */
export async function purgeConversation(
  tx: Tx,
  target: { appointmentIds: string[]; summaries: boolean; now: Date },
): Promise<{ sessions: number; archives: number; messages: number }> {
  const { appointmentIds, summaries, now } = target;
  if (appointmentIds.length === 0) return { sessions: 0, archives: 0, messages: 0 };
  const sessions = await tx.session.findMany({
    where: { appointmentId: { in: appointmentIds } },
    select: { id: true },
  });
  const sessionIds = sessions.map((s) => s.id);
  const { count: messages } = await tx.message.deleteMany({ where: { sessionId: { in: sessionIds } } });
  await tx.transcriptionPause.deleteMany({ where: { sessionId: { in: sessionIds } } });
  // Live events carry message text: they go; state, presence and timer events carry none.
  await tx.sessionEvent.deleteMany({ where: { appointmentId: { in: appointmentIds }, type: 'message' } });
  await tx.session.updateMany({
    where: { id: { in: sessionIds } },
    data: {
      transcript: null,
      transcriptPurgedAt: now,
      ...(summaries ? { aiSummary: null, sealedAiRecap: null, summary: null } : {}),
    },
  });
  const archives = await tx.sessionArchive.updateMany({
    where: { appointmentId: { in: appointmentIds } },
    data: {
      transcript: null,
      messages: [],
      transcriptPurgedAt: now,
      ...(summaries ? { aiSummary: null, summary: null, topics: [] } : {}),
    },
  });
  if (summaries) {
    await tx.sessionTopicMapping.deleteMany({ where: { sessionId: { in: sessionIds } } });
    await tx.sessionRating.updateMany({ where: { sessionId: { in: sessionIds } }, data: { comment: null } });
    // An archived rating keeps its number (the coach's average) without the comment.
    await tx.$executeRaw`
      UPDATE "SessionArchive" SET rating = rating - 'comment'
      WHERE "appointmentId" = ANY(${appointmentIds}::text[]) AND rating IS NOT NULL`;
  }
  return { sessions: sessionIds.length, archives: archives.count, messages };
}

/**
 * A member's erasure, table by table. Each rule is one statement or a few; all run in one
 * transaction, so a crash leaves nothing half-done and a rerun does the whole. README
 * (Privacy → Erasure) lists the same rules.
 *
 * | table                        | rule                                                                                   |
 * | ---------------------------- | -------------------------------------------------------------------------------------- |
 * | Profile                      | deleted (sealed intake, context, bio; the last summary)                                 |
 * | ClientNote                   | deleted: notes about the member, and notes the member wrote as a coach                  |
 * | Consent, DataExport (+files) | deleted                                                                                |
 * | UserSession, AuthCode, RateLimit, SkoolPhotoSync, MembershipStatusHistory | deleted                                    |
 * | Notification                 | the member's deleted                                                                    |
 * | CoachAvailability, CoachTimeOff | deleted                                                                              |
 * | CoachClientRelationship, DirectMessage, MessageReadState | as the client: deleted with the thread of messages; as the coach: ended, the thread stays the client's |
 * | NotificationPreference       | deleted                                                                                |
 * | ClientGoal, GoalProgress, ExerciseAssignment (as client) | deleted                                                     |
 * | Sessions where the member was the client (Session, SessionArchive, Message, TranscriptionPause, SessionEvent, SessionTopicMapping, SessionRating) | transcript, chat, markers, message events, summaries, topics and the rating's comment removed; the row (date, length, rating number) stays in the coach's history |
 * | Sessions where the member was the coach | kept whole: they are the client's record; the coach shows as "Deleted member"   |
 * | SessionParticipant           | the member's stays keep their times; the name becomes "Deleted member"                 |
 * | Appointment                  | kept (the other person's calendar and history); cancel reasons cleared; future ones were cancelled at the request |
 * | Payment                      | kept (accounting must keep money records); Stripe's decline text and checkout link cleared |
 * | AuditLog                     | kept (security record of who did what); the member's IP addresses and browsers cleared |
 * | Exercise (as a coach)        | kept: assigned to clients; its author shows as "Deleted member"                        |
 * | User                         | anonymised in place: "Deleted member", an unroutable email, every Skool, Google, photo and calendar field cleared |
 */
export async function eraseMember(tx: Tx, userId: string, now: Date): Promise<{ exportIds: string[] }> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true } });
  const asClient = await tx.appointment.findMany({ where: { clientId: user.id }, select: { id: true } });
  await purgeConversation(tx, { appointmentIds: asClient.map((a) => a.id), summaries: true, now });

  await tx.profile.deleteMany({ where: { userId } });
  await tx.clientNote.deleteMany({ where: { OR: [{ clientId: userId }, { coachId: userId }] } });
  await tx.consent.deleteMany({ where: { userId } });
  const exports = await tx.dataExport.findMany({ where: { userId }, select: { id: true } });
  await tx.dataExport.deleteMany({ where: { userId } });
  await tx.userSession.deleteMany({ where: { userId } });
  await tx.authCode.deleteMany({ where: { skoolUserId: userId } });
  await tx.rateLimit.deleteMany({ where: { skoolUserId: userId } });
  await tx.skoolPhotoSync.deleteMany({ where: { userId } });
  await tx.membershipStatusHistory.deleteMany({ where: { userId } });
  await tx.notification.deleteMany({ where: { userId } });
  await tx.coachAvailability.deleteMany({ where: { coachId: userId } });
  await tx.coachTimeOff.deleteMany({ where: { coachId: userId } });
  // As the client: the relationship goes, and with it its thread of messages between sessions.
  // As the coach: it ends, and the thread stays the client's, written by "Deleted member".
  await tx.coachClientRelationship.deleteMany({ where: { clientId: userId } });
  await tx.coachClientRelationship.updateMany({ where: { coachId: userId, endedAt: null }, data: { endedAt: now } });
  await tx.messageReadState.deleteMany({ where: { userId } });
  await tx.notificationPreference.deleteMany({ where: { userId } });
  await tx.clientGoal.deleteMany({ where: { clientId: userId } });
  await tx.exerciseAssignment.deleteMany({ where: { clientId: userId } });

  await tx.sessionParticipant.updateMany({ where: { identity: userId }, data: { displayName: ERASED_NAME } });
  await tx.appointment.updateMany({
    where: { OR: [{ clientId: userId }, { coachId: userId }] },
    data: { cancelReason: null },
  });
  await tx.payment.updateMany({
    where: { OR: [{ userId }, { coachId: userId }] },
    data: { failureMessage: null, checkoutUrl: null },
  });
  await tx.auditLog.updateMany({
    where: { OR: [{ userId }, { actorId: userId }] },
    data: { ipAddress: null, userAgent: null },
  });
  await tx.user.update({
    where: { id: userId },
    data: {
      email: `erased-${userId}@erased.invalid`,
      displayName: ERASED_NAME,
      googleId: null,
      deletedAt: now,
      skoolUltraEmail: null,
      skoolVagusEmail: null,
      skoolProfileUrl: null,
      skoolProfilePhotoUrl: null,
      profilePhotoPath: null,
      skoolBio: null,
      skoolJoinedDate: null,
      lastPhotoSync: null,
      coachName: null,
      isAvailable: false,
      calendarFeedTokenHash: null,
      lastLoginAt: null,
      aiOptOutAt: null,
    },
  });
  return { exportIds: exports.map((e) => e.id) };
}
