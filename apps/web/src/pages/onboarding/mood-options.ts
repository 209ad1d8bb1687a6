/** The 1–5 mood scale of the intake, lowest first. */
export const moodOptions = [
  { value: 1, label: 'Very low' },
  { value: 2, label: 'Low' },
  { value: 3, label: 'Okay' },
  { value: 4, label: 'Good' },
  { value: 5, label: 'Very good' },
] as const;

export function moodLabel(mood: number | null | undefined): string | null {
  return moodOptions.find((option) => option.value === mood)?.label ?? null;
}
