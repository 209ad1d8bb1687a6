import type { ViewerRole } from '../../components/layout/nav-items';
import type { RouterOutputs } from '../../lib/api-types';

export type NotificationTopic = keyof RouterOutputs['notification']['preferences']['email'];

interface TopicText {
  label: string;
  description: string;
  /** Who hears of this topic at all; others do not see the choice. */
  roles: Exclude<ViewerRole, null>[];
}

/** What each topic covers, in the words of the settings page. */
export const topicTexts: Record<NotificationTopic, TopicText> = {
  appointments: {
    label: 'Sessions booked, moved, reassigned or cancelled',
    description: 'The email carries a calendar invitation.',
    roles: ['client', 'coach', 'admin'],
  },
  reminders: {
    label: 'Reminders 24 hours and 1 hour before a session',
    description: 'The in-app reminder comes either way.',
    roles: ['client', 'coach', 'admin'],
  },
  messages: {
    label: 'Messages left unread for a while',
    description: 'Says who wrote, never what: read and reply in the app.',
    roles: ['client', 'coach'],
  },
  membership: {
    label: 'Your membership ending',
    description: 'When your Skool membership was cancelled and access is about to end.',
    roles: ['client', 'coach'],
  },
};

/** Languages offered for dates and times in emails, besides the browser's own. */
export const LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-CA', 'de-DE', 'es-ES', 'fr-FR', 'it-IT', 'nl-NL', 'pt-BR'];

/** The choices of the locale select: the browser's language first when it is not listed. */
export function localeChoices(browser: string | undefined): string[] {
  const supported = browser && Intl.DateTimeFormat.supportedLocalesOf([browser]).length > 0 ? browser : null;
  return supported && !LOCALES.includes(supported) ? [supported, ...LOCALES] : LOCALES;
}
