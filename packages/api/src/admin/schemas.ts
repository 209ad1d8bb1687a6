import { z } from 'zod';
import { DAILY_METRICS } from '../housekeeping/daily-metrics';

const community = z.enum(['ultra', 'vagus']);

export const syncLogsInput = z.object({
  community: community.optional(),
  source: z.enum(['csv-upload', 'csv-folder', 'http', 'webhook']).optional(),
  success: z.boolean().optional(),
  limit: z.number().int().min(1).max(100).default(25),
  /** The `nextCursor` of the previous page. */
  cursor: z.number().int().positive().nullish(),
});

export const membershipHistoryInput = z.object({
  userId: z.string().min(1).max(64).optional(),
  community: community.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(64).nullish(),
});

export const syncNowInput = z.object({ community });

export const syncRequestsInput = z.object({ limit: z.number().int().min(1).max(100).default(20) });

/** The server accepts 4 MiB bodies; a 100,000-member export is about 10 MB, so split those. */
export const previewCsvInput = z.object({
  community,
  csv: z.string().min(1, 'the file is empty').max(3_500_000, 'the file is larger than 3.5 MB'),
  fileName: z.string().trim().min(1).max(200).nullish(),
  pageSize: z.number().int().min(1).max(200).default(50),
});

export const previewChangesInput = z.object({
  previewId: z.uuid(),
  kind: z.enum(['create', 'update', 'skip']).nullish(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});

export const applyCsvInput = z.object({
  previewId: z.uuid(),
  /** The admin read the preview's warning and accepts more cancellations than SKOOL_MAX_CANCEL_SHARE. */
  allowMassCancellation: z.boolean().default(false),
});

export const dailyMetricsInput = z.object({
  metric: z.enum(DAILY_METRICS).optional(),
  from: z.date(),
  to: z.date(),
});

export const metricsCsvInput = z
  .object({ from: z.date(), to: z.date() })
  .refine((r) => r.to >= r.from, { path: ['to'], message: 'The last day must be on or after the first day' })
  .refine((r) => r.to.getTime() - r.from.getTime() <= 5 * 366 * 86_400_000, {
    path: ['to'],
    message: 'Choose at most five years',
  });

export const metricsBackfillInput = z.object({
  /** Roll up every day again, not only the days without a rollup. */
  recompute: z.boolean().default(false),
});

/** Up to a year of days, as the metrics page allows. */
export const membershipTrendInput = z
  .object({ from: z.date(), to: z.date() })
  .refine((r) => r.to >= r.from, { path: ['to'], message: 'The last day must be on or after the first day' })
  .refine((r) => r.to.getTime() - r.from.getTime() <= 365 * 86_400_000, {
    path: ['to'],
    message: 'Choose at most 366 days',
  });

const personId = z.string().trim().min(1, 'is required').max(64);

export const relationshipPairInput = z.object({ coachId: personId, clientId: personId });
export const relationshipsOfInput = z.object({ userId: personId });

export const auditLogInput = z.object({
  userId: personId.optional(),
  actorId: personId.optional(),
  action: z.string().trim().min(1).max(64).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  limit: z.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).nullish(),
});

export const adminUsersInput = z.object({
  search: z.string().trim().max(100, 'is too long').optional(),
  role: z.enum(['client', 'coach', 'admin']).optional(),
  status: z.enum(['active', 'deactivated', 'all']).default('active'),
  limit: z.number().int().min(1).max(100).default(25),
  /** The `nextCursor` of the previous page. */
  cursor: z.number().int().min(0).max(1_000_000).nullish(),
});

export const adminUserIdInput = z.object({ userId: personId });
export const setAdminInput = z.object({ userId: personId, admin: z.boolean() });
export const setDeactivatedInput = z.object({ userId: personId, deactivated: z.boolean() });
