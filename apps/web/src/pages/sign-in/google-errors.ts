/** Messages for the `error` the Google callback redirects with. */
export const googleErrorMessages: Record<string, string> = {
  not_a_member:
    'That Google account’s email does not belong to an active Vagus or Ultra Skool membership. Use the Google account of the email you have on Skool, or ask for a sign-in code below.',
  unverified_email:
    'Google has not verified the email address of that account, so we cannot match it to a Skool membership. Verify it with Google, or ask for a sign-in code below.',
  google_state: 'The Google sign-in expired or was started in another tab. Please try again.',
  google_exchange: 'Google did not complete the sign-in. Please try again, or ask for a sign-in code below.',
  google_not_configured: 'Signing in with Google is not available here. Ask for a sign-in code below instead.',
};

export function googleErrorMessage(code: string): string {
  return googleErrorMessages[code] ?? 'Signing in did not work. Please try again.';
}
