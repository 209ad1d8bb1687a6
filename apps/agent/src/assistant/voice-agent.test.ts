import { DeepgramClient } from '@deepgram/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DeepgramSettings } from '../config';
import { newCounters } from '../metrics';
import { DeepgramStandin } from '../test-support/deepgram-standin';
import { DEEPGRAM_KEY, deepgramFor, testLogger, until } from '../test-support/harness';
import { VoiceAgent } from './voice-agent';
import { buildSettings } from './voice-settings';

let standin: DeepgramStandin;
let settings: DeepgramSettings;

beforeAll(async () => {
  standin = await DeepgramStandin.start({ apiKey: DEEPGRAM_KEY });
  settings = deepgramFor(standin);
});
afterAll(() => standin.close());

function voiceAgent(options: { mode: 'scribe' | 'conversational'; idleMs?: number }) {
  const said: string[] = [];
  const audio: Int16Array[] = [];
  const counters = newCounters();
  const client = new DeepgramClient({
    apiKey: settings.apiKey,
    environment: {
      base: settings.apiUrl,
      production: settings.apiUrl,
      agent: settings.agentUrl,
      agentRest: settings.apiUrl,
    },
  });
  const agent = new VoiceAgent({
    client,
    logger: testLogger('voice-agent-test'),
    counters,
    retry: { baseMs: 20, maxMs: 100 },
    idleMs: options.idleMs ?? 60_000,
    keepOpen: () => options.mode === 'conversational',
    settings: () =>
      buildSettings({
        deepgram: settings,
        mode: options.mode,
        clientContext: '',
        coachName: 'Alex',
        clientName: 'Sam',
        outputSampleRate: 24_000,
        history: [],
      }),
    events: {
      onAssistantText: (content) => said.push(content),
      onAudio: (pcm) => audio.push(pcm),
      onBusy: () => {},
    },
  });
  return { agent, said, audio, counters };
}

describe('the assistant’s Voice Agent connection', () => {
  test('an injection refused while the assistant is speaking (its greeting) is said once the turn is over', async () => {
    const { agent, said } = voiceAgent({ mode: 'conversational' });
    try {
      // Queued before the connection is live: it goes out with SettingsApplied, as the greeting starts.
      agent.say('Five minutes left.');
      agent.open();
      await until(() => said.includes('Five minutes left.'), 8000, 'the warning said');
      expect(standin.refused).toContain('Five minutes left.');
      expect(said).toEqual(["Hello Sam, I'm ready when you are.", 'Five minutes left.']);
    } finally {
      await agent.close();
    }
  });

  test('speech in chunks of odd byte length is put back together sample for sample', async () => {
    const { agent, audio } = voiceAgent({ mode: 'scribe' });
    try {
      agent.ask(() => 'Sam (client): assistant, a quick tip please');
      await until(() => audio.reduce((n, a) => n + a.length, 0) >= 3 * 2400, 8000, 'the answer’s speech');
      const samples = Int16Array.from(audio.flatMap((a) => [...a]));
      // The stand-in speaks a 220 Hz tone at 24 kHz: every sample where it should be.
      for (let i = 0; i < samples.length; i++)
        expect(
          Math.abs((samples[i] ?? 0) - Math.round(6000 * Math.sin((2 * Math.PI * 220 * i) / 24_000))),
        ).toBeLessThanOrEqual(1);
    } finally {
      await agent.close();
    }
  });

  test('a scribe’s unused connection closes; a lost one is replaced only while needed, counted once', async () => {
    const { agent, said, counters } = voiceAgent({ mode: 'scribe', idleMs: 300 });
    try {
      agent.ask(() => 'Sam (client): assistant, are you there');
      await until(() => said.length === 1, 8000, 'the answer');
      const connections = standin.agentConnections.length;
      await until(() => agent.state === 'idle', 5000, 'the idle connection to close');
      expect(counters.voiceReconnects).toBe(0);
      // Asked again: a new connection. Lost in the middle of a turn: replaced, and the question goes again.
      standin.thinkMs = 500;
      agent.ask(() => 'Sam (client): assistant, one more thing');
      await until(
        () => standin.agentConnections.length === connections + 1 && agent.state === 'live',
        5000,
        'reconnected',
      );
      await until(() => standin.injected.some((i) => i.content.endsWith('one more thing')), 5000, 'the question sent');
      standin.drop('agent');
      await until(() => said.length === 2, 8000, 'the answer after the reconnection');
      expect(counters.voiceReconnects).toBe(1);
    } finally {
      standin.thinkMs = 20;
      await agent.close();
    }
  });
});
