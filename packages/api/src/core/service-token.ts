import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal, ServiceName } from './principal';

export type ServiceTokens = Partial<Record<Exclude<ServiceName, 'system'>, string>>;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Maps `Authorization: Bearer <token>` to the agent or worker principal. Compares digests in
 * constant time so a token cannot be guessed byte by byte.
 */
export function servicePrincipalFromHeader(
  header: string | undefined,
  tokens: ServiceTokens,
): Extract<Principal, { kind: 'service' }> | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) return null;
  const presented = digest(match[1]);
  for (const [service, token] of Object.entries(tokens) as [Exclude<ServiceName, 'system'>, string | undefined][]) {
    if (token && timingSafeEqual(presented, digest(token))) return { kind: 'service', service };
  }
  return null;
}
