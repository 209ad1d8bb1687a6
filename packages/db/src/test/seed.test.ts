import { describe, expect, test } from 'vitest';
import { seedDemoData } from '../seed';
import { useTestDatabase } from '../testing';

const t = useTestDatabase();

describe('demo seed', () => {
  test('builds the demo world and a second run changes nothing', async () => {
    const now = new Date('2031-06-10T12:00:00Z');
    const first = await seedDemoData(t.db, { keys: t.keys, now });
    const second = await seedDemoData(t.db, { keys: t.keys, now: new Date('2031-06-11T12:00:00Z') });
    expect(second).toEqual(first);
    expect(first.users).toBe(14);
    expect(
      await t.db.user.count({
        where: {
          role: 'coach',
          isAvailable: true,
          skoolBio: { not: null },
          profilePhotoPath: { not: null },
        },
      }),
    ).toBe(3);
    expect(await t.db.coachAvailability.count()).toBe(15);
    expect(await t.db.profile.count({ where: { onboardingCompleted: true, user: { role: 'client' } } })).toBe(10);
    const completed = await t.db.session.findMany({
      where: { appointment: { status: 'completed' }, rating: { isNot: null } },
      include: { messages: true },
    });
    expect(completed).toHaveLength(12);
    for (const s of completed) {
      expect(s.transcript).toBeTruthy();
      expect(s.aiSummary).toBeTruthy();
      expect(s.messages.filter((m) => m.kind === 'transcript').length).toBeGreaterThan(5);
    }
    expect(await t.db.appointment.count({ where: { status: 'scheduled', scheduledFor: { gt: now } } })).toBe(8);
    // The coaching loop: the latest session's recap waits for its coach; a goal with progress; homework.
    expect(completed.filter((s) => s.summaryPublishedAt === null).map((s) => s.sealedAiRecap !== null)).toEqual([true]);
    expect(await t.db.goalProgress.count()).toBe(3);
    expect(await t.db.exerciseAssignment.count({ where: { completed: false } })).toBe(1);
    // Notifications name coaches as the app does ("Coach Tomás", not "Tomás Rivera").
    const booked = await t.db.notification.findMany({ where: { type: 'appointment_booked' } });
    expect(booked.some((n) => n.message === 'Your session with Coach Tomás is booked.')).toBe(true);
    expect(booked.every((n) => !n.message.includes('Rivera'))).toBe(true);
    expect(await t.db.skoolMonitoringLog.count()).toBe(6);
    expect(await t.db.membershipStatusHistory.count({ where: { newStatus: 'cancelled' } })).toBe(1);
    // The sequence moved past the seeded ids: a real sync can log its run.
    await t.db.skoolMonitoringLog.create({
      data: {
        community: 'ultra',
        membersFound: 3,
        newMembers: 0,
        cancelledMembers: 0,
        syncDurationMs: 10,
        success: true,
      },
    });
  });
});
