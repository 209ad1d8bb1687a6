import type { DeepgramClient } from '@deepgram/sdk';

export interface TextAnalysis {
  summary: string | null;
  topics: string[];
}

/** The summary text, wherever this API version puts it (`summary.text`, or nested in `results`). */
function summaryText(summary: unknown): string | null {
  if (typeof summary !== 'object' || summary === null) return null;
  if ('text' in summary && typeof summary.text === 'string') return summary.text.trim() || null;
  if ('results' in summary && typeof summary.results === 'object' && summary.results !== null) {
    const nested = summary.results as { summary?: unknown };
    return summaryText(nested.summary);
  }
  return null;
}

interface TopicSegment {
  topics?: { topic?: string; confidence_score?: number }[];
}

/** Topic segments, likewise: `topics.segments` on the wire, `topics.results.topics.segments` in the SDK types. */
function topicSegments(topics: unknown): TopicSegment[] {
  if (typeof topics !== 'object' || topics === null) return [];
  if ('segments' in topics && Array.isArray(topics.segments)) return topics.segments as TopicSegment[];
  if ('results' in topics && typeof topics.results === 'object' && topics.results !== null) {
    return topicSegments((topics.results as { topics?: unknown }).topics);
  }
  return [];
}

/**
 * Deepgram text intelligence (`/v1/read`, summarize + topics) through the SDK. Topics come back
 * per segment with a confidence; they are merged, best first, into names the server accepts.
 */
export async function analyzeWithDeepgram(
  client: DeepgramClient,
  text: string,
  options: { signal?: AbortSignal; maxTopics?: number } = {},
): Promise<TextAnalysis> {
  const response = await client.read.v1.text.analyze(
    // The Read API takes summarize as a boolean flag (`summarize=true`).
    { body: { text }, language: 'en', summarize: 'true', topics: true },
    { abortSignal: options.signal, timeoutInSeconds: 30, maxRetries: 1 },
  );
  const best = new Map<string, number>();
  for (const segment of topicSegments(response.results.topics)) {
    for (const t of segment.topics ?? []) {
      const name = t.topic?.trim().toLowerCase();
      if (!name || name.length < 2 || name.length > 40) continue;
      best.set(name, Math.max(best.get(name) ?? 0, t.confidence_score ?? 0));
    }
  }
  const topics = [...best.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, options.maxTopics ?? 8)
    .map(([name]) => name);
  return { summary: summaryText(response.results.summary), topics };
}
