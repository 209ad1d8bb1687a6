import { message, sleep } from '../retry';
import { LeaseProof, roomLease } from './lease';
import { type ClaimedRoom, type RoomServices, RoomSession } from './room-session';

export interface SupervisorOptions extends RoomServices {
  maxRooms: number;
  leaseMs: number;
  claimIntervalMs: number;
  /** How long after its end the agent completes a session nobody ended. */
  endGraceMs: number;
}

/** How often the lease proof is checked: well inside the margin. */
const FENCE_CHECK_MS = 50;

/**
 * Serves up to `maxRooms` rooms at once: claims free rooms through the server (exclusive,
 * leased, spread across agents), renews the leases by heartbeat every third of the lease — timed
 * from when each beat was sent, and again soon after a failed one — and acts on what the
 * heartbeat reports: a room lost to another agent is left, a session that ended (or ran past its
 * end) is finished. A room whose lease the agent cannot prove (a sixth of the lease before it may
 * lapse, counted from the request that last renewed it) is fenced: left at once, so that two
 * agents never serve it together.
 */
export class RoomSupervisor {
  private readonly rooms = new Map<string, RoomSession>();
  private readonly stopping = new AbortController();
  private readonly proof: LeaseProof;
  private loops: Promise<void>[] = [];
  private fenceTimer: NodeJS.Timeout | null = null;
  private claimFailures = 0;

  constructor(private readonly options: SupervisorOptions) {
    this.proof = new LeaseProof(options.leaseMs, Math.max(Math.floor(options.leaseMs / 6), 100));
  }

  start(): void {
    this.loops = [this.claimLoop(), this.heartbeatLoop()];
    this.fenceTimer = setInterval(() => this.fenceUnproven(), FENCE_CHECK_MS);
  }

  get active(): number {
    return this.rooms.size;
  }

  get transcriptionStreams(): number {
    let n = 0;
    for (const room of this.rooms.values()) n += room.transcriptionStreams;
    return n;
  }

  status() {
    return [...this.rooms.values()].map((r) => r.status);
  }

  private key(appointmentId: string, epoch: number): string {
    return `${appointmentId}#${epoch}`;
  }

  private async claimLoop(): Promise<void> {
    const { api, agentId, logger, counters } = this.options;
    while (!this.stopping.signal.aborted) {
      const free = this.options.maxRooms - this.rooms.size;
      if (free > 0) {
        const sentAt = performance.now();
        try {
          const claimed = await api.agent.claim.mutate({
            agentId,
            max: free,
            holding: [...this.rooms.keys()],
            leaseMs: this.options.leaseMs,
            pollMs: this.options.claimIntervalMs,
          });
          if (this.claimFailures > 0) logger.info('claiming rooms again');
          this.claimFailures = 0;
          for (const room of claimed) {
            counters.roomsClaimed++;
            this.proof.renewed(this.key(room.appointmentId, room.epoch), sentAt);
            this.adopt(room);
          }
        } catch (err) {
          // One line when the server goes away, not one per attempt.
          if (this.claimFailures++ === 0) logger.warn({ err: message(err) }, 'cannot claim rooms; server unreachable?');
        }
      }
      await sleep(this.options.claimIntervalMs, this.stopping.signal);
    }
  }

  private adopt(room: ClaimedRoom): void {
    if (this.stopping.signal.aborted) return;
    if (this.rooms.has(room.appointmentId)) {
      // The server does not hand back rooms we hold; never serve one room twice regardless.
      this.options.logger.warn({ appointmentId: room.appointmentId }, 'claimed a room already served; ignored');
      return;
    }
    const key = this.key(room.appointmentId, room.epoch);
    const session = new RoomSession(room, this.options, roomLease(this.proof, key));
    this.rooms.set(room.appointmentId, session);
    session.logger.info({ startsAt: room.startsAt, endsAt: room.endsAt, mode: room.assistantMode }, 'claimed room');
    session.start().catch((err: unknown) => session.logger.error({ err: message(err) }, 'room failed to start'));
  }

