import type { Db } from '@hybridcoach/db';
import type { z } from 'zod';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { hasJoined } from './presence';
import { roomAccess } from './room-access';
import type { rateInput } from './schemas';

/**
 * The client's rating of a completed session, once, with an optional tip of $1, $3 or $5. A tip
 * is recorded as a pending Payment: no payment provider is wired yet.
 */
export async function rateSession(db: Db, user: UserPrincipal, input: z.infer<typeof rateInput>) {
  const { appointment, role } = await roomAccess(db, user, input.appointmentId);
  if (role !== 'client') throw new DomainError('FORBIDDEN', 'Only the client rates a session.');
  if (appointment.status !== 'completed')
    throw new DomainError('BAD_REQUEST', 'A session can be rated once it has ended.');
  const session = await db.session.findUnique({
    where: { appointmentId: appointment.id },
    select: { id: true, rating: { select: { id: true } } },
  });
  if (!session || !(await hasJoined(db, appointment.id, user.userId)))
    throw new DomainError('BAD_REQUEST', 'You did not join this session, so there is nothing to rate.');
  if (session.rating) throw new DomainError('CONFLICT', 'You have already rated this session.');
  return db.$transaction(async (tx) => {
    const rating = await tx.sessionRating.create({
      data: {
        sessionId: session.id,
        rating: input.rating,
        comment: input.comment ?? null,
        tipAmount: input.tip ?? null,
      },
    });
    const payment = input.tip
      ? await tx.payment.create({
          data: {
            userId: user.userId,
            coachId: appointment.coachId,
            sessionId: session.id,
            amount: input.tip,
            type: 'tip',
            status: 'pending',
          },
        })
      : null;
    return {
      rating: rating.rating,
      comment: rating.comment,
      tip: input.tip ?? null,
      payment: payment ? { id: payment.id, status: payment.status, amount: Number(payment.amount) } : null,
    };
  });
}
