import { z } from 'zod';
import { skoolMemberSchema } from './member-snapshot';

export const communitySchema = z.enum(['ultra', 'vagus']);

/** A full snapshot a worker source read (the members endpoint, a CSV from the folder). */
export const applySnapshotInput = z.object({
  community: communitySchema,
  takenAt: z.date(),
  source: z.enum(['http', 'csv-folder']),
  members: z.array(skoolMemberSchema).max(500_000),
  duplicatesMerged: z.number().int().min(0).default(0),
  /** Facts for the log row (request id, file name). */
  context: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
});

export const sourceFailureInput = z.object({
  community: communitySchema,
  source: z.enum(['http', 'csv-folder']),
  error: z.string().min(1).max(10_000),
  durationMs: z.number().int().min(0).default(0),
});

export const photoSyncInput = z.object({ limit: z.number().int().min(1).max(500).default(50) });

export const syncRequestIdsInput = z.object({ ids: z.array(z.uuid()).min(1).max(100) });

export const finishSyncRequestInput = z.object({
  id: z.uuid(),
  status: z.enum(['done', 'failed']),
  logId: z.number().int().nullable().default(null),
  error: z.string().max(4000).nullable().default(null),
});
