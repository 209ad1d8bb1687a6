import type { Logger } from '@hybridcoach/config';
import OpenAI from 'openai';
import { recapJsonSchema, type StructuredRecap, structuredRecap } from './recap-schema';

/** OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL: any server speaking OpenAI's chat-completions API. */
export interface ChatCompletionsSettings {
  apiKey: string;
  baseUrl: string;
  model: string;
}

/** What the recap is made from: the session in order, and what the client's record already holds. */
export interface RecapRequest {
  clientName: string;
  coachName: string;
  lines: { speaker: string; role: 'client' | 'coach' | 'assistant'; text: string }[];
  knownFacts: string[];
  knownChallenges: string[];
  activeGoals: { id: string; title: string }[];
}

export interface RecapWriter {
  readonly model: string;
  /** A recap that passed the schema, or throws after `attempts` answers that did not. */
  write(request: RecapRequest, signal?: AbortSignal): Promise<StructuredRecap>;
}

/** The transcript part of a prompt is capped (beginning and end kept): a runaway session must not cost a fortune. */
const MAX_SESSION_CHARS = 150_000;

export const RECAP_SYSTEM_PROMPT = [
  'You are the note-taker of a one-to-one coaching session on HybridCoach. From the transcript and chat,',
  'write a recap that the coach reviews and edits before the client sees it.',
  'Rules: use only what was said in the session; never invent facts, diagnoses, numbers or dates.',
  'Write the summary to the client in the second person, warm and concise (three to six sentences).',
  'Action items say who does what and by when, as it was said (due is null when no time was named).',
  'Suggest homework only for exercises the coach proposed or the client agreed to.',
  'Propose facts and challenges only when the client stated them and they are not in the known lists.',
  'Report goal progress only for the listed active goals the session discussed, with their ids exactly as given.',
  'Lists may be empty. Answer with JSON only, matching the schema.',
].join(' ');

export function recapUserPrompt(request: RecapRequest): string {
  const list = (items: string[]) => (items.length > 0 ? items.map((i) => `- ${i}`).join('\n') : '(none)');
  let session = request.lines.map((l) => `${l.speaker} (${l.role}): ${l.text}`).join('\n');
  if (session.length > MAX_SESSION_CHARS) {
    const half = MAX_SESSION_CHARS / 2;
    session = `${session.slice(0, half)}\n[…]\n${session.slice(-half)}`;
  }
  return [
    `Client: ${request.clientName}`,
    `Coach: ${request.coachName}`,
    `Known facts about the client:\n${list(request.knownFacts)}`,
    `Known challenges:\n${list(request.knownChallenges)}`,
    `Active goals (id: title):\n${list(request.activeGoals.map((g) => `${g.id}: ${g.title}`))}`,
    `Session, in order (speaker (role): words):\n${session}`,
  ].join('\n\n');
}

/**
 * The recap through the official `openai` SDK with a strict JSON schema. Transport failures are
 * the SDK's to retry (once); an answer that is not JSON, or not the schema, is asked for again
 * up to `attempts` times, then this throws and the caller falls back to the extractive recap.
 */
export function createRecapWriter(
  settings: ChatCompletionsSettings,
  deps: { logger: Logger; attempts?: number; timeoutMs?: number },
): RecapWriter {
  const client = new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseUrl,
    maxRetries: 1,
    timeout: deps.timeoutMs ?? 120_000,
  });
  const attempts = deps.attempts ?? 2;
  return {
    model: settings.model,
    async write(request, signal) {
      const goalIds = new Set(request.activeGoals.map((g) => g.id));
      let lastProblem = '';
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const completion = await client.chat.completions.create(
          {
            model: settings.model,
            temperature: 0.2,
            messages: [
              { role: 'system', content: RECAP_SYSTEM_PROMPT },
              { role: 'user', content: recapUserPrompt(request) },
            ],
            response_format: {
              type: 'json_schema',
              json_schema: { name: 'session_recap', strict: true, schema: recapJsonSchema },
            },
          },
          { signal },
        );
        const message = completion.choices[0]?.message;
        const answer = message?.refusal ? { problem: `refused: ${message.refusal}` } : readRecap(message?.content);
        if ('recap' in answer) {
          // A goal id the model made up is dropped, not trusted.
          return { ...answer.recap, goalProgress: answer.recap.goalProgress.filter((g) => goalIds.has(g.goalId)) };
        }
        lastProblem = answer.problem;
        deps.logger.warn({ attempt, attempts, problem: lastProblem.slice(0, 300) }, 'recap answer unusable');
      }
      throw new Error(`the recap model gave no usable answer in ${attempts} attempts: ${lastProblem.slice(0, 300)}`);
    },
  };
}

function readRecap(content: string | null | undefined): { recap: StructuredRecap } | { problem: string } {
  if (!content) return { problem: 'no content' };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { problem: 'not JSON' };
  }
  const result = structuredRecap.safeParse(json);
  if (result.success) return { recap: result.data };
  const issue = result.error.issues[0];
  return { problem: `not the schema: ${issue?.path.join('.')} ${issue?.message}` };
}
