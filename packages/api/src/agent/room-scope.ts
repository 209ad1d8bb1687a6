import { Prisma, sqlRows } from '@hybridcoach/db';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';

/** The claim an agent reads and acts under (agent.* inputs carry it). */
export interface RoomClaim {
  appointmentId: string;
  agentId: string;
  epoch: number;
}

/**
 * The agent's token opens the agent procedures, not every room: it reads a client's context or
 * a session's text, speaks a timer warning or follows a room's feed only for a room it holds
 * now — its claim is the room's current one (same agent, same epoch), the lease has not run
 * out, and the session is live. `completed: 'answer'` lets a holder's late call find a session
 * that has ended (completion is harmless to repeat); nothing is read then.
 */
export async function assertHoldsRoom(
  deps: Deps<'db' | 'now'>,
  claim: RoomClaim,
  options: { completed?: 'answer' } = {},
): Promise<void> {
  const [row] = await sqlRows<{ status: string; holds: boolean }>(
    deps.db,
    Prisma.sql`
      SELECT a.status::text AS status,
        COALESCE(s.status = 'claimed' AND s."agentId" = ${claim.agentId} AND s.claims = ${claim.epoch}
          AND s."leaseExpiresAt" > ${deps.now()}, false) AS holds
      FROM "Appointment" a LEFT JOIN "AgentAssignment" s ON s."appointmentId" = a.id
      WHERE a.id = ${claim.appointmentId}`,
  );
  if (!row) throw new DomainError('NOT_FOUND', 'No appointment with that id.');
  if (row.status === 'completed' && options.completed === 'answer') return;
  if (!row.holds) throw new DomainError('FORBIDDEN', 'This agent does not hold that room now.');
  if (row.status !== 'active') throw new DomainError('FORBIDDEN', `This session is ${row.status}, not live.`);
}
