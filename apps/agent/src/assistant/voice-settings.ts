import type { Deepgram } from '@deepgram/sdk';
import type { AssistantMode } from '@hybridcoach/api/wire';
import type { DeepgramSettings } from '../config';

export type VoiceAgentSettings = Deepgram.agent.AgentV1Settings;

/** One turn of the conversation as the assistant's language model sees it. */
export interface ConversationTurn {
  role: 'user' | 'assistant';
  /** For people: "Name (role): what they said". */
  content: string;
}

/** Why the assistant is in the room; the client's context follows it in the prompt. */
export const COACHING_PURPOSE = [
  'You are the HybridCoach assistant, present in a live one-to-one coaching session between a coach and their client.',
  'You are a note-taker first: everything said is transcribed, and you speak only when someone addresses you.',
  'The coach leads the session. When asked, support the coaching: recall the client’s goals, challenges and what was',
  'agreed last time, and offer a short reflection, question or exercise. Speak briefly (one or two sentences), warmly',
  'and plainly; never diagnose, never give medical advice, and defer to the coach.',
  'What you receive quotes the room, one line per utterance, each starting with who said it; answer the last line.',
].join(' ');

/** Added when a client practises with the assistant alone. */
export const CONVERSATIONAL_PURPOSE =
  'In this session the client is practising with you: answer every turn, briefly, as a supportive coach would.';

export interface SettingsInput {
  deepgram: DeepgramSettings;
  mode: AssistantMode;
  /** The client's context lines (agent.clientContext's prompt). */
  clientContext: string;
  coachName: string;
  clientName: string;
  /** Rate of the assistant's speech (the room plays it). */
  outputSampleRate: number;
  /** The conversation so far (stored, or heard since): the assistant continues it, and never greets twice. */
  history: ConversationTurn[];
}

/** At most this many earlier turns go with the Settings. */
const HISTORY_TURNS = 40;

export function buildPrompt(input: Pick<SettingsInput, 'clientContext' | 'coachName' | 'clientName' | 'mode'>): string {
  return [
    COACHING_PURPOSE,
    ...(input.mode === 'conversational' ? [CONVERSATIONAL_PURPOSE] : []),
    `The coach is ${input.coachName}; the client is ${input.clientName}.`,
    'What is known about the client:',
    input.clientContext.trim() || '(nothing recorded yet)',
  ].join('\n\n');
}

/**
 * The Settings message: linear16 speech out, the coaching prompt, and the conversation so far.
 * The assistant hears nothing by itself (each participant is transcribed on their own stream);
 * what it should answer is injected. It greets only in a conversational session that has not
 * started yet.
 */
export function buildSettings(input: SettingsInput): VoiceAgentSettings {
  const history = input.history.slice(-HISTORY_TURNS);
  const greet = input.mode === 'conversational' && input.history.length === 0;
  return {
    type: 'Settings',
    tags: ['hybridcoach'],
    audio: {
      input: { encoding: 'linear16', sample_rate: 16_000 },
      output: { encoding: 'linear16', sample_rate: input.outputSampleRate, container: 'none' },
    },
    agent: {
      ...(history.length > 0
        ? {
            context: { messages: history.map((t) => ({ type: 'History' as const, role: t.role, content: t.content })) },
          }
        : {}),
      ...(greet ? { greeting: `Hello ${input.clientName}, I'm ready when you are.` } : {}),
      listen: { provider: { type: 'deepgram', version: 'v1', model: input.deepgram.listenModel, smart_format: true } },
      think: {
        provider: {
          type: input.deepgram.thinkProvider,
          model: input.deepgram.thinkModel,
        } as Deepgram.ThinkSettingsV1Provider,
        prompt: buildPrompt(input),
      },
      speak: { provider: { type: 'deepgram', model: input.deepgram.voice } },
    },
  };
}
