import type { Deepgram } from '@deepgram/sdk';
import type { DeepgramSettings } from '../config';

export type VoiceAgentSettings = Deepgram.agent.AgentV1Settings;

export interface ConversationTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** Why the agent is in the room; the client's context follows it in the prompt. */
export const COACHING_PURPOSE = [
  'You are the HybridCoach assistant, present in a live one-to-one coaching session between a coach and their client.',
  'The coach leads the session. Your purpose is to support the coaching: keep track of what the client shares,',
  'recall their goals, challenges and what was agreed last time, and offer a short reflection, question or',
  'exercise when someone asks you. Speak briefly (one or two sentences), warmly and plainly; never diagnose,',
  'never give medical advice, and defer to the coach. If you were not addressed, answer with a very short',
  'acknowledgement at most.',
].join(' ');

export interface SettingsInput {
  deepgram: DeepgramSettings;
  /** The client's context lines (agent.clientContext's prompt). */
  clientContext: string;
  coachName: string;
  clientName: string;
  inputSampleRate: number;
  outputSampleRate: number;
  /** What was said before a reconnect, so the conversation continues where it was. */
  history: ConversationTurn[];
}

/** At most this many earlier turns go back to the Voice Agent API after a reconnect. */
const HISTORY_TURNS = 40;

export function buildPrompt(input: Pick<SettingsInput, 'clientContext' | 'coachName' | 'clientName'>): string {
  return [
    COACHING_PURPOSE,
    `The coach is ${input.coachName}; the client is ${input.clientName}.`,
    'What is known about the client:',
    input.clientContext.trim() || '(nothing recorded yet)',
  ].join('\n\n');
}

/** The Settings message: raw linear16 both ways, the coaching prompt, and any history. */
export function buildSettings(input: SettingsInput): VoiceAgentSettings {
  const history = input.history.slice(-HISTORY_TURNS);
  return {
    type: 'Settings',
    tags: ['hybridcoach'],
    audio: {
      input: { encoding: 'linear16', sample_rate: input.inputSampleRate },
      output: { encoding: 'linear16', sample_rate: input.outputSampleRate, container: 'none' },
    },
    agent: {
      ...(history.length > 0
        ? {
            context: { messages: history.map((t) => ({ type: 'History' as const, role: t.role, content: t.content })) },
          }
        : { greeting: `Hello ${input.clientName} and ${input.coachName}, I'm here to help if you need me.` }),
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
