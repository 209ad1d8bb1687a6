import { hitThrottles, type ThrottleRule } from '../auth/throttle';
import type { Deps } from './context';
import { DomainError } from './errors';
import type { Principal } from './principal';

export interface ExpensiveRule {
  /** Calls per window, per signed-in user and (at twice the rate) per IP address. */
  perUser: ThrottleRule;
  /** Calls of one user running at once in this process; more wait for a turn, then are refused. */
  concurrent: number;
}

const running = new Map<string, number>();

/**
 * Keeps one requester from slowing the server for everyone: a rate per user and per IP shared by
 * every server process (RequestThrottle), and a cap on how many of the requester's calls run at
 * once here. `work` runs only inside both.
 */
export async function withinBudget<T>(
  deps: Deps<'db' | 'ip' | 'now'>,
  who: Principal,
  name: string,
  rule: ExpensiveRule,
  work: () => Promise<T>,
): Promise<T> {
  const requester = who.kind === 'user' ? `user:${who.userId}` : `ip:${deps.ip ?? 'unknown'}`;
  // Both counters in one statement: this runs before every call of the read it protects.
  const [byUser, byIp] = await hitThrottles(
    deps.db,
    [
      { key: `${name}:${requester}`, rule: rule.perUser },
      { key: `${name}:ip:${deps.ip ?? 'unknown'}`, rule: { ...rule.perUser, limit: rule.perUser.limit * 2 } },
    ],
    deps.now(),
  );
  const refused = byUser && !byUser.allowed ? byUser : byIp && !byIp.allowed ? byIp : null;
  if (refused)
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `Too many requests at once. Try again in ${refused.retryAfterSeconds} seconds.`,
    );
  const inFlight = running.get(requester) ?? 0;
  if (inFlight >= rule.concurrent)
    throw new DomainError('TOO_MANY_REQUESTS', 'Your earlier requests are still running; try again in a moment.');
  running.set(requester, inFlight + 1);
  try {
    return await work();
  } finally {
    const left = (running.get(requester) ?? 1) - 1;
    if (left === 0) running.delete(requester);
    else running.set(requester, left);
  }
}
