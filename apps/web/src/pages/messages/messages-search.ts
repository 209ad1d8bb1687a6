export interface MessagesSearch {
  /** Open the thread with this person (a coach's or client's user id), when there is one. */
  with?: string;
}

/** `/messages?with=<userId>`: anything else is ignored. */
export function parseMessagesSearch(search: Record<string, unknown>): MessagesSearch {
  const other = search.with;
  return typeof other === 'string' && /^[\w-]{1,64}$/.test(other) ? { with: other } : {};
}
