// Transcription relay (peer-to-peer rooms, no LiveKit), against the built web server in its own
// process on embedded PostgreSQL:
// 1. Latency, browser → agent: each room's two speakers send their microphone as the browser
//    does (a WebSocket with the session cookie and Origin, 16 kHz PCM in 20 ms frames, in real
//    time) and the agent's own RelayTransport receives it; per frame, from the send to the
//    agent's onAudio. The browser's capture buffer (one 20 ms frame in the AudioWorklet) comes
//    before this and is not included.
// 2. Web server CPU per relayed room: process_cpu_seconds_total of the server over the steady
//    period with ROOMS rooms relaying at once, minus the same server idle, divided by ROOMS.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createServiceClient } from '@hybridcoach/api/client';
import { type AppProcess, startAppProcess } from '@hybridcoach/config';
import { given, testKeys, testKeyText } from '@hybridcoach/db/testing';
import { createBrowserClient } from '@hybridcoach/web/testing';
import WebSocket from 'ws';
import { RelayTransport } from '../apps/agent/src/transport/relay-transport';
import type { RoomConnection } from '../apps/agent/src/transport/room-transport';
import { type BenchDatabase, freePort, startBenchDatabase } from './database';
import { type BenchResult, log, percentile } from './lib';

const AGENT_TOKEN = 'bench-agent-token-0123456789abcdef012345';
const METRICS_TOKEN = 'bench-metrics-token-0123456789abcdef0123';
const ROOMS = Number(process.env.BENCH_RELAY_ROOMS ?? 10);
const SECONDS = Number(process.env.BENCH_RELAY_SECONDS ?? 15);
const IDLE_SECONDS = 5;
const WARMUP_SECONDS = 2;
const FRAME = 320; // 20 ms at 16 kHz

async function webServer(bench: BenchDatabase): Promise<AppProcess> {
  const port = await freePort();
  return startAppProcess(
    'relay-bench-web',
    'web',
    {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: bench.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'hc-relay-bench-')),
      ENCRYPTION_KEYS: testKeyText,
      AGENT_SERVICE_TOKEN: AGENT_TOKEN,
      SWEEP_INTERVAL_SECONDS: '600',
      METRICS_TOKEN,
    },
    port,
  );
}

async function cpuSeconds(server: AppProcess): Promise<number> {
  const text = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then(
    (r) => r.text(),
  );
  return Number(text.match(/^process_cpu_seconds_total\{[^}]*\} ([\d.e+-]+)$/m)?.[1] ?? Number.NaN);
}

interface Speaker {
  socket: WebSocket;
  identity: string;
  /** performance.now() when each frame (by its sequence number) was sent. */
  sentAt: Map<number, number>;
  seq: number;
}

