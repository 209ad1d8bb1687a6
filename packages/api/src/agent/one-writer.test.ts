import { createLogger, loadEnv } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { beforeEach, describe, expect, test } from 'vitest';
import { createContext } from '../core/context';
import type { Principal } from '../core/principal';
import { settingsFromEnv } from '../core/settings';
import { DevMailbox } from '../notification/mailer';
import { createCaller } from '../root';

const t = useTestDatabase();
const logger = createLogger('one-writer-test', 'silent');
const settings = settingsFromEnv(loadEnv({}));
const SECOND = 1000;
const LEASE = 30 * SECOND;

/** The server's clock, set by each test. */
let now = new Date('2031-03-10T10:00:00Z');
const callerAs = (principal: Principal) =>
  createCaller(
    createContext({
      db: t.db,
      logger,
      requestId: 'test',
      settings,
      mailer: new DevMailbox(logger),
      principal,
      now: () => now,
    }),
  );
const agentApi = () => callerAs({ kind: 'service', service: 'agent' }).agent;
const workerApi = () => callerAs({ kind: 'service', service: 'worker' }).postSession;

/** A live session whose room asks for the agent, started a minute before `now`. */
async function waitingRoom() {
  const live = await t.given.liveSession({ startsAt: new Date(now.getTime() - 60 * SECOND) });
  await t.given.agentRequested(live.appointment);
  return live;
}

let seq = 0;
function segment(content: string, spokenAt: Date) {
  seq++;
  return { idempotencyKey: `k-${seq}`, seq, speaker: 'client' as const, content, spokenAt, isFinal: true };
}

const stored = async (appointmentId: string) =>
  (
    await t.db.message.findMany({
      where: { session: { appointmentId }, kind: 'transcript' },
      orderBy: { seq: 'asc' },
      select: { content: true },
    })
  ).map((m) => m.content);

const at = (ms: number) => new Date(now.getTime() + ms);

// Rooms one test left live are not up for grabs in the next.
beforeEach(() => t.db.appointment.updateMany({ where: { status: 'active' }, data: { status: 'completed' } }));

describe('one writer per room', () => {
  test("a stale writer's words spoken after the takeover are refused; what it heard before is kept", async () => {
    now = new Date('2031-03-10T10:00:00Z');
    const { appointment } = await waitingRoom();
    const [first] = await agentApi().claim({ agentId: 'agent-a', max: 1, leaseMs: LEASE });
    expect(first).toMatchObject({ appointmentId: appointment.id, epoch: 1, assistantMode: 'scribe' });
    const heardByA = segment('I slept better', at(5 * SECOND));

    // A is cut off; its lease runs out and B takes the room over.
    now = at(LEASE + SECOND);
    const takeover = now;
    const [second] = await agentApi().claim({ agentId: 'agent-b', max: 1, leaseMs: LEASE });
    expect(second?.epoch).toBe(2);
    const heardByB = segment('Then I woke at three', at(2 * SECOND));
    await agentApi().appendTranscript({
      appointmentId: appointment.id,
      agentId: 'agent-b',
      epoch: 2,
      segments: [heardByB],
    });

    // A comes back and flushes its journal, plus what it transcribed after B took over.
    const overlap = segment('Then I woke at three', at(SECOND));
    const answer = await agentApi().appendTranscript({
      appointmentId: appointment.id,
      agentId: 'agent-a',
      epoch: 1,
      segments: [heardByA, overlap],
    });
    expect(answer).toEqual({ stored: 1, duplicates: 0, refused: 1 });
    expect(await stored(appointment.id)).toEqual(['I slept better', 'Then I woke at three']);
    expect(
      await t.db.agentClaim.findMany({
        where: { appointmentId: appointment.id },
        orderBy: { epoch: 'asc' },
        select: { epoch: true, agentId: true, endedAt: true },
      }),
    ).toEqual([
      { epoch: 1, agentId: 'agent-a', endedAt: takeover },
      { epoch: 2, agentId: 'agent-b', endedAt: null },
    ]);
  });

  test('a write under a claim the sender never held is refused whole', async () => {
    now = new Date('2031-03-11T10:00:00Z');
    const { appointment } = await waitingRoom();
    await agentApi().claim({ agentId: 'agent-a', max: 1, leaseMs: LEASE });
    const forged = { appointmentId: appointment.id, segments: [segment('Not mine to say', at(SECOND))] };
    expect(await agentApi().appendTranscript({ ...forged, agentId: 'agent-b', epoch: 1 })).toMatchObject({
      refused: 1,
    });
    expect(await agentApi().appendTranscript({ ...forged, agentId: 'agent-a', epoch: 7 })).toMatchObject({
      refused: 1,
    });
    expect(await stored(appointment.id)).toEqual([]);
  });

  test('after completion: words spoken before it are still taken (and summarised again), words after it are not', async () => {
    now = new Date('2031-03-12T10:00:00Z');
    const { appointment, coach } = await waitingRoom();
    await agentApi().claim({ agentId: 'agent-a', max: 1, leaseMs: LEASE });
    const before = segment('We agreed on a walk after lunch', at(2 * SECOND));
    now = at(5 * SECOND);
    const completedAt = now;
    await callerAs({ kind: 'user', userId: coach.id, role: 'coach', userSessionId: 's' }).session.end({
      appointmentId: appointment.id,
    });
    const request = await t.db.postSessionRequest.findUniqueOrThrow({ where: { appointmentId: appointment.id } });
    expect(request).toMatchObject({ status: 'pending', requestedAt: completedAt });
    await workerApi().markQueued({ jobs: [{ id: request.id, jobId: request.jobId }] });

    now = at(60 * SECOND);
    const after = segment('Anything said after the end', at(-30 * SECOND));
    const answer = await agentApi().appendTranscript({
      appointmentId: appointment.id,
      agentId: 'agent-a',
      epoch: 1,
      segments: [before, after],
    });
    expect(answer).toEqual({ stored: 1, duplicates: 0, refused: 1 });
    const session = await t.db.session.findUniqueOrThrow({ where: { appointmentId: appointment.id } });
    expect(session.transcript).toContain('We agreed on a walk after lunch');
    // The worker is asked again, under a new job id: a run of the old one stores nothing.
    const again = await t.db.postSessionRequest.findUniqueOrThrow({ where: { appointmentId: appointment.id } });
    expect(again.status).toBe('pending');
    expect(again.jobId).not.toBe(request.jobId);
  });
});

