import type { PaymentStatus, Prisma } from '@hybridcoach/db';
import type { z } from 'zod';
import type { Deps } from '../core/context';
import { decodeCursor, encodeCursor } from '../core/keyset-cursor';
import type { UserPrincipal } from '../core/principal';
import { coachNameOf } from '../format';
import { roomAccess } from '../session/room-access';
import { toCents } from './money';
import { monthOf, monthRange } from './month';
import type { myTipsInput, sessionTipInput, tipsReceivedInput } from './schemas';
import { type MonthTotals, tipLedger } from './tip-ledger';

/** One tip as the payer, its coach and admins see it. */
export interface Tip {
  id: string;
  amountCents: number;
  amountRefundedCents: number;
  currency: string;
  status: PaymentStatus;
  createdAt: Date;
  paidAt: Date | null;
  refundedAt: Date | null;
  refundRequestedAt: Date | null;
  failureMessage: string | null;
  /** A Stripe Checkout page is open for it (the payer may be paying right now). */
  checkoutOpen: boolean;
  session: { appointmentId: string; scheduledFor: Date } | null;
  coach: { id: string; name: string } | null;
  client: { id: string; name: string };
}

export const tipSelect = {
  id: true,
  amount: true,
  amountRefunded: true,
  currency: true,
  status: true,
  createdAt: true,
  paidAt: true,
  refundedAt: true,
  refundRequestedAt: true,
  failureMessage: true,
  checkoutExpiresAt: true,
  user: { select: { id: true, displayName: true } },
  coach: { select: { id: true, displayName: true, coachName: true } },
  session: { select: { appointment: { select: { id: true, scheduledFor: true } } } },
} satisfies Prisma.PaymentSelect;

type TipRow = Prisma.PaymentGetPayload<{ select: typeof tipSelect }>;

export function tipOf(row: TipRow, now: Date): Tip {
  const appointment = row.session?.appointment ?? null;
  return {
    id: row.id,
    amountCents: toCents(row.amount),
    amountRefundedCents: toCents(row.amountRefunded),
    currency: row.currency,
    status: row.status,
    createdAt: row.createdAt,
    paidAt: row.paidAt,
    refundedAt: row.refundedAt,
    refundRequestedAt: row.refundRequestedAt,
    failureMessage: row.failureMessage,
    checkoutOpen: row.checkoutExpiresAt !== null && row.checkoutExpiresAt > now,
    session: appointment ? { appointmentId: appointment.id, scheduledFor: appointment.scheduledFor } : null,
    coach: row.coach ? { id: row.coach.id, name: coachNameOf(row.coach) } : null,
    client: { id: row.user.id, name: row.user.displayName },
  };
}

/**
 * The tip of one session, for its client, its coach and admins (anyone else: NOT_FOUND), and
 * whether tips are charged at all here. The session page polls it while a payment is under way.
 */
export async function sessionTip(
  deps: Deps<'db' | 'payments' | 'now'>,
  user: UserPrincipal,
  input: z.infer<typeof sessionTipInput>,
): Promise<{ providerConnected: boolean; tip: Tip | null }> {
  const { appointment } = await roomAccess(deps.db, user, input.appointmentId);
  const row = await deps.db.payment.findFirst({
    where: { type: 'tip', session: { appointmentId: appointment.id } },
    orderBy: { createdAt: 'desc' },
    select: tipSelect,
  });
  return { providerConnected: deps.payments !== null, tip: row ? tipOf(row, deps.now()) : null };
}

/** The tips the caller gave, newest first (Settings → Your tips). */
export async function myTips(deps: Deps<'db' | 'now'>, user: UserPrincipal, input: z.infer<typeof myTipsInput>) {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await deps.db.payment.findMany({
    where: {
      userId: user.userId,
      type: 'tip',
      ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    select: tipSelect,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => tipOf(row, deps.now())),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/**
 * A coach's tips: the money per month (paid in it, refunded in it, net — the payout report's
 * rule) and, for one month, each tip pledged in it with its session and state.
 */
export async function tipsReceived(
  deps: Deps<'db' | 'now'>,
  coach: UserPrincipal,
  input: z.infer<typeof tipsReceivedInput>,
): Promise<{ month: string; months: MonthTotals[]; tips: Tip[] }> {
  const month = input.month ?? monthOf(deps.now());
  const { from, to } = monthRange(month);
  const [months, rows] = await Promise.all([
    tipLedger(deps.db, { coachId: coach.userId }),
    deps.db.payment.findMany({
      where: { coachId: coach.userId, type: 'tip', createdAt: { gte: from, lt: to } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 500,
      select: tipSelect,
    }),
  ]);
  return {
    month,
    months: months.map(({ coachId: _, ...totals }) => totals),
    tips: rows.map((row) => tipOf(row, deps.now())),
  };
}

/** Every tip pledged in a month, for the admin's payments page (refunds start there). */
export async function tipsOfMonth(
  deps: Deps<'db' | 'now'>,
  input: { month: string; status?: PaymentStatus | null },
): Promise<Tip[]> {
  const { from, to } = monthRange(input.month);
  const rows = await deps.db.payment.findMany({
    where: { type: 'tip', createdAt: { gte: from, lt: to }, ...(input.status ? { status: input.status } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 1000,
    select: tipSelect,
  });
  return rows.map((row) => tipOf(row, deps.now()));
}
