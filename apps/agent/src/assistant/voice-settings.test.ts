import { describe, expect, test } from 'vitest';
import type { DeepgramSettings } from '../config';
import { buildSettings, COACHING_PURPOSE, CONVERSATIONAL_PURPOSE } from './voice-settings';

const deepgram: DeepgramSettings = {
  apiKey: 'k',
  agentUrl: 'wss://agent.deepgram.com',
  apiUrl: 'https://api.deepgram.com',
  listenModel: 'nova-3',
  thinkProvider: 'open_ai',
  thinkModel: 'gpt-4o-mini',
  voice: 'aura-2-thalia-en',
};
const base = {
  deepgram,
  mode: 'scribe' as const,
  clientContext: 'Client: Sam\nGoals: Run a 5k',
  coachName: 'Alex',
  clientName: 'Sam',
  outputSampleRate: 24_000,
};
const promptOf = (settings: ReturnType<typeof buildSettings>) => {
  const think = settings.agent.think;
  return Array.isArray(think) ? '' : (think?.prompt ?? '');
};

describe('voice agent settings', () => {
  test('carry the note-taking purpose, the people and the client context; a scribe never greets', () => {
    const settings = buildSettings({ ...base, history: [] });
    const prompt = promptOf(settings);
    expect(prompt.startsWith(COACHING_PURPOSE)).toBe(true);
    expect(prompt).not.toContain(CONVERSATIONAL_PURPOSE);
    expect(prompt).toContain('The coach is Alex; the client is Sam.');
    expect(prompt).toContain('Goals: Run a 5k');
    expect(settings.agent.greeting).toBeUndefined();
    expect(settings.agent.context).toBeUndefined();
    expect(settings.audio.output).toEqual({ encoding: 'linear16', sample_rate: 24_000, container: 'none' });
    expect(settings.agent.speak).toEqual({ provider: { type: 'deepgram', model: 'aura-2-thalia-en' } });
  });

  test('a conversational session greets once, at its start, and says it answers every turn', () => {
    const first = buildSettings({ ...base, mode: 'conversational', history: [] });
    expect(first.agent.greeting).toContain('Sam');
    expect(promptOf(first)).toContain(CONVERSATIONAL_PURPOSE);
    const later = buildSettings({
      ...base,
      mode: 'conversational',
      history: [{ role: 'user', content: 'Sam (client): hello' }],
    });
    expect(later.agent.greeting).toBeUndefined();
  });

  test('the conversation so far goes along (its last forty turns) instead of a greeting', () => {
    const history = Array.from(
      { length: 50 },
      (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `turn ${i}` }) as const,
    );
    const settings = buildSettings({ ...base, history });
    expect(settings.agent.context?.messages).toHaveLength(40);
    expect(settings.agent.context?.messages?.at(-1)).toEqual({
      type: 'History',
      role: 'assistant',
      content: 'turn 49',
    });
  });

  test('say so when nothing is known about the client yet', () => {
    expect(promptOf(buildSettings({ ...base, clientContext: '', history: [] }))).toContain('(nothing recorded yet)');
  });
});
