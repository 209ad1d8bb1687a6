import { z } from 'zod';
import { normalizeSignInCode, signInCodeProblem } from './sign-in-code-format';

export const emailInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('is not an email address').max(254, 'is too long')),
});

export const signInCodeField = z
  .string()
  .max(40, 'is too long: a sign-in code has 8 characters, like ABCD-EFGH')
  .transform(normalizeSignInCode)
  .superRefine((code, ctx) => {
    const problem = signInCodeProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A short code is redeemed with the email it was sent to: guesses are counted per member. */
export const redeemCodeInput = z.object({ email: emailInput.shape.email, code: signInCodeField });

export const redeemLinkInput = z.object({
  token: z
    .string()
    .trim()
    .regex(/^[a-z2-7]{32}$/, 'is not a sign-in link (open the whole link from the email, or type the code)'),
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
