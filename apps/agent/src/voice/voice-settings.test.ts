import { describe, expect, test } from 'vitest';
import type { DeepgramSettings } from '../config';
import { buildSettings, COACHING_PURPOSE } from './voice-settings';

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
  clientContext: 'Client: Sam\nGoals: Run a 5k',
  coachName: 'Alex',
  clientName: 'Sam',
  inputSampleRate: 16_000,
  outputSampleRate: 24_000,
};

describe('voice agent settings', () => {
  test('carry the coaching purpose, the people and the client context in the prompt, and greet once', () => {
    const settings = buildSettings({ ...base, history: [] });
    const think = settings.agent.think;
    const prompt = Array.isArray(think) ? '' : (think?.prompt ?? '');
    expect(prompt.startsWith(COACHING_PURPOSE)).toBe(true);
    expect(prompt).toContain('The coach is Alex; the client is Sam.');
    expect(prompt).toContain('Goals: Run a 5k');
    expect(settings.agent.greeting).toContain('Sam');
    expect(settings.agent.context).toBeUndefined();
    expect(settings.agent.listen?.provider).toMatchObject({ type: 'deepgram', model: 'nova-3' });
    expect(settings.agent.speak).toEqual({ provider: { type: 'deepgram', model: 'aura-2-thalia-en' } });
  });

  test('after a reconnect, carry the conversation so far instead of greeting again', () => {
    const history = Array.from(
      { length: 50 },
      (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `turn ${i}` }) as const,
    );
    const settings = buildSettings({ ...base, history });
    expect(settings.agent.greeting).toBeUndefined();
    expect(settings.agent.context?.messages).toHaveLength(40);
    expect(settings.agent.context?.messages?.at(-1)).toEqual({
      type: 'History',
      role: 'assistant',
      content: 'turn 49',
    });
  });

  test('say so when nothing is known about the client yet', () => {
    const settings = buildSettings({ ...base, clientContext: '', history: [] });
    const think = settings.agent.think;
    expect(Array.isArray(think) ? '' : think?.prompt).toContain('(nothing recorded yet)');
  });
});
