export type UserRoleFilter = 'client' | 'coach' | 'admin';
export type UserStatusFilter = 'active' | 'deactivated' | 'all';

/** `/admin/users?q=maya&role=coach&status=all&page=2`: what the list shows, kept in the address. */
export interface UsersSearch {
  q?: string;
  role?: UserRoleFilter;
  status?: UserStatusFilter;
  page?: number;
}

const roles: readonly string[] = ['client', 'coach', 'admin'];
const statuses: readonly string[] = ['active', 'deactivated', 'all'];

export function parseUsersSearch(search: Record<string, unknown>): UsersSearch {
  const q =
    typeof search.q === 'string' ? search.q.slice(0, 100) : typeof search.q === 'number' ? String(search.q) : '';
  const page =
    typeof search.page === 'number' && Number.isInteger(search.page) && search.page > 1 ? search.page : undefined;
  return {
    q: q.trim() ? q : undefined,
    role: typeof search.role === 'string' && roles.includes(search.role) ? (search.role as UserRoleFilter) : undefined,
    status:
      typeof search.status === 'string' && statuses.includes(search.status)
        ? (search.status as UserStatusFilter)
        : undefined,
    page: page !== undefined && page <= 10_000 ? page : undefined,
  };
}
