/**
 * What this agent can prove about its hold on each room. The server renewed a room's lease (a
 * claim or heartbeat) in answer to a request sent at `sentAt`, so the lease runs at least until
 * `sentAt + leaseMs` on a clock that runs at the same pace as ours — measured on the monotonic
 * clock, which a paused process (SIGSTOP) or a long stall does not fool. A margin before that
 * the agent stops serving the room: from then on another agent may hold it.
 */
export class LeaseProof {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly leaseMs: number,
    private readonly marginMs: number,
  ) {}

  /** The server renewed (or granted) the room's lease in answer to a request sent at `sentAt` (performance.now()). */
  renewed(appointmentId: string, sentAt: number): void {
    const until = sentAt + this.leaseMs - this.marginMs;
    this.until.set(appointmentId, Math.max(until, this.until.get(appointmentId) ?? 0));
  }

  forget(appointmentId: string): void {
    this.until.delete(appointmentId);
  }

  holds(appointmentId: string, at = performance.now()): boolean {
    return at < (this.until.get(appointmentId) ?? 0);
  }

  /** Did the proof hold when the wall-clock instant `at` happened? (Words are dated in wall time.) */
  heldAt(appointmentId: string, at: Date): boolean {
    const until = this.until.get(appointmentId);
    if (until === undefined) return false;
    const untilWall = Date.now() + (until - performance.now());
    return at.getTime() < untilWall;
  }
}

/** One room's view of the proof. */
export interface RoomLease {
  holds(): boolean;
  heldAt(at: Date): boolean;
}

export function roomLease(proof: LeaseProof, appointmentId: string): RoomLease {
  return { holds: () => proof.holds(appointmentId), heldAt: (at) => proof.heldAt(appointmentId, at) };
}
