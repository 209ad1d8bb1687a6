import { useTestDatabase } from '@hybridcoach/db/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { toCents } from './money';
import { payoutReport, payoutReportCsv } from './payout-report';
import { tipLedger } from './tip-ledger';

const t = useTestDatabase();
const at = (iso: string) => new Date(iso);
let maya = { id: '' };
let tomas = { id: '' };

beforeAll(async () => {
  maya = await t.given.coach({ displayName: 'Maya Chen', email: 'maya@ultra.example' });
  // A name a spreadsheet would run as a formula, with a comma to quote.
  tomas = await t.given.coach({ displayName: '=HYPERLINK("x"), Tomas', email: 'tomas@ultra.example' });
  const jan = { createdAt: at('2030-01-05T10:00:00Z') };
  // Maya: two tips paid in January, one of them refunded in February; a pledge and a decline never paid.
  await t.given.tip({ ...jan, coach: maya, amount: 3, status: 'completed', paidAt: at('2030-01-10T12:00:00Z') });
  await t.given.tip({
    ...jan,
    coach: maya,
    amount: 5,
    status: 'refunded',
    paidAt: at('2030-01-20T12:00:00Z'),
    refundedAt: at('2030-02-03T09:00:00Z'),
  });
  await t.given.tip({ ...jan, coach: maya, amount: 1 });
  await t.given.tip({ ...jan, coach: maya, amount: 3, status: 'failed' });
  // Tomas: the last instant of January and the first of February, in UTC.
  await t.given.tip({ ...jan, coach: tomas, amount: 5, status: 'completed', paidAt: at('2030-01-31T23:59:59.999Z') });
  await t.given.tip({ ...jan, coach: tomas, amount: 1, status: 'completed', paidAt: at('2030-02-01T00:00:00Z') });
});

describe('the monthly payout report', () => {
  test('counts a tip in the month it was paid and a refund in the month it was made', async () => {
    const january = await payoutReport(t.db, { month: '2030-01' });
    expect(
      january.coaches.map((c) => [c.coachName, c.tips, c.grossCents, c.refunds, c.refundedCents, c.netCents]),
    ).toEqual([
      ['=HYPERLINK("x"), Tomas', 1, 500, 0, 0, 500],
      ['Maya Chen', 2, 800, 0, 0, 800],
    ]);
    expect(january.totals).toEqual({ tips: 3, grossCents: 1300, refunds: 0, refundedCents: 0, netCents: 1300 });

    const february = await payoutReport(t.db, { month: '2030-02' });
    expect(
      february.coaches.map((c) => [c.coachName, c.tips, c.grossCents, c.refunds, c.refundedCents, c.netCents]),
    ).toEqual([
      ['=HYPERLINK("x"), Tomas', 1, 100, 0, 0, 100],
      ['Maya Chen', 0, 0, 1, 500, -500],
    ]);
    expect(february.totals.netCents).toBe(-400);
    expect((await payoutReport(t.db, { month: '2030-03' })).coaches).toEqual([]);
  });

  test('over all months, the totals equal the payments: paid in, minus refunded, is what completed payments hold', async () => {
    const months = await tipLedger(t.db);
    const sum = (pick: (r: (typeof months)[number]) => number) => months.reduce((s, r) => s + pick(r), 0);
    const charged = await t.db.payment.findMany({ where: { type: 'tip', status: { in: ['completed', 'refunded'] } } });
    const completed = charged.filter((p) => p.status === 'completed');
    const refunded = charged.filter((p) => p.status === 'refunded');
    const cents = (rows: typeof charged, pick: (p: (typeof charged)[number]) => { toString(): string }) =>
      rows.reduce((s, p) => s + toCents(pick(p)), 0);

    expect(sum((r) => r.grossCents)).toBe(cents(charged, (p) => p.amount));
    expect(sum((r) => r.refundedCents)).toBe(cents(refunded, (p) => p.amountRefunded));
    expect(sum((r) => r.netCents)).toBe(cents(completed, (p) => p.amount));
    expect(sum((r) => r.netCents)).toBe(900);
  });

  test('as CSV: one row per coach and a TOTAL row, quoted, with no cell a spreadsheet would run', async () => {
    const csv = payoutReportCsv(await payoutReport(t.db, { month: '2030-02' }));
    expect(csv.split('\r\n')).toEqual([
      'month,coach_id,coach_name,coach_email,tips,gross_usd,refunds,refunded_usd,net_usd',
      `2030-02,${tomas.id},"'=HYPERLINK(""x""), Tomas",tomas@ultra.example,1,1.00,0,0.00,1.00`,
      `2030-02,${maya.id},Maya Chen,maya@ultra.example,0,0.00,1,5.00,-5.00`,
      '2030-02,TOTAL,,,1,1.00,1,5.00,-4.00',
      '',
    ]);
  });

  test("a coach's own months follow the same rule", async () => {
    const ledger = await tipLedger(t.db, { coachId: maya.id });
    expect(ledger.map((r) => [r.month, r.grossCents, r.refundedCents, r.netCents])).toEqual([
      ['2030-02', 0, 500, -500],
      ['2030-01', 800, 0, 800],
    ]);
  });
});
