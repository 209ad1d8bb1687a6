import { CalendarIcon, FileTextIcon, VideoIcon } from 'lucide-react';

const steps = [
  {
    Icon: CalendarIcon,
    title: 'Book a time that suits you',
    text: 'Pick a coach and an open slot in your own timezone. You get a reminder before it starts.',
  },
  {
    Icon: VideoIcon,
    title: 'Meet face to face',
    text: 'Join a private video room. An AI assistant joins too and transcribes the conversation as it happens.',
  },
  {
    Icon: FileTextIcon,
    title: 'Keep everything',
    text: 'Transcript, chat, a summary and your rating are stored, so the next session starts from where this one ended.',
  },
];

export function HowItWorksSection() {
  return (
    <section
      id="how-it-works"
      aria-labelledby="how-heading"
      className="mx-auto max-w-6xl scroll-mt-20 px-4 py-20 sm:px-6 sm:py-24"
    >
      <div className="max-w-2xl">
        <h2 id="how-heading" className="text-3xl font-semibold tracking-tight">
          How it works
        </h2>
        <p className="mt-3 text-muted-foreground">
          Nothing to install and nothing to write down. You talk; HybridCoach remembers.
        </p>
      </div>
      <ol className="mt-10 grid gap-6 md:grid-cols-3">
        {steps.map(({ Icon, title, text }, index) => (
          <li key={title} className="rounded-2xl border border-border bg-card p-6">
            <div className="flex items-center gap-3">
              <span className="flex size-10 items-center justify-center rounded-xl bg-accent text-accent-foreground">
                <Icon />
              </span>
              <span className="text-sm font-medium text-muted-foreground">Step {index + 1}</span>
            </div>
            <h3 className="mt-4 text-lg font-semibold">{title}</h3>
            <p className="mt-2 text-sm leading-relaxed text-muted-foreground">{text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
