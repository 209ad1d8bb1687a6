import type { Db } from '@hybridcoach/db';
import { coachNameOf } from '../format';
import { centsToAmount } from './money';
import { monthRange } from './month';
import { type MonthTotals, tipLedger } from './tip-ledger';

export interface CoachPayout extends Omit<MonthTotals, 'month'> {
  coachId: string | null;
  coachName: string;
  coachEmail: string | null;
}

export interface PayoutReport {
  month: string;
  currency: 'USD';
  coaches: CoachPayout[];
  totals: Omit<MonthTotals, 'month'>;
}

/**
 * What each coach is owed in tips for one UTC month (paid in it minus refunded in it), and the
 * month's totals, which are the sums of the rows. Tips are charged in USD.
 */
export async function payoutReport(db: Db, input: { month: string }): Promise<PayoutReport> {
  const { from, to } = monthRange(input.month);
  const rows = await tipLedger(db, { from, to });
  const ids = rows.map((r) => r.coachId).filter((id): id is string => id !== null);
  const people = await db.user.findMany({
    where: { id: { in: ids } },
    select: { id: true, displayName: true, coachName: true, email: true },
  });
  const byId = new Map(people.map((p) => [p.id, p]));
  const coaches = rows
    .map((row): CoachPayout => {
      const person = row.coachId ? byId.get(row.coachId) : undefined;
      return {
        coachId: row.coachId,
        coachName: person ? coachNameOf(person) : '(account deleted)',
        coachEmail: person?.email ?? null,
        tips: row.tips,
        grossCents: row.grossCents,
        refunds: row.refunds,
        refundedCents: row.refundedCents,
        netCents: row.netCents,
      };
    })
    .sort((a, b) => a.coachName.localeCompare(b.coachName));
  const sum = (pick: (c: CoachPayout) => number) => coaches.reduce((total, c) => total + pick(c), 0);
  return {
    month: input.month,
    currency: 'USD',
    coaches,
    totals: {
      tips: sum((c) => c.tips),
      grossCents: sum((c) => c.grossCents),
      refunds: sum((c) => c.refunds),
      refundedCents: sum((c) => c.refundedCents),
      netCents: sum((c) => c.netCents),
    },
  };
}

const HEADER = [
  'month',
  'coach_id',
  'coach_name',
  'coach_email',
  'tips',
  'gross_usd',
  'refunds',
  'refunded_usd',
  'net_usd',
];

/**
 * RFC 4180 CSV of the report, a TOTAL row last. A cell a spreadsheet would run as a formula
 * (a name starting with =, +, - or @) is prefixed with an apostrophe.
 */
export function payoutReportCsv(report: PayoutReport): string {
  const rows = [
    HEADER,
    ...report.coaches.map((c) => [
      report.month,
      c.coachId ?? '',
      text(c.coachName),
      text(c.coachEmail ?? ''),
      String(c.tips),
      centsToAmount(c.grossCents),
      String(c.refunds),
      centsToAmount(c.refundedCents),
      centsToAmount(c.netCents),
    ]),
    [
      report.month,
      'TOTAL',
      '',
      '',
      String(report.totals.tips),
      centsToAmount(report.totals.grossCents),
      String(report.totals.refunds),
      centsToAmount(report.totals.refundedCents),
      centsToAmount(report.totals.netCents),
    ],
  ];
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** People's words never start a formula (numbers keep their minus sign). */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