describe('spreading claims', () => {
  test('two agents and six rooms: three each, whichever asks first and however much it asks for', async () => {
    now = new Date('2031-03-13T10:00:00Z');
    // Both agents are alive and asking (an empty first round each).
    await agentApi().claim({ agentId: 'spread-a', max: 10, leaseMs: LEASE });
    await agentApi().claim({ agentId: 'spread-b', max: 10, leaseMs: LEASE });
    const rooms = await Promise.all(Array.from({ length: 6 }, () => waitingRoom()));
    const a = await agentApi().claim({ agentId: 'spread-a', max: 10, leaseMs: LEASE });
    const b = await agentApi().claim({ agentId: 'spread-b', max: 10, leaseMs: LEASE });
    expect([a.length, b.length]).toEqual([3, 3]);
    expect(new Set([...a, ...b].map((r) => r.appointmentId))).toEqual(new Set(rooms.map((r) => r.appointment.id)));
    // Asking again changes nothing: each holds its share.
    expect(
      await agentApi().claim({ agentId: 'spread-a', max: 10, leaseMs: LEASE, holding: a.map((r) => r.appointmentId) }),
    ).toEqual([]);
  });

  test('rooms arriving one at a time alternate between the agents', async () => {
    now = new Date('2031-03-14T10:00:00Z');
    const held: Record<'alt-a' | 'alt-b', string[]> = { 'alt-a': [], 'alt-b': [] };
    const ask = async (agentId: 'alt-a' | 'alt-b') => {
      const rooms = await agentApi().claim({ agentId, max: 10, leaseMs: LEASE, holding: held[agentId] });
      held[agentId].push(...rooms.map((r) => r.appointmentId));
    };
    await ask('alt-a');
    await ask('alt-b');
    for (let i = 0; i < 6; i++) {
      await waitingRoom();
      // The same agent always asks first.
      await ask('alt-a');
      await ask('alt-b');
    }
    expect([held['alt-a'].length, held['alt-b'].length]).toEqual([3, 3]);
  });

  test('an agent that is full leaves the rest to the others, and a lone agent takes everything', async () => {
    now = new Date('2031-03-15T10:00:00Z');
    await agentApi().claim({ agentId: 'full-a', max: 2, leaseMs: LEASE });
    await agentApi().claim({ agentId: 'full-b', max: 10, leaseMs: LEASE });
    for (let i = 0; i < 5; i++) await waitingRoom();
    const a = await agentApi().claim({ agentId: 'full-a', max: 2, leaseMs: LEASE });
    expect(a).toHaveLength(2);
    // A reports it is full with its heartbeat; B takes the other three.
    await agentApi().heartbeat({
      agentId: 'full-a',
      appointmentIds: a.map((r) => r.appointmentId),
      leaseMs: LEASE,
      free: 0,
    });
    expect(await agentApi().claim({ agentId: 'full-b', max: 10, leaseMs: LEASE })).toHaveLength(3);

    // Much later, one agent alone: every waiting room is its share.
    now = new Date(now.getTime() + 10 * LEASE);
    for (let i = 0; i < 3; i++) await waitingRoom();
    expect(await agentApi().claim({ agentId: 'lone', max: 10, leaseMs: LEASE })).toHaveLength(8);
  });
});
