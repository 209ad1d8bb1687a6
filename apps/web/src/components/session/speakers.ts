import type { MessageSender } from './room-events';

/** Who a speaker is, in words: a role label next to their name. */
export const senderRoleLabels: Record<MessageSender, string> = {
  client: 'Client',
  coach: 'Coach',
  admin: 'Admin',
  ai: 'AI',
  system: 'Note',
};

/** A colour per speaker, so a transcript can be skimmed; the name is always written too. */
export const senderTextClass: Record<MessageSender, string> = {
  client: 'text-brand-700 dark:text-brand-300',
  coach: 'text-sky-700 dark:text-sky-300',
  admin: 'text-amber-700 dark:text-amber-300',
  ai: 'text-violet-700 dark:text-violet-300',
  system: 'text-muted-foreground',
};
