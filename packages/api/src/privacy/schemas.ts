import { z } from 'zod';

const id = z.string().trim().min(1, 'is required').max(64, 'is too long');

export const roomPrivacyInput = z.object({ appointmentId: id });

export const agreeInput = z.object({
  noticeVersion: z.string().trim().min(1, 'is required').max(40),
  appointmentId: id.nullish(),
});

export const sessionAssistantInput = z.object({ appointmentId: id, on: z.boolean() });
export const assistantForGoodInput = z.object({ on: z.boolean() });

/** An admin's stated reason for reading a member's session or exporting their data. */
export const reason = z
  .string()
  .trim()
  .min(10, 'say why in a sentence (at least 10 characters)')
  .max(500, 'must be at most 500 characters');

export const adminMemberInput = z.object({ userId: id, reason });
export const cancelErasureInput = z.object({ requestId: id });
export const exportIdInput = z.object({ exportId: id });
export const memberEmailInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('is not an email address')),
});
