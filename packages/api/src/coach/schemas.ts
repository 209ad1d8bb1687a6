import { z } from 'zod';

export const coachIdInput = z.object({
  coachId: z.string().trim().min(1, 'is required').max(64, 'is too long'),
});
