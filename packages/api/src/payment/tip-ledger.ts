import { type Db, Prisma } from '@hybridcoach/db';

/** The money of one month (for one coach, or every coach), in cents. */
export interface MonthTotals {
  month: string;
  /** Tips paid in the month and what they came to. */
  tips: number;
  grossCents: number;
  /** Refunds made in the month (of tips paid in it or earlier) and what they came to. */
  refunds: number;
  refundedCents: number;
  netCents: number;
}

export interface LedgerRow extends MonthTotals {
  coachId: string | null;
}

interface RawRow {
  month: string;
  coachId: string | null;
  tips: number;
  grossCents: bigint;
  refunds: number;
  refundedCents: bigint;
}

/**
 * Tip money by UTC month and coach, newest month first. A tip counts in the month Stripe took
 * it, a refund in the month Stripe made it: a month's payout, once made, never changes, and a
 * refund of an older tip comes off the month of the refund. Summed over all months the net is
 * exactly what the completed payments still hold (paid minus refunded). One set-based query.
 */
export async function tipLedger(
  db: Db,
  filter: { coachId?: string; from?: Date; to?: Date } = {},
): Promise<LedgerRow[]> {
  const coach = filter.coachId ? Prisma.sql`AND "coachId" = ${filter.coachId}` : Prisma.empty;
  const within = (column: string) =>
    Prisma.sql`${filter.from ? Prisma.sql`AND ${Prisma.raw(column)} >= ${filter.from}` : Prisma.empty}
      ${filter.to ? Prisma.sql`AND ${Prisma.raw(column)} < ${filter.to}` : Prisma.empty}`;
  const rows = await db.$queryRaw<RawRow[]>`
    WITH movements AS (
      SELECT "coachId", date_trunc('month', "paidAt" AT TIME ZONE 'UTC') AS month,
             1 AS tips, amount AS gross, 0 AS refunds, 0::numeric AS refunded
      FROM "Payment"
      WHERE type = 'tip' AND "paidAt" IS NOT NULL ${coach} ${within('"paidAt"')}
      UNION ALL
      SELECT "coachId", date_trunc('month', "refundedAt" AT TIME ZONE 'UTC'),
             0, 0, 1, "amountRefunded"
      FROM "Payment"
      WHERE type = 'tip' AND "refundedAt" IS NOT NULL AND "amountRefunded" > 0 ${coach} ${within('"refundedAt"')}
    )
    SELECT to_char(month, 'YYYY-MM') AS month, "coachId",
           sum(tips)::int AS tips, (sum(gross) * 100)::bigint AS "grossCents",
           sum(refunds)::int AS refunds, (sum(refunded) * 100)::bigint AS "refundedCents"
    FROM movements
    GROUP BY month, "coachId"
    ORDER BY month DESC, "coachId"`;
  return rows.map((row) => {
    const grossCents = Number(row.grossCents);
    const refundedCents = Number(row.refundedCents);
    return {
      month: row.month,
      coachId: row.coachId,
      tips: row.tips,
      grossCents,
      refunds: row.refunds,
      refundedCents,
      netCents: grossCents - refundedCents,
    };
  });
}
