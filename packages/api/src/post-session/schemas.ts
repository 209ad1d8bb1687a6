import { z } from 'zod';

const id = z.uuid();

export const postSessionJobInput = z.object({ id, jobId: id });

export const markQueuedInput = z.object({ jobs: z.array(postSessionJobInput).max(200) });

export const storePostSessionInput = postSessionJobInput.extend({
  summary: z.string().trim().max(20_000).nullable(),
  topics: z.array(z.string().trim().toLowerCase().min(2).max(40)).max(10),
});

export const failPostSessionInput = postSessionJobInput.extend({ error: z.string().max(10_000) });
