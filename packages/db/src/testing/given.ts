import { randomUUID } from 'node:crypto';
import type { Db } from '../client';
import { transcriptionNotice } from '../consent-notice';
import type { KeyRing } from '../crypto/key-ring';
import type {
  Appointment,
  AppointmentStatus,
  CoachClientRelationship,
  Payment,
  PaymentStatus,
  Prisma,
  Session,
  SessionParticipant,
  User,
} from '../generated/prisma/client';
import {
  type ContextFields,
  emptyContext,
  emptyIntake,
  type Intake,
  sealBio,
  sealContext,
  sealIntake,
} from '../health-fields';

const MINUTE = 60_000;

/** A client's profile as a test states it: plaintext, sealed by the factory. */
export interface GivenProfile {
  intake?: Partial<Intake>;
  context?: Partial<ContextFields>;
  bio?: string;
  lastSummary?: string;
  onboardingCompletedAt?: Date;
}

/** A person a factory can take: a row, or anything with its id. */
type Someone = Pick<User, 'id'>;

export interface AppointmentOptions<C extends Someone = User, K extends Someone = User> {
  coach?: C;
  client?: K;
  /** Defaults to five minutes ago (a session that is on now). */
  startsAt?: Date;
  durationMin?: number;
  status?: AppointmentStatus;
  createdAt?: Date;
}

export interface SessionOptions<C extends Someone = User, K extends Someone = User> extends AppointmentOptions<C, K> {
  /** Who is in the room (presence from the start); default both. */
  joined?: ('client' | 'coach')[];
}

export interface CompletedSessionOptions<C extends Someone = User, K extends Someone = User>
  extends SessionOptions<C, K> {
  /** Defaults to the appointment's end. */
  endedAt?: Date;
  transcript?: string | null;
  aiSummary?: string | null;
  summary?: string | null;
}

export interface GivenAppointment<C extends Someone = User, K extends Someone = User> {
  appointment: Appointment;
  coach: C;
  client: K;
}

export interface GivenSession<C extends Someone = User, K extends Someone = User> extends GivenAppointment<C, K> {
  session: Session;
  stays: SessionParticipant[];
}

/**
 * Rows a test needs, made on the real test database with unique emails and sensible defaults:
 * `given(db).coach()`, `.client()`, `.appointment()`, `.liveSession()`, `.completedSession()`,
 * `.relationship()`, `.agentRequested()`.
 * Every factory takes overrides, so a test states only what its behaviour depends on.
 */
