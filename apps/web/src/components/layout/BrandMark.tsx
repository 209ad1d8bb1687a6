/** Two overlapping circles: a coach and a client, meeting. */
export function BrandMark({ className = 'size-7' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" className={className}>
      <circle cx="12" cy="16" r="9" className="fill-brand-600 dark:fill-brand-400" />
      <circle
        cx="20"
        cy="16"
        r="9"
        className="fill-brand-300 mix-blend-multiply dark:fill-brand-700 dark:mix-blend-screen"
      />
    </svg>
  );
}
