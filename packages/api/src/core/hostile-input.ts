import type { FieldErrors } from './errors';

/** PostgreSQL `integer` (int4): every whole number we store or compare is one. */
const INT4 = 2_147_483_647;
/** Instants PostgreSQL stores and people mean: years 1 to 9999. */
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const MAX_DEPTH = 20;
/** NUL, or a lone surrogate (isWellFormed is native: a 50-segment batch took 144 µs with a lookbehind regex, 55 µs now). */
const badText = (text: string) => text.includes('\u0000') || !text.isWellFormed();

/**
 * Values no procedure can store or use, whatever its schema says: NUL bytes and lone
 * surrogates in text (PostgreSQL refuses both), numbers outside int4 or not finite, instants
 * outside years 1–9999. Checked once, on every procedure's raw input, so a schema that forgets
 * a bound cannot turn hostile input into a 500; the problems come back as field errors.
 */
export function hostileInputProblems(input: unknown): FieldErrors | null {
  const problems: FieldErrors = {};
  const add = (path: string, message: string) => {
    const key = path || '(input)';
    problems[key] = [...(problems[key] ?? []), message];
  };
  const walk = (value: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) {
      add(path, 'is nested too deeply');
    } else if (typeof value === 'string') {
      if (value.includes('\u0000')) add(path, 'contains a NUL character');
      else if (!value.isWellFormed()) add(path, 'contains a lone surrogate (not valid Unicode)');
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value) || Math.abs(value) > INT4) add(path, 'is out of range');
    } else if (value instanceof Date) {
      const at = value.getTime();
      if (Number.isNaN(at) || at < EARLIEST || at > LATEST) add(path, 'is not a date between the years 1 and 9999');
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, path ? `${path}.${i}` : String(i), depth + 1);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (badText(key)) add(path, 'has a key that is not valid text');
        else walk(item, path ? `${path}.${key}` : key, depth + 1);
      }
    }
  };
  walk(input, '', 0);
  return Object.keys(problems).length > 0 ? problems : null;
}
