import type { StructuredRecap } from '@hybridcoach/api';
import { extractiveSummary } from './extractive-summary';
import { keywordTopics } from './keyword-topics';
import { sentences, words } from './words';

/** One thing said or written, with the speaker's role: the recap's rules depend on who said it. */
export interface RecapLine {
  speaker: string;
  role: 'client' | 'coach' | 'assistant';
  text: string;
}

// Cues, deliberately plain: this recap is what the coach gets without an LLM, and every line of
// it is a sentence someone said, for the coach to keep, edit or drop.
const COMMITMENT =
  /\b(i will|i'll|i am going to|i'm going to|let's|let us|we will|we'll|you will|you'll|your homework)\b/i;
const DUE =
  /\b(by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next \w+|the end of \w+)|next (?:week|session|time)|tonight|tomorrow|every (?:day|night|morning|evening)|each (?:day|night|morning|evening))\b/i;
const EXERCISE = /\b(exercise|practi[cs]e|breathing|journal(?:ing)?|meditat\w*|stretch\w*|walk\w*|routine)\b/i;
const FACT = /\b(i am|i'm|i have|i've|i work|i live|my (?:\w+ ){0,2}(?:is|are|was))\b/i;
const CHALLENGE =
  /\b(struggl\w*|hard|difficult|can't|cannot|badly|worse|stress\w*|anxi\w*|worr\w*|overwhelm\w*|tired|exhausted|pain)\b/i;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);
const ended = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function said(lines: RecapLine[], role: RecapLine['role'] | null) {
  return lines
    .filter((l) => (role ? l.role === role : l.role !== 'assistant'))
    .flatMap((l) => sentences(l.text).map((text) => ({ role: l.role, text: text.trim() })))
    .filter((s) => words(s.text).length >= 4);
}

/** The first `max` distinct matches, in the order they were said. */
function firstDistinct<T extends { text: string }>(items: T[], test: RegExp, max: number): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const key = item.text.toLowerCase();
    if (!test.test(item.text) || seen.has(key)) continue;
    seen.add(key);
    out.push(item);
    if (out.length === max) break;
  }
  return out;
}

/**
 * The structured recap without an LLM, deterministic: the extractive summary and its key
 * sentences, commitments as action items (owner: who said it), exercises the coach proposed as
 * homework, the coach's last questions to follow up, keyword topics, and the client's own
 * statements about themselves as proposed facts and challenges. No goal progress: rating it
 * needs judgement, which the coach gives. Null when nothing substantial was said.
 */
export function extractiveRecap(lines: RecapLine[]): StructuredRecap | null {
  const summaryLines = lines.map((l) => ({ speaker: l.speaker, text: l.text, fromAgent: l.role === 'assistant' }));
  const summary = extractiveSummary(summaryLines);
  if (!summary) return null;
  const people = said(lines, null);
  const client = said(lines, 'client');
  const coach = said(lines, 'coach');
  // Each picked sentence comes out as "Speaker: sentence." — one key point each.
  const keyPoints = sentences(extractiveSummary(summaryLines, 5) ?? summary)
    .map((s) => clip(s, 300))
    .slice(0, 5);
  const actionItems = firstDistinct(people, COMMITMENT, 5).map((s) => ({
    owner: s.role === 'coach' ? ('coach' as const) : ('client' as const),
    task: clip(ended(s.text), 300),
    due: s.text.match(DUE)?.[0] ?? null,
  }));
  const suggestedHomework = firstDistinct(coach, EXERCISE, 3).map((s) => {
    const term = s.text.match(EXERCISE)?.[0]?.toLowerCase() ?? 'practice';
    return {
      title: clip(`${term[0]?.toUpperCase()}${term.slice(1)} practice`, 120),
      instructions: clip(ended(s.text), 2000),
      category: term.replace(/ing$/, '').slice(0, 40),
      durationMinutes: 10,
      difficulty: 'beginner' as const,
    };
  });
  const followUpQuestions = coach
    .filter((s) => s.text.endsWith('?'))
    .slice(-3)
    .map((s) => clip(s.text, 300));
  return {
    summary: clip(summary, 4000),
    keyPoints,
    actionItems,
    suggestedHomework,
    followUpQuestions,
    topics: keywordTopics(summaryLines),
    proposedFacts: firstDistinct(client, FACT, 3)
      .filter((s) => !CHALLENGE.test(s.text))
      .map((s) => clip(ended(s.text), 300)),
    proposedChallenges: firstDistinct(client, CHALLENGE, 3).map((s) => clip(ended(s.text), 300)),
    goalProgress: [],
  };
}
