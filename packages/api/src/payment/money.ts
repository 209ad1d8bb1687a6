/** Money crosses the wire and is summed in integer cents; the Payment row keeps decimal dollars. */

/** A Payment amount (Prisma Decimal, string or number of dollars) in cents. */
export function toCents(amount: { toString(): string } | number): number {
  return Math.round(Number(amount.toString()) * 100);
}

/** Cents as the decimal dollars a Payment row keeps. */
export function centsToAmount(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** "$3.00 USD": the form receipts and CSV readers expect. */
export function formatMoney(cents: number, currency = 'USD'): string {
  const sign = cents < 0 ? '-' : '';
  return `${sign}$${(Math.abs(cents) / 100).toFixed(2)} ${currency.toUpperCase()}`;
}
