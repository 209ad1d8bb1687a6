import { DomainError } from './errors';
/**
 * Opaque page cursors for lists ordered by (an instant, id): the last row's position, so a page
 * never skips or repeats rows while data changes underneath.
 */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string') throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw new DomainError('BAD_REQUEST', 'is not one this list gave out', { field: 'cursor' });
  }
}