export function given(db: Db, keys: KeyRing) {
  const unique = () => randomUUID().slice(0, 8);

  /** Everyone made here has agreed to the transcription notice, as a member who joined a room has. */
  const consented = { consents: { create: { noticeVersion: transcriptionNotice.version, agreedAt: new Date(0) } } };

  async function user(fields: Partial<Prisma.UserUncheckedCreateInput> = {}): Promise<User> {
    const tag = unique();
    return db.user.create({
      data: { email: `user-${tag}@example.com`, displayName: `User ${tag}`, ...consented, ...fields },
    });
  }

  /** An active Ultra member taking bookings (no hours unless a test adds them). */
  function coach(fields: Partial<Prisma.UserUncheckedCreateInput> = {}): Promise<User> {
    const tag = unique();
    return user({
      email: `coach-${tag}@ultra.example`,
      displayName: `Coach ${tag}`,
      role: 'coach',
      isAvailable: true,
      ultraSubscriptionStatus: 'active',
      ...fields,
    });
  }

  /** An active, onboarded Vagus member. */
  async function client(
    fields: Partial<Prisma.UserUncheckedCreateInput> = {},
    profile: GivenProfile = {},
  ): Promise<User> {
    const tag = unique();
    const id = fields.id ?? randomUUID();
    return db.user.create({
      data: {
        id,
        email: `client-${tag}@vagus.example`,
        displayName: `Client ${tag}`,
        vagusSubscriptionStatus: 'active',
        ...consented,
        ...fields,
        profile: {
          create: {
            onboardingCompleted: true,
            onboardingCompletedAt: profile.onboardingCompletedAt,
            lastSummary: profile.lastSummary,
            sealedIntake: profile.intake ? sealIntake(keys, id, { ...emptyIntake, ...profile.intake }) : undefined,
            sealedContext: profile.context ? sealContext(keys, id, { ...emptyContext, ...profile.context }) : undefined,
            sealedBio: sealBio(keys, id, profile.bio ?? null),
          },
        },
      },
    });
  }

  /** An admin who stays one at sign-in (made admin like the setup link does, not by ADMIN_EMAILS). */
  function admin(fields: Partial<Prisma.UserUncheckedCreateInput> = {}): Promise<User> {
    const tag = unique();
    return user({
      email: `admin-${tag}@example.com`,
      displayName: `Admin ${tag}`,
      role: 'admin',
      adminGrantedAt: new Date(),
      ...fields,
    });
  }

  async function appointment<C extends Someone = User, K extends Someone = User>(
    options: AppointmentOptions<C, K> = {},
  ): Promise<GivenAppointment<C, K>> {
    // Made here when not given: then C and K are their defaults (User).
    const theCoach = options.coach ?? ((await coach()) as unknown as C);
    const theClient = options.client ?? ((await client()) as unknown as K);
    const startsAt = options.startsAt ?? new Date(Date.now() - 5 * MINUTE);
    const durationMin = options.durationMin ?? 30;
    const row = await db.appointment.create({
      data: {
        coachId: theCoach.id,
        clientId: theClient.id,
        scheduledFor: startsAt,
        durationMin,
        endsAt: new Date(startsAt.getTime() + durationMin * MINUTE),
        roomId: `session-${randomUUID()}`,
        status: options.status ?? 'scheduled',
        ...(options.createdAt ? { createdAt: options.createdAt } : {}),
      },
    });
    return { appointment: row, coach: theCoach, client: theClient };
  }

  /** An appointment on now, its meeting record open and its people in the room. */
  async function liveSession<C extends Someone = User, K extends Someone = User>(
    options: SessionOptions<C, K> = {},
  ): Promise<GivenSession<C, K>> {
    const made = await appointment<C, K>({ ...options, status: options.status ?? 'active' });
    const startedAt = made.appointment.scheduledFor;
    const session = await db.session.create({ data: { appointmentId: made.appointment.id, startedAt } });
    const who = options.joined ?? ['client', 'coach'];
    const stays = await Promise.all(
      who.map((role) =>
        db.sessionParticipant.create({
          data: {
            appointmentId: made.appointment.id,
            identity: role === 'client' ? made.client.id : made.coach.id,
            role,
            joinedAt: startedAt,
          },
        }),
      ),
    );
    return { ...made, session, stays };
  }

  /** A session that took place and ended: the meeting record closed, every stay closed at its end. */
  async function completedSession<C extends Someone = User, K extends Someone = User>(
    options: CompletedSessionOptions<C, K> = {},
  ): Promise<GivenSession<C, K>> {
    const live = await liveSession<C, K>({ ...options, status: 'completed' });
    const endedAt = options.endedAt ?? live.appointment.endsAt;
    const secondsPresent = Math.round((endedAt.getTime() - live.session.startedAt.getTime()) / 1000);
    const session = await db.session.update({
      where: { id: live.session.id },
      data: {
        endedAt,
        transcript: options.transcript ?? null,
        aiSummary: options.aiSummary ?? null,
        summary: options.summary ?? null,
      },
    });
    const stays = await Promise.all(
      live.stays.map((stay) =>
        db.sessionParticipant.update({ where: { id: stay.id }, data: { leftAt: endedAt, secondsPresent } }),
      ),
    );
    return { ...live, session, stays };
  }

  /**
   * A tip for a completed session of `coach` and `client` (made when not given): a pending
   * pledge unless a status and its Stripe instants are given.
   */
  async function tip(
    options: {
      coach?: Someone;
      client?: Someone;
      amount?: 1 | 3 | 5;
      status?: PaymentStatus;
      createdAt?: Date;
      paidAt?: Date | null;
      refundedAt?: Date | null;
      amountRefunded?: number;
    } = {},
  ): Promise<Payment> {
    const done = await completedSession<Someone, Someone>({ coach: options.coach, client: options.client });
    const status = options.status ?? 'pending';
    const charged = status === 'completed' || status === 'refunded';
    return db.payment.create({
      data: {
        userId: done.client.id,
        coachId: done.coach.id,
        sessionId: done.session.id,
        amount: options.amount ?? 3,
        type: 'tip',
        status,
        createdAt: options.createdAt,
        paidAt: options.paidAt ?? null,
        refundedAt: options.refundedAt ?? null,
        amountRefunded: options.amountRefunded ?? (status === 'refunded' ? (options.amount ?? 3) : 0),
        stripePaymentId: charged ? `pi_given_${unique()}` : null,
      },
    });
  }

  /**
   * A live coach–client relationship (which is also their message thread): the client has a
   * session booked with the coach a week after `now` (default: the real clock) and the
   * relationship their booking started.
   */
  async function relationship<C extends Someone = User, K extends Someone = User>(
    options: { coach?: C; client?: K; now?: Date } = {},
  ): Promise<GivenAppointment<C, K> & { relationship: CoachClientRelationship }> {
    const booked = await appointment<C, K>({
      coach: options.coach,
      client: options.client,
      startsAt: new Date((options.now ?? new Date()).getTime() + 7 * 24 * 60 * MINUTE),
    });
    const row = await db.coachClientRelationship.create({
      data: { coachId: booked.coach.id, clientId: booked.client.id, origin: 'client_booking' },
    });
    return { ...booked, relationship: row };
  }

  /** The room of a live session asks for the AI agent (what `session.join` does). */
  function agentRequested(appointment: { id: string; roomId: string }) {
    return db.agentAssignment.create({ data: { appointmentId: appointment.id, roomId: appointment.roomId } });
  }

  return { user, coach, client, admin, appointment, liveSession, completedSession, tip, relationship, agentRequested };
}

export type Given = ReturnType<typeof given>;
