import { z } from 'zod';

export const emailInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('is not an email address').max(254, 'is too long')),
});

export const codeInput = z.object({
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^vgs-\d{10,16}-[a-z2-7]{16,40}$/, 'is not a HybridCoach sign-in code (it looks like vgs-…)'),
});

export const sessionIdInput = z.object({ sessionId: z.string().trim().min(1, 'is required').max(64) });

export const adminSetupInput = z.object({
  token: z
    .string()
    .trim()
    .regex(/^[a-z2-7]{32}$/, 'is not a setup link token (copy the whole link from the web server log)'),
  email: emailInput.shape.email,
  displayName: z.string().trim().min(1, 'is required').max(100, 'is too long'),
});
