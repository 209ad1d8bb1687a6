import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger, type Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import { type GivenProfile, given, testKeys } from '@hybridcoach/db/testing';
import { createBrowserClient, startTestServer, type TestServer } from '@hybridcoach/web/testing';
import type { RoomServiceOptions } from '../agent';
import type { DeepgramSettings } from '../config';
import type { RoomTransport } from '../transport/room-transport';
import type { DeepgramStandin } from './deepgram-standin';

export const AGENT_TOKEN = 'agent-token-for-tests-0123456789abcdef';
export const DEEPGRAM_KEY = 'dg-test-key-0123456789';
export const LIVEKIT = {
  url: 'wss://livekit.test',
  apiKey: 'APItestkey',
  apiSecret: 'test-secret-that-is-long-enough-0123456789',
};

/**
 * The real web server as the agent tests use it, over the file's database: the agent's service
 * token, its own LISTEN connection (room feeds) and LiveKit configured (rooms are LiveKit rooms).
 */
export function startAgentTestServer(db: Db, databaseUrl: string, port?: number): Promise<TestServer> {
  return startTestServer({
    db,
    serviceTokens: { agent: AGENT_TOKEN },
    databaseUrl,
    settings: { livekit: LIVEKIT },
    port,
  });
}

export function testLogger(name: string): Logger {
  return createLogger(name, process.env.TEST_LOG_LEVEL ?? 'silent');
}

/** The server's clock, movable by tests (timer warnings, session end). */
export class TestClock {
  offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  advanceTo(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }
}

/** A coach, a client (with an optional profile) and an appointment that started 5 minutes ago. */
export async function createRoom(
  db: Db,
  options: { startOffsetMin?: number; durationMin?: number; profile?: GivenProfile } = {},
) {
  const made = given(db, testKeys);
  const client = await made.client({}, options.profile ?? {});
  return made.appointment({
    client,
    startsAt: new Date(Date.now() + (options.startOffsetMin ?? -5) * 60_000),
    durationMin: options.durationMin ?? 30,
  });
}

/** A browser-like tRPC client signed in as `userId`. */
export async function signIn(serverUrl: string, userId: string) {
  const browser = createBrowserClient(serverUrl);
  await browser.client.dev.signInAs.mutate({ userId });
  return browser.client;
}

export type BrowserApi = Awaited<ReturnType<typeof signIn>>;

export async function until(check: () => boolean | Promise<boolean>, ms = 8000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function tempDir(prefix = 'hc-agent-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export function deepgramFor(standin: Pick<DeepgramStandin, 'agentUrl' | 'apiUrl'>): DeepgramSettings {
  return {
    apiKey: DEEPGRAM_KEY,
    agentUrl: standin.agentUrl,
    apiUrl: standin.apiUrl,
    listenModel: 'nova-3',
    thinkProvider: 'open_ai',
    thinkModel: 'gpt-4o-mini',
    voice: 'aura-2-thalia-en',
  };
}

/** Room service settings with test-sized timings: leases in seconds, backoff in tens of ms. */
export function fastRooms(options: {
  dataDir: string;
  transport: RoomTransport | null;
  deepgram: DeepgramSettings | null;
  agentId?: string;
  leaseMs?: number;
  maxRooms?: number;
  claimIntervalMs?: number;
}): RoomServiceOptions {
  return {
    agentId: options.agentId ?? null,
    dataDir: options.dataDir,
    maxRooms: options.maxRooms ?? 5,
    // Long enough that beats delayed by a loaded machine (several test files at once on two
    // cores) still renew it before the agent fences itself; tests of lapsing leases set theirs.
    leaseMs: options.leaseMs ?? 10_000,
    claimIntervalMs: options.claimIntervalMs ?? 50,
    tickMs: 100,
    endGraceMs: 0,
    shutdownFlushMs: 300,
    retry: { baseMs: 30, maxMs: 150 },
    wakePhrase: 'assistant',
    voiceIdleMs: 60_000,
    deepgram: options.deepgram,
    transport: options.transport,
  };
}

/** The stored transcript of an appointment, in spoken order. */
export async function storedTranscript(db: Db, appointmentId: string) {
  return db.message.findMany({
    where: { session: { appointmentId }, kind: 'transcript' },
    orderBy: [{ spokenAt: 'asc' }, { seq: 'asc' }],
    select: {
      content: true,
      sender: true,
      userId: true,
      seq: true,
      idempotencyKey: true,
      spokenAt: true,
      confidence: true,
    },
  });
}
