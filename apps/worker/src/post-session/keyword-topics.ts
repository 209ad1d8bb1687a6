import type { SummaryLine } from './extractive-summary';
import { STOPWORDS, sentences, words } from './words';

interface Term {
  text: string;
  count: number;
  first: number;
  phrase: boolean;
}

/** Topic names the server accepts: lowercase, 2–40 characters. */
const valid = (t: string) => t.length >= 2 && t.length <= 40;

/**
 * Keyword topics for when no topic service is configured: content words and two-word phrases
 * that come back in the session (people's words, not the assistant's), most frequent first,
 * phrases favoured over the single words they contain. Plurals count with their singular when
 * both occur ("goals" and "goal").
 */
export function keywordTopics(lines: SummaryLine[], max = 5): string[] {
  const human = lines.filter((l) => !l.fromAgent);
  const source = human.length > 0 ? human : lines;
  const tokens: string[][] = [];
  for (const line of source)
    for (const sentence of sentences(line.text)) {
      // Runs of content words; a stopword breaks a phrase.
      let run: string[] = [];
      for (const w of words(sentence)) {
        if (w.length >= 3 && !STOPWORDS.has(w) && !w.includes("'")) run.push(w);
        else if (run.length > 0) {
          tokens.push(run);
          run = [];
        }
      }
      if (run.length > 0) tokens.push(run);
    }

  const vocabulary = new Set(tokens.flat());
  const singular = (w: string) =>
    w.endsWith('s') && !w.endsWith('ss') && vocabulary.has(w.slice(0, -1)) ? w.slice(0, -1) : w;

  const terms = new Map<string, Term>();
  let position = 0;
  const count = (text: string, phrase: boolean) => {
    position++;
    const term = terms.get(text) ?? { text, count: 0, first: position, phrase };
    term.count++;
    terms.set(text, term);
  };
  for (const run of tokens) {
    const normal = run.map(singular);
    normal.forEach((w, i) => {
      count(w, false);
      const next = normal[i + 1];
      if (next && next !== w) count(`${w} ${next}`, true);
    });
  }

  const score = (t: Term) => t.count * (t.phrase ? 2 : 1);
  const byScore = [...terms.values()].sort((a, b) => score(b) - score(a) || a.first - b.first);
  const recurring = byScore.filter((t) => t.count >= 2);
  const ranked = recurring.length > 0 ? recurring : byScore.filter((t) => !t.phrase).slice(0, Math.min(max, 3));

  const picked: string[] = [];
  for (const term of ranked) {
    if (picked.length >= max) break;
    if (!valid(term.text)) continue;
    const parts = term.text.split(' ');
    // A word already inside a chosen phrase, or a phrase whose words were both chosen, adds nothing.
    if (!term.phrase && picked.some((p) => p.split(' ').includes(term.text))) continue;
    if (term.phrase && parts.every((p) => picked.includes(p))) continue;
    if (term.phrase) {
      // The phrase says more than the single word picked before it.
      const inside = picked.findIndex((p) => parts.includes(p));
      if (inside >= 0) picked.splice(inside, 1);
    }
    picked.push(term.text);
  }
  return picked;
}
