import type { DeepgramClient } from '@deepgram/sdk';
import type { Logger } from '@hybridcoach/config';

import { analyzeWithDeepgram } from './deepgram-analysis';
import { extractiveSummary, type SummaryLine } from './extractive-summary';
import { keywordTopics } from './keyword-topics';

export interface SessionSummary {
  summary: string | null;
  topics: string[];
  source: 'deepgram' | 'extractive';
}

/**
 * The end-of-session summary and topics: Deepgram text intelligence when a key is configured,
 * falling back (per part) to the extractive summary and keyword topics when it is not, fails,
 * or returns nothing.
 */
export async function summarizeSession(
  lines: SummaryLine[],
  deps: { deepgram: DeepgramClient | null; logger: Logger; signal?: AbortSignal },
): Promise<SessionSummary> {
  const local = (): SessionSummary => ({
    summary: extractiveSummary(lines),
    topics: keywordTopics(lines),
    source: 'extractive',
  });
  if (lines.length === 0) return { summary: null, topics: [], source: 'extractive' };
  if (!deps.deepgram) return local();
  const text = lines.map((l) => `${l.speaker}: ${l.text}`).join('\n');
  try {
    const analysis = await analyzeWithDeepgram(deps.deepgram, text, { signal: deps.signal });
    return {
      summary: analysis.summary ?? extractiveSummary(lines),
      topics: analysis.topics.length > 0 ? analysis.topics : keywordTopics(lines),
      source: 'deepgram',
    };
  } catch (err) {
    deps.logger.warn(
      { err: err instanceof Error ? err.message : String(err) },
      'Deepgram text intelligence failed; using the extractive summary',
    );
    return local();
  }
}