/** A live room with both people joined, the agent's relay socket, and both speakers' sockets. */
async function relayedRoom(bench: BenchDatabase, server: AppProcess, agentId: string) {
  const { appointment, client, coach } = await given(bench.db, testKeys).appointment({
    startsAt: new Date(Date.now() - 5 * 60_000),
  });
  const speakers: Speaker[] = [];
  for (const person of [client, coach]) {
    const browser = createBrowserClient(server.url);
    await browser.client.dev.signInAs.mutate({ userId: person.id });
    await browser.client.session.join.mutate({ appointmentId: appointment.id });
    const cookie = [...browser.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/relay/${appointment.id}`, {
      headers: { cookie, origin: server.url },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) => reject(new Error(`relay refused: ${res.statusCode}`)));
    });
    speakers.push({ socket, identity: person.id, sentAt: new Map(), seq: 0 });
  }
  return { appointmentId: appointment.id, speakers, agentId };
}

export async function relayBench(): Promise<BenchResult> {
  const bench = await startBenchDatabase();
  const server = await webServer(bench);
  const connections: RoomConnection[] = [];
  try {
    const agentId = 'relay-bench-agent';
    const rooms = [];
    for (let i = 0; i < ROOMS; i++) rooms.push(await relayedRoom(bench, server, agentId));
    const agentApi = createServiceClient({ url: server.url, token: AGENT_TOKEN });
    const claimed = await agentApi.agent.claim.mutate({ agentId, max: ROOMS, leaseMs: 10 * 60_000 });
    if (claimed.length !== ROOMS) throw new Error(`claimed ${claimed.length} of ${ROOMS} rooms`);

    // Idle: the sockets open, nothing sent.
    const idleFrom = await cpuSeconds(server);
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const idleCpuPerSecond = ((await cpuSeconds(server)) - idleFrom) / IDLE_SECONDS;

    const latencies: number[] = [];
    let measuring = false;
    const transport = new RelayTransport({ apiUrl: server.url, token: AGENT_TOKEN });
    for (const room of rooms) {
      const relay = claimed.find((c) => c.appointmentId === room.appointmentId)?.relay;
      if (!relay) throw new Error('a claim without a relay: is LiveKit configured?');
      connections.push(
        await transport.join(
          { roomId: room.appointmentId, ...relay },
          { inputSampleRate: 16_000, outputSampleRate: 24_000, subscribeAudio: true },
          {
            onAudio: (participant, frame) => {
              const at = performance.now();
              const speaker = room.speakers.find((s) => s.identity === participant.identity);
              const sent = speaker?.sentAt.get(frame[0] ?? -1);
              if (sent === undefined || !speaker) return;
              speaker.sentAt.delete(frame[0] ?? -1);
              if (measuring) latencies.push(at - sent);
            },
            onAudioEnded: () => {},
            onParticipantJoined: () => {},
            onParticipantLeft: () => {},
            onDisconnected: (reason) => log('relay lost', { reason }),
          },
        ),
      );
    }
    // Every speaker sends a 20 ms frame every 20 ms, its sequence number in the first sample.
    const pcm = new Int16Array(FRAME);
    for (let i = 1; i < FRAME; i++) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 16_000));
    const speakers = rooms.flatMap((r) => r.speakers);
    let sentWhileMeasuring = 0;
    const timer = setInterval(() => {
      if (measuring) sentWhileMeasuring += speakers.length;
      for (const speaker of speakers) {
        speaker.seq = (speaker.seq + 1) % 32_768;
        pcm[0] = speaker.seq;
        speaker.sentAt.set(speaker.seq, performance.now());
        speaker.socket.send(pcm);
      }
    }, 20);
    await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
    measuring = true;
    const busyFrom = await cpuSeconds(server);
    const ownFrom = process.cpuUsage();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const busyCpuPerSecond = ((await cpuSeconds(server)) - busyFrom) / SECONDS;
    measuring = false;
    clearInterval(timer);
    const own = process.cpuUsage(ownFrom);
    // Frames in flight at the end arrive now; none may be lost.
    await new Promise((r) => setTimeout(r, 500));
    const lost = speakers.reduce(
      (n, s) => n + [...s.sentAt.values()].filter((t) => t < performance.now() - 500).length,
      0,
    );
    for (const speaker of speakers) speaker.socket.close();

    const perRoom = (busyCpuPerSecond - idleCpuPerSecond) / ROOMS;
    log('relay measured', { frames: latencies.length, perRoomCorePercent: perRoom * 100 });
    return {
      suite: 'relay',
      metrics: {
        relayLatencyP50Ms: {
          value: round(percentile(latencies, 50)),
          unit: 'ms',
          note: `speaker socket send → agent onAudio, ${ROOMS} rooms × 2 speakers in real time (${latencies.length} frames)`,
        },
        relayLatencyP99Ms: { value: round(percentile(latencies, 99)), unit: 'ms' },
        relayLatencyMaxMs: { value: round(Math.max(...latencies)), unit: 'ms' },
        relayFramesLost: {
          value: lost,
          unit: 'frames',
          note: `of ${sentWhileMeasuring} sent while measuring (the sender's timer ticks late on a loaded machine: fewer than ${ROOMS * 2 * 50 * SECONDS} is not loss)`,
        },
        webCpuPerRelayedRoomPercent: {
          value: round(perRoom * 100),
          unit: '% of one core',
          note: `web server process (process_cpu_seconds_total), ${ROOMS} rooms at once minus idle, two speakers at 32 kB/s each`,
        },
        webCpuIdlePercent: { value: round(idleCpuPerSecond * 100), unit: '% of one core' },
        webCpuBusyPercent: { value: round(busyCpuPerSecond * 100), unit: '% of one core' },
        loadGeneratorCpuPercent: {
          value: round(((own.user + own.system) / 1e6 / SECONDS) * 100),
          unit: '% of one core',
          note: 'this process: speakers and the agent side, on the same machine',
        },
      },
    };
  } finally {
    await Promise.all(connections.map((c) => c.leave()));
    await server.stop();
    await bench.close();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
