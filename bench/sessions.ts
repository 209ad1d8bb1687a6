// Live-session benchmarks: transcript ingest through batched HTTP (segments per second) and
// latency from append to delivery on a subscriber (p50, p99), across a real LISTEN/NOTIFY hop.
import { createServiceClient } from '@hybridcoach/api/client';
import { createBrowserClient, startTestServer } from '@hybridcoach/web/testing';
import superjson from 'superjson';
import { startBenchDatabase } from './database';
import { type BenchResult, log, paired, pairedMetrics, percentile } from './lib';
import { answerHeaders, startTwinServer } from './twin-server';

const TOKEN = 'bench-agent-token-0123456789abcdef012345';
const BATCHES = 100;
const BATCH = 50;
const LATENCY_SAMPLES = 300;

export async function sessionsBench(): Promise<BenchResult> {
  const bench = await startBenchDatabase(20);
  const now = new Date();
  // Two server processes' worth of plumbing: the agent writes to one, the participant listens on the other.
  const writer = await startTestServer({ db: bench.db, serviceTokens: { agent: TOKEN }, databaseUrl: bench.url });
  const reader = await startTestServer({ db: bench.db, databaseUrl: bench.url });
  try {
    const { db } = bench;
    const coach = await db.user.create({ data: { email: 'c@ultra.example', displayName: 'Coach', role: 'coach' } });
    const client = await db.user.create({
      data: { email: 'k@vagus.example', displayName: 'Client', vagusSubscriptionStatus: 'active' },
    });
    const appointment = await db.appointment.create({
      data: {
        coachId: coach.id,
        clientId: client.id,
        scheduledFor: new Date(now.getTime() - 60_000),
        durationMin: 60,
        endsAt: new Date(now.getTime() + 59 * 60_000),
        roomId: 'session-bench',
        status: 'active',
      },
    });
    await db.session.create({ data: { appointmentId: appointment.id, startedAt: now } });
    await db.sessionParticipant.create({
      data: { appointmentId: appointment.id, identity: client.id, role: 'client', joinedAt: now },
    });
    await db.agentAssignment.create({ data: { appointmentId: appointment.id, roomId: appointment.roomId } });
    const agent = createServiceClient({ url: writer.url, token: TOKEN });
    // Every write carries the claim it is made under (checked before the insert).
    const [claim] = await agent.agent.claim.mutate({ agentId: 'bench-agent', max: 1, leaseMs: 600_000 });
    const writerClaim = { agentId: 'bench-agent', epoch: claim?.epoch ?? 1 };

    let seq = 0;
    const segment = () => ({
      idempotencyKey: `bench-${seq}`,
      seq: seq++,
      speaker: 'client' as const,
      content: 'I have been practising the longer exhale every morning this week.',
      spokenAt: new Date(),
      confidence: 0.93,
      isFinal: true,
    });
    const ingestStarted = performance.now();
    for (let b = 0; b < BATCHES; b++) {
      await agent.agent.appendTranscript.mutate({
        appointmentId: appointment.id,
        ...writerClaim,
        segments: Array.from({ length: BATCH }, segment),
      });
    }
    const ingestPerSecond = (BATCHES * BATCH) / ((performance.now() - ingestStarted) / 1000);
    log('ingest', { segmentsPerSecond: ingestPerSecond });

    // A batch of 50 over HTTP against its twin (a plain Fastify route: the same read, the locks,
    // the claim check and one unnest statement on kept pg connections), the same fetch client,
    // after ANALYZE.
    await db.$executeRawUnsafe('ANALYZE');
    const twin = await startTwinServer(bench.url, 10, () => new Date(), TOKEN);
    const batch = () => ({
      appointmentId: appointment.id,
      ...writerClaim,
      segments: Array.from({ length: BATCH }, segment),
    });
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const post = async (url: string, body: string) => {
      const response = await fetch(url, { method: 'POST', headers, body });
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      return response.json();
    };
    const probe = await fetch(`${writer.url}/trpc/agent.appendTranscript`, {
      method: 'POST',
      headers,
      body: JSON.stringify(superjson.serialize(batch())),
    });
    if (!probe.ok) throw new Error(`agent.appendTranscript: ${probe.status} ${await probe.text()}`);
    twin.answerWith(answerHeaders(probe));
    const appendBatch = await paired(
      100,
      () => post(`${writer.url}/trpc/agent.appendTranscript`, JSON.stringify(superjson.serialize(batch()))),
      () => post(`${twin.url}/transcript`, JSON.stringify(batch())),
      10,
    );
    await twin.close();
    log('append batch vs twin', {
      ours: appendBatch.oursMedian,
      twin: appendBatch.twinMedian,
      ratio: appendBatch.ratio,
    });

    const participant = createBrowserClient(reader.url).client;
    await participant.dev.signInAs.mutate({ userId: client.id });
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let lastEventId: string | null =
      (
        await db.sessionEvent.findFirst({ where: { appointmentId: appointment.id }, orderBy: { id: 'desc' } })
      )?.id.toString() ?? null;
    const done = new Promise<void>((resolve) => {
      const sub = participant.session.events.subscribe(
        { appointmentId: appointment.id, lastEventId },
        {
          onData: (event) => {
            lastEventId = event.id;
            const key = event.data.type === 'message' ? event.data.message.content : '';
            const started = sentAt.get(key);
            if (started !== undefined) latencies.push(performance.now() - started);
            if (latencies.length >= LATENCY_SAMPLES) {
              sub.unsubscribe();
              resolve();
            }
          },
        },
      );
    });
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const content = `latency probe ${i}`;
      sentAt.set(content, performance.now());
      await agent.agent.appendTranscript.mutate({
        appointmentId: appointment.id,
        ...writerClaim,
        segments: [{ ...segment(), content }],
      });
      await new Promise((r) => setTimeout(r, 5));
    }
    await done;
    log('latency', { p50: percentile(latencies, 50), p99: percentile(latencies, 99) });
    return {
      suite: 'sessions',
      metrics: {
        transcriptIngestSegmentsPerSecond: {
          value: Math.round(ingestPerSecond),
          unit: 'segments/s',
          note: `${BATCHES} sequential batches of ${BATCH} over HTTP (tRPC, agent token), each stored idempotently with its event`,
        },
        appendToDeliveryP50Ms: {
          value: Math.round(percentile(latencies, 50) * 10) / 10,
          unit: 'ms',
          note: 'agent append on server A → SSE delivery to a participant on server B (LISTEN/NOTIFY)',
        },
        appendToDeliveryP99Ms: { value: Math.round(percentile(latencies, 99) * 10) / 10, unit: 'ms' },
        ...pairedMetrics(
          'appendTranscriptBatch50',
          appendBatch,
          'agent.appendTranscript, 50 new segments, over HTTP (fetch of the tRPC URL, agent token, superjson)',
          "a plain Fastify route: the same read, then the locks, the claim check (FOR SHARE) and one INSERT … unnest statement (messages, events, notify) on kept pg connections; our answer's headers",
        ),
      },
    };
  } finally {
    await writer.close();
    await reader.close();
    await bench.close();
  }
}
