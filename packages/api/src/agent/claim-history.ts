import { Prisma } from '@hybridcoach/db';

type Tx = Prisma.TransactionClient;

/**
 * Records new claims (one row per room and epoch) and ends the claims they replace: from this
 * instant the earlier epoch no longer holds the room, whoever held it.
 */
export async function recordClaims(
  tx: Tx,
  input: { agentId: string; now: Date; claimed: { appointmentId: string; epoch: number }[] },
): Promise<void> {
  if (input.claimed.length === 0) return;
  await endClaims(tx, { appointmentIds: input.claimed.map((c) => c.appointmentId), now: input.now });
  await tx.agentClaim.createMany({
    data: input.claimed.map((c) => ({
      appointmentId: c.appointmentId,
      epoch: c.epoch,
      agentId: input.agentId,
      claimedAt: input.now,
    })),
    skipDuplicates: true,
  });
}

/**
 * Ends the open claim of each room (released, taken over, or its session completed). Optionally
 * only one agent's: a release ends nothing that agent does not hold.
 */
export async function endClaims(
  tx: Tx,
  input: { appointmentIds: string[]; now: Date; agentId?: string },
): Promise<void> {
  await tx.agentClaim.updateMany({
    where: {
      appointmentId: { in: input.appointmentIds },
      endedAt: null,
      ...(input.agentId ? { agentId: input.agentId } : {}),
    },
    data: { endedAt: input.now },
  });
}

export interface ClaimWindow {
  agentId: string;
  claimedAt: Date;
  endedAt: Date | null;
}

/**
 * The claim `epoch` of a room with the appointment's status, the claim row locked against being
 * ended meanwhile (a takeover or a completion waits for the writer's transaction): what a fenced
 * write checks before it inserts. No row: that claim never existed.
 */
export function claimWindow(appointmentId: string, epoch: number): Prisma.Sql {
  return Prisma.sql`
    SELECT c."agentId", c."claimedAt", c."endedAt",
      (SELECT a.status::text FROM "Appointment" a WHERE a.id = c."appointmentId") AS status
    FROM "AgentClaim" c
    WHERE c."appointmentId" = ${appointmentId} AND c.epoch = ${epoch}
    FOR SHARE OF c`;
}

/**
 * Did this claim hold the room at `at`? Only the end is checked: a claim cannot hear anything
 * before it began, and the agent's clock may run a little behind the server's.
 */
export function heldAt(claim: ClaimWindow, at: Date): boolean {
  return claim.endedAt === null || at.getTime() <= claim.endedAt.getTime();
}
