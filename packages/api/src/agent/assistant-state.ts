import type { z } from 'zod';
import type { Deps } from '../core/context';
import { appendEvent } from '../session/events';
import type { assistantStateInput } from './schemas';

/** What the assistant is doing, for the room's page; only the claim holding the room may say. */
export async function reportAssistantState(deps: Deps<'db' | 'now'>, input: z.infer<typeof assistantStateInput>) {
  const claim = await deps.db.agentClaim.findUnique({
    where: { appointmentId_epoch: { appointmentId: input.appointmentId, epoch: input.epoch } },
    select: { agentId: true, endedAt: true },
  });
  if (claim?.agentId !== input.agentId || claim.endedAt) return { recorded: false };
  const at = deps.now();
  await deps.db.$transaction((tx) =>
    appendEvent(tx, input.appointmentId, {
      type: 'assistant_state',
      state: input.state,
      ...(input.wakePhrase ? { wakePhrase: input.wakePhrase } : {}),
      at,
    }),
  );
  return { recorded: true };
}
