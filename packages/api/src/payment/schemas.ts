import { z } from 'zod';

const id = z.string().trim().min(1, 'is required').max(64, 'is too long');

/** A calendar month in UTC, as payouts are counted: "2030-01". */
export const month = z.string().regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, 'must be a month like 2030-01 (years 2000–2099)');

export const paymentIdInput = z.object({ paymentId: id });

export const sessionTipInput = z.object({ appointmentId: id });

export const myTipsInput = z.object({
  limit: z.number().int().min(1).max(50).default(20),
  cursor: z.string().max(200).nullish(),
});

export const tipsReceivedInput = z.object({ month: month.nullish() });

export const adminTipsInput = z.object({
  month,
  status: z.enum(['pending', 'completed', 'failed', 'refunded']).nullish(),
});

export const payoutReportInput = z.object({ month });
