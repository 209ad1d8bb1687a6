import type { Db } from '../client';
import { sealJson } from '../crypto/field-seal';
import type { KeyRing } from '../crypto/key-ring';
import type { Prisma } from '../generated/prisma/client';
import { healthFieldContext, sealContext, sealIntake } from '../health-fields';
import { admin, clients, coaches, dialogue } from './people';

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const TOPICS = ['breathing', 'anxiety', 'sleep', 'stress', 'recovery'] as const;

export interface SeedSummary {
  users: number;
  appointments: number;
  sessions: number;
  messages: number;
}

function roomId(n: number): string {
  return `session-00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
}

/** 15:00 UTC `days` from today: inside every seeded coach's weekly window. */
function slot(now: Date, days: number, hourOffset: number): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight + days * DAY + (15 + hourOffset) * 60 * MINUTE);
}

/**
 * A realistic small world: an admin, 3 coaches with weekly availability, photos and bios,
 * 10 onboarded clients with context, completed sessions with transcripts, summaries and
 * ratings, upcoming appointments, Skool sync logs and membership history.
 * Idempotent: rows have fixed ids and are created only when missing, so a second run changes
 * nothing.
 */
/** The client booked the coach: the relationship that lets the coach see the client's data. */
async function clientBooked(db: Db | Prisma.TransactionClient, coachId: string, clientId: string, at: Date) {
  await db.coachClientRelationship.upsert({
    where: { coachId_clientId: { coachId, clientId } },
    update: {},
    create: { coachId, clientId, origin: 'client_booking', createdById: clientId, createdAt: at },
  });
}

export async function seedDemoData(db: Db, options: { keys: KeyRing; now?: Date }): Promise<SeedSummary> {
  const { keys, now = new Date() } = options;
  const joined = new Date(now.getTime() - 200 * DAY);

  await db.user.upsert({
    where: { id: admin.id },
    update: {},
    create: { ...admin, role: 'admin', timezone: 'UTC', lastLoginAt: now },
  });

  for (const coach of coaches) {
    await db.user.upsert({
      where: { id: coach.id },
      update: {},
      create: {
        id: coach.id,
        email: coach.email,
        displayName: coach.displayName,
        role: 'coach',
        timezone: coach.timezone,
        skoolUltraEmail: coach.email,
        ultraSubscriptionStatus: 'active',
        lastSkoolSync: now,
        skoolBio: coach.bio,
        skoolJoinedDate: joined,
        profilePhotoPath: coach.photo,
        lastPhotoSync: now,
        isAvailable: true,
        coachLevel: coach.coachLevel,
        coachName: coach.coachName,
        profile: { create: { onboardingCompleted: true, onboardingCompletedAt: joined } },
      },
    });
    // Monday–Friday 09:00–17:00 in the coach's own timezone.
    for (let day = 1; day <= 5; day++) {
      await db.coachAvailability.upsert({
        where: { id: `${coach.id}-weekly-${day}` },
        update: {},
        create: {
          id: `${coach.id}-weekly-${day}`,
          coachId: coach.id,
          dayOfWeek: day,
          startTime: '09:00',
          endTime: '17:00',
        },
      });
    }
  }

  for (const [i, client] of clients.entries()) {
    // The last client cancelled Vagus a week ago and is in the grace period.
    const inGrace = i === clients.length - 1;
    await db.user.upsert({
      where: { id: client.id },
      update: {},
      create: {
        id: client.id,
        email: client.email,
        displayName: client.displayName,
        role: 'client',
        timezone: client.timezone,
        skoolVagusEmail: client.email,
        vagusSubscriptionStatus: inGrace ? 'cancelled' : 'active',
        membershipEndDate: inGrace ? new Date(now.getTime() + 7 * DAY) : null,
        lastSkoolSync: now,
        skoolJoinedDate: new Date(joined.getTime() + i * 5 * DAY),
        profile: {
          create: {
            onboardingCompleted: true,
            onboardingCompletedAt: new Date(joined.getTime() + i * 5 * DAY + DAY),
            sealedIntake: sealIntake(keys, client.id, {
              coachingGoals: client.goals,
              symptoms: client.symptoms,
              initialMood: client.mood,
            }),
            sealedContext: sealContext(keys, client.id, {
              clientFacts: [...client.facts],
              challenges: [...client.challenges],
              preferences: { sessionTime: i % 2 === 0 ? 'morning' : 'evening', reminders: true },
              contextNotes: `Referred through the Vagus community. Intake mood ${client.mood}/5.`,
            }),
          },
        },
        membershipStatusHistory: {
          create: [
            {
              id: `${client.id}-joined`,
              community: 'vagus',
              previousStatus: null,
              newStatus: 'active',
              changeDetectedAt: new Date(joined.getTime() + i * 5 * DAY),
            },
            ...(inGrace
              ? [
                  {
                    id: `${client.id}-cancelled`,
                    community: 'vagus' as const,
                    previousStatus: 'active' as const,
                    newStatus: 'cancelled' as const,
                    changeDetectedAt: new Date(now.getTime() - 7 * DAY),
                  },
                ]
              : []),
          ],
        },
      },
    });
  }
  for (const coach of coaches) {
    await db.membershipStatusHistory.upsert({
      where: { id: `${coach.id}-joined` },
      update: {},
      create: {
        id: `${coach.id}-joined`,
        userId: coach.id,
        community: 'ultra',
        newStatus: 'active',
        changeDetectedAt: joined,
      },
    });
  }

  for (const name of TOPICS) {
    await db.sessionTopic.upsert({
      where: { name },
      update: {},
      create: { id: `seed-topic-${name}`, name },
    });
  }

  // Twelve completed sessions on distinct past days, so no coach or client overlaps.
  for (let n = 0; n < 12; n++) {
    const id = `seed-appt-past-${n}`;
    if (await db.appointment.findUnique({ where: { id }, select: { id: true } })) continue;
    const client = clients[n % clients.length] ?? clients[0];
    const coach = coaches[n % coaches.length] ?? coaches[0];
    const startsAt = slot(now, -2 * (n + 1), n % 3);
    const durationMin = 30;
    const endsAt = new Date(startsAt.getTime() + durationMin * MINUTE);
    const room = roomId(n + 1);
    const lines = dialogue.map((line, seq) => ({
      ...line,
      seq,
      spokenAt: new Date(startsAt.getTime() + (seq + 1) * 2 * MINUTE),
    }));
    const speaker = { client: client.displayName, coach: coach.displayName, ai: 'AI agent' };
    const transcript = lines.map((l) => `${speaker[l.sender]}: ${l.text}`).join('\n');
    const summary = `${client.displayName.split(' ')[0]} reports progress with morning breathing practice. Practised a 4-6 exhale; agreed a desk routine (feet down, three slow exhales, five things you can see) for stressful moments, with a journal for the week.`;
    const rating = 4 + (n % 2);
    const tip = [null, 3, 5, null, 1][n % 5] ?? null;
    // The latest session's recap waits for its coach to review and publish it.
    const draft = n === 0;
    await db.$transaction(async (tx) => {
      await tx.appointment.create({
        data: {
          id,
          scheduledFor: startsAt,
          durationMin,
          endsAt,
          clientId: client.id,
          coachId: coach.id,
          roomId: room,
          status: 'completed',
          bookedById: client.id,
          createdAt: new Date(startsAt.getTime() - 5 * DAY),
        },
      });
      await clientBooked(tx, coach.id, client.id, new Date(startsAt.getTime() - 5 * DAY));
      const meeting = await tx.session.create({
        data: {
          id: `${id}-meeting`,
          appointmentId: id,
          startedAt: new Date(startsAt.getTime() - MINUTE),
          endedAt: endsAt,
          warningsSent: 2,
          transcript,
          aiSummary: summary,
          summary: draft ? null : summary,
          summaryPublishedAt: draft ? null : endsAt,
          summaryPublishedById: draft ? null : coach.id,
          sealedAiRecap: draft ? sealJson(keys, demoRecap(summary), healthFieldContext.aiRecap(client.id)) : null,
        },
      });
      await tx.message.createMany({
        data: lines.map((l) => ({
          sessionId: meeting.id,
          userId: l.sender === 'client' ? client.id : l.sender === 'coach' ? coach.id : null,
          sender: l.sender,
          content: l.text,
          kind: 'transcript' as const,
          seq: l.seq,
          idempotencyKey: `seed-${id}-${l.seq}`,
          spokenAt: l.spokenAt,
          confidence: 0.9 + (l.seq % 10) / 100,
          isFinal: true,
          createdAt: l.spokenAt,
        })),
      });
      await tx.message.create({
        data: {
          sessionId: meeting.id,
          userId: client.id,
          sender: 'client',
          content: 'Thank you, see you next week!',
          kind: 'chat',
          createdAt: new Date(endsAt.getTime() - MINUTE),
        },
      });
      await tx.sessionParticipant.createMany({
        data: [
          {
            appointmentId: id,
            identity: client.id,
            displayName: client.displayName,
            role: 'client',
            joinedAt: startsAt,
            leftAt: endsAt,
            secondsPresent: durationMin * 60,
          },
          {
            appointmentId: id,
            identity: coach.id,
            displayName: coach.displayName,
            role: 'coach',
            joinedAt: new Date(startsAt.getTime() - MINUTE),
            leftAt: endsAt,
            secondsPresent: (durationMin + 1) * 60,
          },
          {
            appointmentId: id,
            identity: `agent-${room}`,
            displayName: 'HybridCoach AI',
            role: 'agent',
            joinedAt: startsAt,
            leftAt: endsAt,
            secondsPresent: durationMin * 60,
          },
        ],
      });
      await tx.sessionRating.create({
        data: {
          sessionId: meeting.id,
          rating,
          comment: rating === 5 ? 'Really helpful, I feel calmer already.' : 'Good session, practical tips.',
          tipAmount: tip,
          createdAt: endsAt,
        },
      });
      if (tip) {
        await tx.payment.create({
          data: {
            userId: client.id,
            coachId: coach.id,
            sessionId: meeting.id,
            amount: tip,
            type: 'tip',
            status: 'pending',
            createdAt: endsAt,
          },
        });
      }
      await tx.sessionTopicMapping.createMany({
        data: [TOPICS[n % TOPICS.length], TOPICS[(n + 1) % TOPICS.length]].map((topic) => ({
          sessionId: meeting.id,
          topicId: `seed-topic-${topic}`,
        })),
      });
      if (!draft) await tx.profile.update({ where: { userId: client.id }, data: { lastSummary: summary } });
    });
  }
  await seedCoachingLoop(db, now);

  // Eight upcoming appointments on distinct future days.
  for (let n = 0; n < 8; n++) {
    const id = `seed-appt-next-${n}`;
    const client = clients[(n + 3) % clients.length] ?? clients[0];
    const coach = coaches[n % coaches.length] ?? coaches[0];
    const startsAt = slot(now, n + 1, n % 2);
    await db.appointment.upsert({
      where: { id },
      update: {},
      create: {
        id,
        scheduledFor: startsAt,
        durationMin: 30,
        endsAt: new Date(startsAt.getTime() + 30 * MINUTE),
        clientId: client.id,
        coachId: coach.id,
        roomId: roomId(100 + n),
        status: 'scheduled',
        bookedById: client.id,
      },
    });
    await clientBooked(db, coach.id, client.id, now);
    await db.notification.upsert({
      where: { id: `${id}-booked` },
      update: {},
      create: {
        id: `${id}-booked`,
        userId: client.id,
        type: 'appointment_booked',
        title: 'Session booked',
        // Coaches appear by their coach name, as the app shows them (@hybridcoach/api/format coachNameOf).
        message: `Your session with ${coach.coachName} is booked.`,
        actionUrl: '/appointments',
      },
    });
  }

  // Six recent Skool syncs, alternating communities.
  for (let n = 0; n < 6; n++) {
    const community = n % 2 === 0 ? 'ultra' : 'vagus';
    await db.skoolMonitoringLog.upsert({
      where: { id: n + 1 },
      update: {},
      create: {
        id: n + 1,
        community,
        membersFound: community === 'ultra' ? coaches.length : clients.length,
        newMembers: n < 2 ? (community === 'ultra' ? coaches.length : clients.length) : 0,
        cancelledMembers: community === 'vagus' && n === 3 ? 1 : 0,
        syncDurationMs: 800 + n * 137,
        success: true,
        executedAt: new Date(now.getTime() - (6 - n) * 6 * 60 * MINUTE),
      },
    });
  }
  // Explicit ids above bypass the sequence; move it past them so later syncs insert cleanly.
  await db.$executeRaw`SELECT setval(pg_get_serial_sequence('"SkoolMonitoringLog"', 'id'), GREATEST((SELECT MAX(id) FROM "SkoolMonitoringLog"), 1))`;

  const [users, appointments, sessions, messages] = await Promise.all([
    db.user.count(),
    db.appointment.count(),
    db.session.count(),
    db.message.count(),
  ]);
  return { users, appointments, sessions, messages };
}

/** A structured draft in the shape of the API's recap schema (post-session/recap-schema.ts). */
function demoRecap(summary: string) {
  return {
    source: 'extractive',
    decisions: {},
    recap: {
      summary,
      keyPoints: ['Morning breathing practice is helping.', 'Stressful moments at the desk are the hardest.'],
      actionItems: [{ owner: 'client', task: 'Use the desk routine in stressful moments.', due: 'this week' }],
      suggestedHomework: [
        {
          title: 'Desk reset',
          instructions: 'Feet flat on the floor, three slow exhales, then name five things you can see.',
          category: 'breathing',
          durationMinutes: 3,
          difficulty: 'beginner',
        },
      ],
      followUpQuestions: ['Which moments at work did the desk routine help with?'],
      topics: ['breathing', 'stress'],
      proposedFacts: ['Practises breathing every morning.'],
      proposedChallenges: ['Stressful moments at the desk.'],
      goalProgress: [],
    },
  };
}

/** The first client's goal with some progress, and homework from their coach's library. */
async function seedCoachingLoop(db: Db, now: Date): Promise<void> {
  const client = clients[0];
  const coach = coaches[0];
  if (!client || !coach) return;
  await db.clientGoal.upsert({
    where: { id: 'seed-goal-sleep' },
    update: {},
    create: {
      id: 'seed-goal-sleep',
      clientId: client.id,
      title: 'Sleep seven hours on work nights',
      description: 'More energy for the mornings',
      createdById: client.id,
      createdAt: new Date(now.getTime() - 30 * DAY),
    },
  });
  await db.goalProgress.createMany({
    data: [2, 3, 3].map((rating, i) => ({
      id: `seed-goal-sleep-${i}`,
      goalId: 'seed-goal-sleep',
      rating,
      note: ['Short nights most of the week', 'Two good nights', 'Better with the evening routine'][i] ?? '',
      recordedById: coach.id,
      createdAt: new Date(now.getTime() - (21 - 7 * i) * DAY),
    })),
    skipDuplicates: true,
  });
  await db.exercise.upsert({
    where: { id: 'seed-exercise-breathing' },
    update: {},
    create: {
      id: 'seed-exercise-breathing',
      createdBy: coach.id,
      title: 'Evening breathing',
      description: 'Four counts in, six out',
      instructions: 'Lie down, breathe in for four counts and out for six. Ten rounds.',
      category: 'breathing',
      duration: 300,
      difficulty: 'beginner',
    },
  });
  await db.exerciseAssignment.upsert({
    where: { id: 'seed-homework-breathing' },
    update: {},
    create: {
      id: 'seed-homework-breathing',
      exerciseId: 'seed-exercise-breathing',
      clientId: client.id,
      coachId: coach.id,
      dueDate: new Date(now.getTime() + 3 * DAY),
      createdAt: new Date(now.getTime() - 2 * DAY),
    },
  });
}
