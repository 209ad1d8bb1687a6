import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, serviceProcedure } from '../core/trpc';
import { contextPrompt, readClientContext } from '../user/client-context';

const agentProcedure = serviceProcedure('agent');

export const agentRouter = router({
  /** The client's context for the agent's prompt, by the appointment the agent is serving. */
  clientContext: agentProcedure
    .input(z.object({ appointmentId: z.string().min(1).max(64) }))
    .query(async ({ ctx, input }) => {
      const appointment = await ctx.db.appointment.findUnique({
        where: { id: input.appointmentId },
        select: { clientId: true },
      });
      if (!appointment) throw new TRPCError({ code: 'NOT_FOUND', message: 'No appointment with that id.' });
      const context = await readClientContext(ctx.db, appointment.clientId);
      return { ...context, prompt: contextPrompt(context) };
    }),
});
