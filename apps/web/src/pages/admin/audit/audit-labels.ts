/** What each audit action says to an admin. */
export const auditActionLabels: Record<string, string> = {
  'data.read': 'Health data read',
  'auth.sign_in': 'Signed in',
  'auth.sign_out': 'Signed out',
  'auth.sign_in_refused': 'Sign-in refused',
  'auth.code_requested': 'Sign-in code asked for',
  'auth.session_revoked': 'Browser signed out',
  'role.changed': 'Role changed',
  'relationship.linked': 'Coach linked',
  'relationship.ended': 'Coach unlinked',
  'skool.email_changed': 'Skool email changed',
  'payment.refund_requested': 'Tip refund asked of Stripe',
  'account.erasure_requested': 'Deletion asked for',
  'account.erasure_cancelled': 'Deletion stopped',
  'account.erased': 'Member data erased',
};

const readLabels: Record<string, string> = {
  context: 'intake and context',
  transcript: 'a session transcript',
  messages: 'messages with their coach',
  export: 'everything (data export)',
};

/** One line about an entry's metadata: what was read, the sign-in method, the address. */
export function auditDetail(metadata: unknown, ip: string | null): string {
  const parts: string[] = [];
  if (typeof metadata === 'object' && metadata !== null) {
    const m = metadata as Record<string, unknown>;
    if (typeof m.what === 'string') parts.push(readLabels[m.what] ?? m.what);
    if (typeof m.reason === 'string') parts.push(`reason: ${m.reason}`);
    if (typeof m.method === 'string') parts.push(`by ${m.method.replace('_', ' ')}`);
    if (typeof m.from === 'string' && typeof m.to === 'string') parts.push(`${m.from} → ${m.to}`);
  }
  if (ip) parts.push(ip);
  return parts.join(' · ') || '—';
}
