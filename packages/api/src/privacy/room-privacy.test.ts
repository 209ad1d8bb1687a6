import { transcriptionNotice } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { describe, expect, test } from 'vitest';
import type { Principal } from '../core/principal';
import { callerAs, member } from '../test-support/caller';

const t = useTestDatabase();

const as = (principal: Principal) => callerAs(t, principal);
const user = (userId: string, role: 'client' | 'coach' | 'admin') => as(member(userId, role));
const agent = () => as({ kind: 'service', service: 'agent' });

const segment = (n: number, spokenAt: Date, content = `line ${n}`) => ({
  idempotencyKey: `seg-${n}`,
  seq: n,
  speaker: 'client' as const,
  content,
  spokenAt,
  isFinal: true,
});

describe('consent', () => {
  test('a member who has not agreed to the notice cannot join until they do; the agreement records who, when and which version', async () => {
    const coach = await t.given.coach();
    const client = await t.db.user.create({
      data: { email: 'new.member@vagus.example', displayName: 'New Member', vagusSubscriptionStatus: 'active' },
    });
    const { appointment } = await t.given.appointment({ coach, client });
    const api = user(client.id, 'client');
    expect((await api.privacy.room({ appointmentId: appointment.id })).consentNeeded).toBe(true);
    await expect(api.session.join({ appointmentId: appointment.id })).rejects.toThrow(
      /Agree to the transcription notice/,
    );
    await expect(api.privacy.agree({ noticeVersion: 'old', appointmentId: appointment.id })).rejects.toThrow(
      /noticeVersion: is not the current notice/,
    );
    await api.privacy.agree({ noticeVersion: transcriptionNotice.version, appointmentId: appointment.id });
    const consent = await t.db.consent.findFirstOrThrow({ where: { userId: client.id } });
    expect(consent).toMatchObject({ noticeVersion: transcriptionNotice.version, appointmentId: appointment.id });
    expect((await api.privacy.room({ appointmentId: appointment.id })).consentNeeded).toBe(false);
    await api.session.join({ appointmentId: appointment.id });
  });

  test('a client who turns the assistant off joins without agreeing, and no agent is asked in', async () => {
    const coach = await t.given.coach();
    const client = await t.db.user.create({
      data: { email: 'private.member@vagus.example', displayName: 'Private Member', vagusSubscriptionStatus: 'active' },
    });
    const { appointment } = await t.given.appointment({ coach, client });
    const api = user(client.id, 'client');
    await api.privacy.setSessionAssistant({ appointmentId: appointment.id, on: false });
    expect((await api.privacy.room({ appointmentId: appointment.id })).consentNeeded).toBe(false);
    await api.session.join({ appointmentId: appointment.id });
    expect(await t.db.agentAssignment.count({ where: { appointmentId: appointment.id } })).toBe(0);
  });
});

