import path from 'node:path';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { startTestServer, type TestServer } from '@hybridcoach/web/testing';
import { devToolsStaticDir } from '@hybridcoach/web/testing/app-server';
import { fakeMediaArgs, launchBrowser } from '@hybridcoach/web/testing/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningAgent, startAgent } from './agent';
import { DeepgramStandin } from './test-support/deepgram-standin';
import {
  AGENT_TOKEN,
  DEEPGRAM_KEY,
  deepgramFor,
  fastRooms,
  storedTranscript,
  tempDir,
  testLogger,
  until,
} from './test-support/harness';
import { writeToneWav } from './test-support/tone-wav';
import { RelayTransport } from './transport/relay-transport';

/**
 * Two real browsers, each with its own fake microphone: the client's plays a low tone, the
 * coach's a high one (Chromium loops a WAV file as the microphone). The stand-in says "low tone"
 * for the one and "high tone" for the other, whichever stream it arrives on — so a transcript in
 * the right names proves each browser's audio reached the agent on its own and was attributed to
 * its own speaker.
 */
const LOW = { hz: 440, text: 'This is the low tone.' };
const HIGH = { hz: 1300, text: 'This is the high tone.' };

const t = useTestDatabase();
let server: TestServer;
let standin: DeepgramStandin;
let agent: RunningAgent;
const browsers: Browser[] = [];

beforeAll(async () => {
  // No LiveKit: a peer-to-peer room, the microphones through the relay.
  server = await startTestServer({
    db: t.db,
    databaseUrl: t.url,
    serviceTokens: { agent: AGENT_TOKEN },
    staticDir: devToolsStaticDir,
  });
  standin = await DeepgramStandin.start({ apiKey: DEEPGRAM_KEY });
  standin.hearTone(LOW.hz, LOW.text);
  standin.hearTone(HIGH.hz, HIGH.text);
  agent = await startAgent({
    apiUrl: server.url,
    token: AGENT_TOKEN,
    logger: testLogger('agent-relay-test'),
    health: { host: '127.0.0.1', port: 0 },
    rooms: {
      ...fastRooms({ dataDir: await tempDir(), transport: null, deepgram: deepgramFor(standin) }),
      relay: new RelayTransport({ apiUrl: server.url, token: AGENT_TOKEN }),
    },
  });
  const wavs = await tempDir('hc-relay-wav-');
  for (const tone of [LOW, HIGH]) {
    const file = path.join(wavs, `${tone.hz}.wav`);
    await writeToneWav(file, { hz: tone.hz });
    browsers.push(await launchBrowser(fakeMediaArgs(file)));
  }
});
afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  await agent.stop();
  await standin.close();
  await server.close();
});

async function enter(browser: Browser, name: string, appointmentId: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const target = `/room/${appointmentId}`;
  await page.goto(`${server.url}/dev/sign-in?redirect=${encodeURIComponent(target)}`);
  await page.getByRole('button', { name: new RegExp(`Sign in as ${name}`) }).click();
  await page.waitForURL(`${server.url}${target}`);
  await page.getByRole('button', { name: 'Join the session' }).click();
  await page.getByRole('region', { name: 'Video call' }).waitFor();
  return page;
}

describe('transcription in a peer-to-peer room, through the relay', () => {
  test("each browser's microphone reaches the agent on its own and is stored in its speaker's name", async () => {
    const { appointment, client, coach } = await t.given.appointment({
      startsAt: new Date(Date.now() - 2 * 60_000),
    });
    const [low, high] = browsers;
    if (!low || !high) throw new Error('two browsers start in beforeAll');
    const clientPage = await enter(low, client.displayName, appointment.id);
    const coachPage = await enter(high, coach.displayName, appointment.id);
    try {
      // The agent claimed the room and listens: each page says its microphone is transcribed.
      for (const page of [clientPage, coachPage]) await page.getByText('Transcribing you').waitFor({ timeout: 30_000 });

      await until(
        async () => {
          const stored = await storedTranscript(t.db, appointment.id);
          return (
            stored.filter((s) => s.sender === 'client').length >= 2 &&
            stored.filter((s) => s.sender === 'coach').length >= 2
          );
        },
        45_000,
        'two utterances of each person stored',
      );
      const stored = await storedTranscript(t.db, appointment.id);
      for (const segment of stored) {
        const mine = segment.sender === 'client' ? [client.id, LOW.text] : [coach.id, HIGH.text];
        expect([segment.sender, segment.userId, segment.content]).toEqual([segment.sender, ...mine]);
      }
      // One speech-to-text stream per person, never both tones on one.
      const streams = standin.listens.filter((l) => l.finals.length > 0);
      expect(streams.length).toBeGreaterThanOrEqual(2);
      for (const stream of streams) expect(new Set(stream.finals).size).toBe(1);

      // Both pages show the transcript as it is stored, in the speakers' names.
      const transcript = coachPage.getByRole('log', { name: 'Live transcript' });
      await transcript.getByText(LOW.text).first().waitFor();
      await transcript.getByText(HIGH.text).first().waitFor();

      // The client mutes: their stream closes, and nothing more of theirs is stored.
      await clientPage.getByRole('button', { name: 'Mute microphone' }).click();
      await new Promise((r) => setTimeout(r, 1500));
      const mutedAt = (await storedTranscript(t.db, appointment.id)).filter((s) => s.sender === 'client').length;
      await new Promise((r) => setTimeout(r, 5000));
      const later = await storedTranscript(t.db, appointment.id);
      expect(later.filter((s) => s.sender === 'client').length).toBe(mutedAt);
    } finally {
      await clientPage.context().close();
      await coachPage.context().close();
    }
  });
});
