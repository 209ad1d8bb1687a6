import { z } from 'zod';

export const listNotificationsInput = z.object({
  limit: z.number().int().min(1).max(50).default(20),
  cursor: z.string().max(64).nullish(),
  unreadOnly: z.boolean().default(false),
});

export const markReadInput = z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(100) });
