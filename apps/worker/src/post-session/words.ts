/**
 * English function words plus the fillers of spoken conversation: words that say nothing about
 * what a session was about.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all almost also although always am among an and another any
  anybody anyone anything anyway are aren't around as at away back be because been before being
  below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
  done down during each either else enough even ever every everything few first for from further
  get gets getting go goes going gone good got gotta had hadn't has hasn't have haven't having he
  he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm
  i've if in into is isn't it it's its itself just keep kind know last least less let let's like
  little lot lots made make makes many may maybe me might mine more most much must my myself need
  never new next no nor not nothing now of off oh ok okay on once one only or other others our
  ours ourselves out over own part pretty quite rather really right said same say says see seem
  seems shall she she'd she'll she's should shouldn't since so some somebody someone something
  sometimes somewhat soon still such sure take tell than that that's the their theirs them
  themselves then there there's these they they'd they'll they're they've thing things think this
  those though through thus to today together too toward towards try trying um uh under until up
  upon us use used very via want wanted wants was wasn't way we we'd we'll we're we've well went
  were weren't what what's whatever when where where's whether which while who who's whom whose
  why will with within without won't would wouldn't yeah yes yet you you'd you'll you're you've
  your yours yourself yourselves hello hi thanks thank great sounds mean means actually basically
  feel feels felt bit week weeks day days time times lot today tomorrow yesterday`
    .split(/\s+/)
    .filter(Boolean),
);

/** Lowercase words of a text, apostrophes kept inside words ("don't"), possessive 's dropped. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]+(?:['’][a-z]+)*/g) ?? []).map((w) => w.replace(/’/g, "'").replace(/'s$/, ''));
}

/** Words that carry meaning: not stopwords, at least three letters. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => w.length >= 3 && !STOPWORDS.has(w) && !w.includes("'"));
}

/** Sentences of a line of speech or chat; text without end punctuation is one sentence. */
export function sentences(text: string): string[] {
  return (text.match(/[^.!?]+(?:[.!?]+|$)/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
}