  private async heartbeatLoop(): Promise<void> {
    const { api, agentId, logger, counters } = this.options;
    const every = Math.max(50, Math.floor(this.options.leaseMs / 3));
    const soon = Math.max(50, Math.floor(this.options.leaseMs / 12));
    let failures = 0;
    let lastSent = performance.now();
    while (!this.stopping.signal.aborted) {
      await sleep(Math.max(0, lastSent + (failures > 0 ? soon : every) - performance.now()), this.stopping.signal);
      const sessions = [...this.rooms.values()];
      lastSent = performance.now();
      if (sessions.length === 0 || this.stopping.signal.aborted) continue;
      try {
        const beat = await api.agent.heartbeat.mutate({
          agentId,
          appointmentIds: sessions.map((s) => s.appointmentId),
          leaseMs: this.options.leaseMs,
          free: Math.max(0, this.options.maxRooms - this.rooms.size),
        });
        if (failures > 0) logger.info({ failures }, 'heartbeat answered again');
        failures = 0;
        for (const room of beat.rooms) {
          const session = this.rooms.get(room.appointmentId);
          if (!session) continue;
          if (room.held) this.proof.renewed(this.key(session.appointmentId, session.room.epoch), lastSent);
          if (session.isFinishing) continue;
          if (!room.held) {
            counters.roomsLost++;
            this.rooms.delete(room.appointmentId);
            void session.abandon().finally(() => this.forget(session));
          } else if (room.status === 'cancelled' || room.status === null) {
            this.finish(session, 'cancelled');
          } else if (room.status === 'completed') {
            this.finish(session, 'ended');
          } else if (room.endsAt && beat.now.getTime() >= room.endsAt.getTime() + this.options.endGraceMs) {
            this.finish(session, 'time');
          }
        }
      } catch (err) {
        // The lease outlives a few missed beats; past what can be proven, rooms are fenced.
        if (failures++ === 0) logger.warn({ err: message(err) }, 'heartbeat failed; trying again soon');
      }
    }
  }

  /** Leaves every room whose lease can no longer be proven. */
  private fenceUnproven(): void {
    for (const session of this.rooms.values()) {
      if (session.isFinishing || this.proof.holds(this.key(session.appointmentId, session.room.epoch))) continue;
      this.options.counters.roomsFenced++;
      this.rooms.delete(session.appointmentId);
      void session.fence().finally(() => this.forget(session));
    }
  }

  private finish(session: RoomSession, reason: 'ended' | 'time' | 'cancelled'): void {
    void session.finish(reason).finally(() => {
      if (this.rooms.get(session.appointmentId) === session) this.rooms.delete(session.appointmentId);
      this.forget(session);
    });
  }

  private forget(session: RoomSession): void {
    this.proof.forget(this.key(session.appointmentId, session.room.epoch));
  }

  /**
   * Graceful: leave every room, let the outbox deliver what it can within `flushMs`, and hand
   * the rooms back so another agent can take them at once. Not graceful (a simulated crash):
   * just stop, as a killed process would, leaving journals and leases behind.
   */
  async stop(options: { graceful: boolean; flushMs: number }): Promise<void> {
    const { api, agentId, logger, outbox } = this.options;
    this.stopping.abort();
    if (this.fenceTimer) clearInterval(this.fenceTimer);
    await Promise.all(this.loops);
    const sessions = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all(sessions.map((s) => s.shutdown()));
    if (!options.graceful) {
      await outbox.close();
      return;
    }
    const flushed = await outbox.flush(options.flushMs);
    const left = outbox.buffered;
    await outbox.close();
    let released = 0;
    await Promise.all(
      sessions.map(async (s) => {
        try {
          const result = await api.agent.release.mutate({ agentId, appointmentId: s.appointmentId, done: false });
          if (result.released) released++;
        } catch (err) {
          s.logger.warn({ err: message(err) }, 'could not release the room; its lease will run out');
        }
      }),
    );
    logger.info(
      { rooms: sessions.length, released, flushed, segmentsLeftInJournal: left },
      flushed ? 'rooms handed back; transcript delivered' : 'rooms handed back; undelivered segments stay journaled',
    );
  }
}
