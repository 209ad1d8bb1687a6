import { DeepgramClient } from '@deepgram/sdk';
import type { RecapWriter, StructuredRecap } from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import { extractiveRecap, type RecapLine } from './extractive-recap';
import type { SummaryLine } from './extractive-summary';
import { summarizeSession } from './summarize-session';

/** What was said and written in a completed session, as `postSession.start` gives it. */
export interface SessionText {
  appointmentId: string;
  clientName: string;
  coachName: string;
  knownFacts: string[];
  knownChallenges: string[];
  activeGoals: { id: string; title: string }[];
  lines: { kind: string; sender: string; speaker: string; content: string; at: Date }[];
}

export interface PostSessionOutcome {
  summary: string | null;
  topics: string[];
  /** Where the summary and topics came from, for the job's output and logs. */
  source: 'deepgram' | 'extractive' | 'llm';
  recap: { source: 'llm' | 'extractive'; recap: StructuredRecap } | null;
}

export interface PipelineDeps {
  /** Deepgram's REST API for text intelligence; null: the extractive summary and keyword topics. */
  deepgram: { apiKey: string; apiUrl: string } | null;
  /** The structured recap's LLM (OPENAI_*); null: the extractive recap. */
  recapWriter: RecapWriter | null;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * The post-session work, step by step, from the stored transcript and chat. Each step reads the
 * session and what the steps before it made; the results are stored together by
 * `postSession.store`.
 *
 * 1. Summary and topics: Deepgram text intelligence when configured, else extractive.
 * 2. The structured recap (key points, action items, homework, follow-ups, proposed facts,
 *    challenges and goal progress): the LLM when configured — its summary and topics then
 *    replace step 1's — else, or when it gives no usable answer, the extractive recap.
 */
export async function runPostSessionPipeline(text: SessionText, deps: PipelineDeps): Promise<PostSessionOutcome> {
  const lines: SummaryLine[] = text.lines.map((l) => ({
    speaker: l.speaker,
    text: l.content,
    fromAgent: l.sender === 'ai',
  }));
  const summary = await summarizeSession(lines, {
    deepgram: deps.deepgram ? deepgramClient(deps.deepgram) : null,
    logger: deps.logger,
    signal: deps.signal,
  });
  const step1 = { summary: summary.summary?.slice(0, 20_000) ?? null, topics: summary.topics, source: summary.source };
  const recapLines: RecapLine[] = text.lines.map((l) => ({
    speaker: l.speaker,
    role: l.sender === 'coach' ? 'coach' : l.sender === 'client' ? 'client' : 'assistant',
    text: l.content,
  }));
  if (recapLines.length === 0) return { ...step1, recap: null };
  if (deps.recapWriter) {
    try {
      const recap = await deps.recapWriter.write(
        {
          clientName: text.clientName,
          coachName: text.coachName,
          lines: recapLines,
          knownFacts: text.knownFacts,
          knownChallenges: text.knownChallenges,
          activeGoals: text.activeGoals,
        },
        deps.signal,
      );
      return { summary: recap.summary, topics: recap.topics, source: 'llm', recap: { source: 'llm', recap } };
    } catch (err) {
      deps.logger.warn(
        { err: err instanceof Error ? err.message : String(err), appointmentId: text.appointmentId },
        'the recap LLM failed; using the extractive recap',
      );
    }
  }
  const recap = extractiveRecap(recapLines);
  return {
    ...step1,
    recap: recap && { source: 'extractive', recap: { ...recap, summary: step1.summary ?? recap.summary } },
  };
}

function deepgramClient(settings: { apiKey: string; apiUrl: string }): DeepgramClient {
  return new DeepgramClient({
    apiKey: settings.apiKey,
    environment: {
      base: settings.apiUrl,
      production: settings.apiUrl.replace(/^http/, 'ws'),
      agent: settings.apiUrl.replace(/^http/, 'ws'),
      agentRest: settings.apiUrl,
    },
  });
}