describe('pausing transcription', () => {
  test('segments spoken during a pause are not stored, whenever they arrive; the transcript marks both ends', async () => {
    const { appointment, client, coach } = await t.given.appointment();
    await user(client.id, 'client').session.join({ appointmentId: appointment.id });
    const claimed = await agent().agent.claim({ agentId: 'agent-p', max: 50, holding: [], leaseMs: 30_000 });
    const room = claimed.find((r) => r.appointmentId === appointment.id);
    expect(room).toBeDefined();
    const writer = { appointmentId: appointment.id, agentId: 'agent-p', epoch: room?.epoch ?? 0 };
    const start = Date.now() - 60_000;
    await agent().agent.appendTranscript({ ...writer, segments: [segment(0, new Date(start))] });

    const paused = await user(coach.id, 'coach').privacy.pauseTranscription({ appointmentId: appointment.id });
    expect(paused.transcription).toBe('paused');
    // The agent hears of it at its heartbeat (it may stop sending audio).
    const beat = await agent().agent.heartbeat({
      agentId: 'agent-p',
      appointmentIds: [appointment.id],
      leaseMs: 30_000,
    });
    expect(beat.rooms[0]).toMatchObject({ held: true, transcriptionPaused: true });
    const during = await agent().agent.appendTranscript({
      ...writer,
      segments: [segment(1, new Date(), 'said while paused')],
    });
    expect(during).toMatchObject({ stored: 0, withheld: 1 });
    const insidePause = new Date(Date.now() + 5);
    // Pausing twice is one pause.
    await user(client.id, 'client').privacy.pauseTranscription({ appointmentId: appointment.id });
    await new Promise((r) => setTimeout(r, 20));
    const resumed = await user(client.id, 'client').privacy.resumeTranscription({ appointmentId: appointment.id });
    expect(resumed.transcription).toBe('on');
    const pausedWindowSegment = segment(2, insidePause, 'late delivery of a paused line');
    await agent().agent.appendTranscript({
      ...writer,
      segments: [pausedWindowSegment, segment(3, new Date(Date.now() + 1000), 'after the resume')],
    });

    const lines = await t.db.message.findMany({
      where: { session: { appointmentId: appointment.id }, kind: 'transcript' },
      orderBy: { spokenAt: 'asc' },
      select: { content: true, sender: true },
    });
    expect(lines.map((l) => l.content)).toEqual([
      'line 0',
      expect.stringMatching(/^Transcription paused by Coach /),
      expect.stringMatching(/^Transcription resumed by Client /),
      'after the resume',
    ]);
    const events = await t.db.sessionEvent.findMany({ where: { appointmentId: appointment.id, type: 'privacy' } });
    expect(events.map((e) => (e.payload as { transcription: string }).transcription)).toEqual(['paused', 'on']);
  });
});

describe('turning the assistant off', () => {
  test('only the client can; a live room loses its agent, cannot be claimed and stores nothing more', async () => {
    const { appointment, client, coach } = await t.given.appointment();
    await user(client.id, 'client').session.join({ appointmentId: appointment.id });
    const claimInput = { agentId: 'agent-a', max: 5, holding: [], leaseMs: 30_000 };
    await user(coach.id, 'coach')
      .privacy.setSessionAssistant({ appointmentId: appointment.id, on: false })
      .then(
        () => expect.fail('a coach turned the assistant off'),
        (err: Error) => expect(err.message).toMatch(/Only client accounts/),
      );
    const room = (await agent().agent.claim(claimInput)).find((r) => r.appointmentId === appointment.id);
    expect(room).toBeDefined();

    const off = await user(client.id, 'client').privacy.setSessionAssistant({
      appointmentId: appointment.id,
      on: false,
    });
    expect(off.assistant).toMatchObject({ on: false, offThisSession: true });
    const beat = await agent().agent.heartbeat({
      agentId: 'agent-a',
      appointmentIds: [appointment.id],
      leaseMs: 30_000,
    });
    expect(beat.rooms[0]?.held).toBe(false);
    expect((await agent().agent.claim(claimInput)).map((r) => r.appointmentId)).not.toContain(appointment.id);
    // Even from the agent that held the room, spoken before it heard of the switch.
    const after = await agent().agent.appendTranscript({
      appointmentId: appointment.id,
      agentId: 'agent-a',
      epoch: room?.epoch ?? 0,
      segments: [segment(9, new Date())],
    });
    expect(after.stored).toBe(0);
  });

  test('for good: no session of that client can be claimed', async () => {
    const { appointment, client } = await t.given.appointment();
    await user(client.id, 'client').privacy.setAssistantForGood({ on: false });
    await user(client.id, 'client').session.join({ appointmentId: appointment.id });
    // Even a stale request row (made before the switch) is never handed out.
    await t.db.agentAssignment.create({ data: { appointmentId: appointment.id, roomId: appointment.roomId } });
    const claimed = await agent().agent.claim({ agentId: 'agent-b', max: 50, holding: [], leaseMs: 30_000 });
    expect(claimed.map((r) => r.appointmentId)).not.toContain(appointment.id);
    expect((await user(client.id, 'client').privacy.room({ appointmentId: appointment.id })).assistant).toMatchObject({
      on: false,
      offForGood: true,
    });
  });
});
