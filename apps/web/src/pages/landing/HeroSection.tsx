import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';

const exampleLines = [
  { who: 'Coach', text: 'Let’s try a longer exhale together: in for four, out for six.' },
  { who: 'You', text: 'That already feels calmer than this morning.' },
  { who: 'Coach', text: 'Notice that. That is your vagus nerve doing its job.' },
];

/** An illustration of a session in progress; read out as one image description. */
function SessionPreview() {
  return (
    <div
      role="img"
      aria-label="Illustration: a coaching session transcribed live, with a summary saved at the end"
      className="relative mx-auto w-full max-w-md"
    >
      <div
        aria-hidden="true"
        className="absolute -inset-4 -z-10 rounded-[2rem] bg-gradient-to-br from-brand-100 via-brand-50 to-transparent blur-2xl dark:from-brand-900/60 dark:via-brand-950/40"
      />
      <div className="rounded-2xl border border-border bg-card p-5 shadow-lg shadow-brand-900/5">
        <div className="flex items-center justify-between gap-3">
          <div>
            <p className="text-sm font-semibold">Session with Coach Maya</p>
            <p className="text-xs text-muted-foreground">30 minutes · video</p>
          </div>
          <Badge tone="brand">
            <span className="size-1.5 rounded-full bg-brand-600 motion-safe:animate-pulse dark:bg-brand-300" />
            Transcribing
          </Badge>
        </div>
        <ul className="mt-4 space-y-3 border-t border-border pt-4 text-sm">
          {exampleLines.map((line) => (
            <li key={line.text} className="flex gap-3">
              <span className="w-12 shrink-0 text-xs font-medium text-muted-foreground">{line.who}</span>
              <span>{line.text}</span>
            </li>
          ))}
        </ul>
        <div className="mt-4 rounded-xl bg-accent p-3 text-sm text-accent-foreground">
          <p className="font-medium">Summary saved</p>
          <p className="mt-1 opacity-90">
            Practised a 4–6 exhale. Desk routine for stressful moments; journal for the week.
          </p>
        </div>
      </div>
    </div>
  );
}

export function HeroSection() {
  return (
    <section className="mx-auto grid max-w-6xl items-center gap-12 px-4 pt-12 pb-16 sm:px-6 sm:pt-20 lg:grid-cols-2 lg:gap-16 lg:pb-24">
      <div>
        <p className="text-sm font-semibold text-primary">1:1 coaching for the Vagus community</p>
        <h1 className="mt-3 text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
          Coaching that remembers every session
        </h1>
        <p className="mt-5 max-w-xl text-lg text-pretty text-muted-foreground">
          Book a video session with a coach from the Ultra community. An AI assistant joins every call, transcribes it
          as you talk and writes a summary at the end, so you and your coach always pick up where you left off.
        </p>
        <div className="mt-8 grid gap-3 sm:flex">
          <Button asChild size="lg">
            <a href="#coaches">Meet the coaches</a>
          </Button>
          <Button asChild size="lg" variant="outline">
            <a href="#how-it-works">How it works</a>
          </Button>
        </div>
      </div>
      <SessionPreview />
    </section>
  );
}
