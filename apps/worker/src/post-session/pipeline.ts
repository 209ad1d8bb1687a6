import { DeepgramClient } from '@deepgram/sdk';
import type { Logger } from '@hybridcoach/config';
import type { SummaryLine } from './extractive-summary';
import { summarizeSession } from './summarize-session';

/** What was said and written in a completed session, as `postSession.start` gives it. */
export interface SessionText {
  appointmentId: string;
  clientName: string;
  coachName: string;
  lines: { kind: string; sender: string; speaker: string; content: string; at: Date }[];
}

export interface PostSessionOutcome {
  summary: string | null;
  topics: string[];
  /** Where the summary and topics came from, for the job's output and logs. */
  source: 'deepgram' | 'extractive';
}

export interface PipelineDeps {
  /** Deepgram's REST API for text intelligence; null: the extractive summary and keyword topics. */
  deepgram: { apiKey: string; apiUrl: string } | null;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * The post-session work, step by step, from the stored transcript and chat. Each step reads the
 * session and what the steps before it made; a new step (the structured recap) is added here,
 * and its result stored by `postSession.store` with the rest.
 *
 * 1. Summary and topics: Deepgram text intelligence when configured, else extractive.
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
  return { summary: summary.summary?.slice(0, 20_000) ?? null, topics: summary.topics, source: summary.source };
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
