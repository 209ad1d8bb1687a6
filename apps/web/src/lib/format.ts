const countFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const ratingFormat = new Intl.NumberFormat(undefined, {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** Ratings are out of 5 and shown with one decimal: "4.5". */
export function formatRating(value: number): string {
  return ratingFormat.format(value);
}

/** "Europe/Lisbon" → "Lisbon", "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export function timezoneCity(timezone: string): string {
  const city = timezone.split('/').at(-1) ?? timezone;
  return city.replaceAll('_', ' ');
}
