import { contentWords, sentences, words } from './words';

/** One thing said or written in the session, with who said it. */
export interface SummaryLine {
  speaker: string;
  text: string;
  /** The AI assistant's own words: context, but not what the summary should quote. */
  fromAgent?: boolean;
}

interface Candidate {
  speaker: string;
  text: string;
  order: number;
  terms: string[];
}

const MAX_CHARS = 1200;

/**
 * An extractive summary for when no summarisation service is configured: the sentences that
 * best cover the session's most frequent content words, in the order they were said, each with
 * its speaker. Sentences of the people (not the assistant) are preferred; very short ones
 * ("Okay.") are skipped. Null when there is nothing to summarise.
 */
export function extractiveSummary(lines: SummaryLine[], maxSentences = 3): string | null {
  const human = lines.filter((l) => !l.fromAgent);
  const source = human.some((l) => words(l.text).length >= 4) ? human : lines;
  const frequency = new Map<string, number>();
  for (const line of source) for (const w of contentWords(line.text)) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  if (frequency.size === 0) return null;

  let order = 0;
  const candidates: Candidate[] = [];
  for (const line of source) {
    for (const text of sentences(line.text)) {
      order++;
      if (words(text).length < 4) continue;
      candidates.push({ speaker: line.speaker, text, order, terms: [...new Set(contentWords(text))] });
    }
  }
  if (candidates.length === 0) return null;

  // Greedy coverage: each pick discounts the words it already covers, so the summary does not
  // repeat one theme three times.
  const weight = new Map(frequency);
  const picked: Candidate[] = [];
  const pool = [...candidates];
  while (picked.length < maxSentences && pool.length > 0) {
    let bestIndex = 0;
    let bestScore = -1;
    pool.forEach((c, i) => {
      const score = c.terms.reduce((sum, t) => sum + (weight.get(t) ?? 0), 0) / Math.sqrt(c.terms.length + 1);
      if (score > bestScore) {
        bestScore = score;
        bestIndex = i;
      }
    });
    const [best] = pool.splice(bestIndex, 1);
    if (!best || bestScore <= 0) break;
    picked.push(best);
    for (const t of best.terms) weight.set(t, (weight.get(t) ?? 0) * 0.3);
  }
  if (picked.length === 0) return null;

  let summary = '';
  for (const c of picked.sort((a, b) => a.order - b.order)) {
    const next = `${summary ? `${summary} ` : ''}${c.speaker}: ${/[.!?]$/.test(c.text) ? c.text : `${c.text}.`}`;
    if (next.length > MAX_CHARS) break;
    summary = next;
  }
  return summary || null;
}
