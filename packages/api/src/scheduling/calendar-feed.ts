import type { Db } from '@hybridcoach/db';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { hashSessionToken } from '../auth/session-token';
import { appointmentView } from './appointment-view';
import { buildCalendar } from './ics';
import { icsEventFor } from './notify';

/** Creates (or replaces) the user's private feed; the URL holds the only copy of the secret. */
export async function createCalendarFeed(db: Db, userId: string, publicUrl: string): Promise<{ url: string }> {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  const token = encodeBase32LowerCaseNoPadding(bytes);
  await db.user.update({ where: { id: userId }, data: { calendarFeedTokenHash: hashSessionToken(token) } });
  return { url: `${publicUrl}/calendar/${token}.ics` };
}

/** Whether the user has a feed link that works (its secret is not kept, only that it exists). */
export async function calendarFeedActive(db: Db, userId: string): Promise<{ active: boolean }> {
  const count = await db.user.count({ where: { id: userId, calendarFeedTokenHash: { not: null } } });
  return { active: count > 0 };
}

/** Stops the user's feed link; `revoked` is false when there was none to stop. */
export async function revokeCalendarFeed(db: Db, userId: string): Promise<{ revoked: boolean }> {
  const { count } = await db.user.updateMany({
    where: { id: userId, calendarFeedTokenHash: { not: null } },
    data: { calendarFeedTokenHash: null },
  });
  return { revoked: count > 0 };
}

/** The feed behind a token: the user's sessions from 30 days ago on, or null for a bad token. */
export async function calendarFeed(db: Db, token: string, publicUrl: string, now: Date): Promise<string | null> {
  if (!/^[a-z2-7]{30,60}$/.test(token)) return null;
  const user = await db.user.findUnique({
    where: { calendarFeedTokenHash: hashSessionToken(token) },
    select: { id: true, displayName: true, deletedAt: true },
  });
  if (!user || user.deletedAt) return null;
  const appointments = await db.appointment.findMany({
    where: {
      OR: [{ clientId: user.id }, { coachId: user.id }],
      scheduledFor: { gte: new Date(now.getTime() - 30 * 86_400_000) },
    },
    select: appointmentView,
    orderBy: { scheduledFor: 'asc' },
    take: 500,
  });
  return buildCalendar(
    appointments.map((a) => icsEventFor(a, publicUrl)),
    { name: `HybridCoach — ${user.displayName}`, method: 'PUBLISH' },
  );
}
