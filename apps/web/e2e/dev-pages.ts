/**
 * Strings only the development pages (and their routes) contain. A production bundle must
 * contain none of them; the dev-tools bundle contains all, which keeps this list honest.
 */
export const devPageMarkers = [
  'Development sign-in',
  'Development mailbox',
  'signInAs',
  '/dev/sign-in',
  '/dev/mailbox',
];
