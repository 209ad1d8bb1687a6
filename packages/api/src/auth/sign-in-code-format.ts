/**
 * The short sign-in code as people see and type it. Zod-free, so the sign-in page checks a code
 * with the same rules as the server without loading the schemas.
 */

/** No 0/O, 1/I/L or U: a code read off a phone is typed right. */
export const SIGN_IN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SIGN_IN_CODE_LENGTH = 8;
const characters = new RegExp(`^[${SIGN_IN_CODE_ALPHABET}]*$`);

/** As typed → as stored: case, spaces and hyphens do not matter ("abcd efgh" is ABCDEFGH). */
export function normalizeSignInCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** ABCDEFGH → ABCD-EFGH, the way the email shows it. */
export function displaySignInCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What is wrong with a normalized code, as a fragment after the field's label; null when fine. */
export function signInCodeProblem(code: string): string | null {
  if (code.length === 0) return 'is required';
  if (!characters.test(code)) return 'has a character sign-in codes never use (they have no 0, O, 1, I, L or U)';
  if (code.length !== SIGN_IN_CODE_LENGTH) return 'has 8 characters, like ABCD-EFGH';
  return null;
}
