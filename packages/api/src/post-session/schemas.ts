import { z } from 'zod';
import { recapSource, structuredRecap } from './recap-schema';

const id = z.uuid();

export const postSessionJobInput = z.object({ id, jobId: id });

export const markQueuedInput = z.object({ jobs: z.array(postSessionJobInput).max(200) });

export const storePostSessionInput = postSessionJobInput.extend({
  summary: z.string().trim().max(20_000).nullable(),
  topics: z.array(z.string().trim().toLowerCase().min(2).max(40)).max(10),
  /** The structured draft; null when there was nothing to recap. */
  recap: z.object({ source: recapSource, recap: structuredRecap }).nullable().default(null),
});

export const failPostSessionInput = postSessionJobInput.extend({ error: z.string().max(10_000) });
