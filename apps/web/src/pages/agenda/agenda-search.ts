import { isLocalDate } from '../../components/scheduling/zoned-time';

export type AgendaView = 'day' | 'week';

export interface AgendaSearch {
  view?: AgendaView;
  /** Any day of the week (or the day) shown; today when absent. */
  date?: string;
  /** Admins look at one coach's agenda at a time. */
  coachId?: string;
}

export function parseAgendaSearch(search: Record<string, unknown>): AgendaSearch {
  return {
    view: search.view === 'day' ? 'day' : undefined,
    date: typeof search.date === 'string' && isLocalDate(search.date) ? search.date : undefined,
    coachId: typeof search.coachId === 'string' && search.coachId.length <= 64 ? search.coachId : undefined,
  };
}
