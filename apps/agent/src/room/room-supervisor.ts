import { message, sleep } from '../retry';
import { type ClaimedRoom, type RoomServices, RoomSession } from './room-session';

export interface SupervisorOptions extends RoomServices {
  maxRooms: number;
  leaseMs: number;
  claimIntervalMs: number;
  /** How long after its end the agent completes a session nobody ended. */
  endGraceMs: number;
}

/**
 * Serves up to `maxRooms` rooms at once: claims free rooms through the server (exclusive and
 * leased), renews the leases by heartbeat — a third of the lease, so two missed beats are
 * survivable — and acts on what the heartbeat reports: a room lost to another agent is left,
 * a session that ended (or ran past its end) is finished.
 */
export class RoomSupervisor {
  private readonly rooms = new Map<string, RoomSession>();
  private readonly stopping = new AbortController();
  private loops: Promise<void>[] = [];
  private claimFailures = 0;

  constructor(private readonly options: SupervisorOptions) {}

  start(): void {
    this.loops = [this.claimLoop(), this.heartbeatLoop()];
  }

  get active(): number {
    return this.rooms.size;
  }

  status() {
    return [...this.rooms.values()].map((r) => r.status);
  }

  private async claimLoop(): Promise<void> {
    const { api, agentId, logger, counters } = this.options;
    while (!this.stopping.signal.aborted) {
      const free = this.options.maxRooms - this.rooms.size;
      if (free > 0) {
        try {
          const claimed = await api.agent.claim.mutate({
            agentId,
            max: free,
            holding: [...this.rooms.keys()],
            leaseMs: this.options.leaseMs,
          });
          if (this.claimFailures > 0) logger.info('claiming rooms again');
          this.claimFailures = 0;
          for (const room of claimed) {
            counters.roomsClaimed++;
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
    const session = new RoomSession(room, this.options);
    this.rooms.set(room.appointmentId, session);
    session.logger.info({ startsAt: room.startsAt, endsAt: room.endsAt }, 'claimed room');
    session.start().catch((err: unknown) => session.logger.error({ err: message(err) }, 'room failed to start'));
  }

  private async heartbeatLoop(): Promise<void> {
    const { api, agentId, logger, counters } = this.options;
    const every = Math.max(50, Math.floor(this.options.leaseMs / 3));
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      await sleep(every, this.stopping.signal);
      const ids = [...this.rooms.keys()];
      if (ids.length === 0 || this.stopping.signal.aborted) continue;
      try {
        const beat = await api.agent.heartbeat.mutate({ agentId, appointmentIds: ids, leaseMs: this.options.leaseMs });
        failures = 0;
        for (const room of beat.rooms) {
          const session = this.rooms.get(room.appointmentId);
          if (!session || session.isFinishing) continue;
          if (!room.held) {
            counters.roomsLost++;
            this.rooms.delete(room.appointmentId);
            void session.abandon();
          } else if (room.status === 'cancelled' || room.status === null) {
            this.finish(session, 'cancelled');
          } else if (room.status === 'completed') {
            this.finish(session, 'ended');
          } else if (room.endsAt && beat.now.getTime() >= room.endsAt.getTime() + this.options.endGraceMs) {
            this.finish(session, 'time');
          }
        }
      } catch (err) {
        // Keep serving: the lease outlives a few missed beats, and a lost room is reported later.
        if (failures++ === 0) logger.warn({ err: message(err) }, 'heartbeat failed; still serving rooms');
      }
    }
  }

  private finish(session: RoomSession, reason: 'ended' | 'time' | 'cancelled'): void {
    void session.finish(reason).finally(() => {
      if (this.rooms.get(session.appointmentId) === session) this.rooms.delete(session.appointmentId);
    });
  }

  /**
   * Graceful: leave every room, let the outbox deliver what it can within `flushMs`, and hand
   * the rooms back so another agent can take them at once. Not graceful (a simulated crash):
   * just stop, as a killed process would, leaving journals and leases behind.
   */
  async stop(options: { graceful: boolean; flushMs: number }): Promise<void> {
    const { api, agentId, logger, outbox } = this.options;
    this.stopping.abort();
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
