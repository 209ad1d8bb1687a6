/** A face whose mouth goes from a frown (1) to a wide smile (5); decorative, the label says it. */
export function MoodFace({ mood, className = 'size-8' }: { mood: number; className?: string }) {
  // Control point of the mouth curve: below the corners smiles, above frowns.
  const corners = 20;
  const control = corners + (mood - 3) * 3.5;
  return (
    <svg
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
      className={className}
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
    >
      <circle cx="16" cy="16" r="13" />
      <circle cx="11.5" cy="12.5" r="1.25" fill="currentColor" stroke="none" />
      <circle cx="20.5" cy="12.5" r="1.25" fill="currentColor" stroke="none" />
      <path d={`M10.5 ${corners} Q16 ${control} 21.5 ${corners}`} />
    </svg>
  );
}
