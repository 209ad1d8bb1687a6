import type { Community } from '@hybridcoach/db';
import { z } from 'zod';
import { memberJsonSchema, toSkoolMember } from './member-json';
import { mergeDuplicateMembers, type SkoolMember } from './member-snapshot';
import type { SkoolObservation, SkoolSource } from './sources';

export interface MembersEndpoint {
  /** `{community}` in the URL is replaced; without it `?community=` is added. */
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token: string | null;
}

/** The endpoint could not be read (network, timeout, non-2xx): worth retrying later. */
export class MembersEndpointError extends Error {
  override readonly name = 'MembersEndpointError';
}

/** One page: a bare array of members, or `{ members, next }` where `next` is the next page's URL. */
const pageSchema = z.union([
  z.array(z.unknown()),
  z.object({ members: z.array(z.unknown()), next: z.string().nullish() }),
]);

const MAX_PAGES = 1000;
const MAX_PROBLEMS = 20;

export function membersUrl(endpoint: MembersEndpoint, community: Community): string {
  if (endpoint.url.includes('{community}')) return endpoint.url.replaceAll('{community}', community);
  const url = new URL(endpoint.url);
  url.searchParams.set('community', community);
  return url.toString();
}

/**
 * The HTTP members endpoint as a `SkoolSource`: every page is read before anything is yielded,
 * and one invalid member makes the whole list `unreadable` (a partial list would read as
 * cancellations). Transport failures throw `MembersEndpointError` so that the job is retried.
 */
export function httpMembersSource(
  endpoint: MembersEndpoint,
  community: Community,
  options: { now: () => Date; fetch?: typeof fetch; timeoutMs?: number },
): SkoolSource {
  const doFetch = options.fetch ?? fetch;
  return {
    name: 'http',
    async read(): Promise<SkoolObservation[]> {
      const first = membersUrl(endpoint, community);
      const origin = new URL(first).origin + new URL(first).pathname;
      const takenAt = options.now();
      const members: SkoolMember[] = [];
      const problems: string[] = [];
      let next: string | null = first;
      for (let page = 0; next !== null; page++) {
        if (page >= MAX_PAGES) throw new MembersEndpointError(`more than ${MAX_PAGES} pages; is "next" looping?`);
        const body = await getJson(doFetch, next, endpoint.token, options.timeoutMs ?? 30_000);
        const parsed = pageSchema.safeParse(body);
        if (!parsed.success) {
          return [unreadable(community, origin, 'the response is neither a list of members nor { members, next }')];
        }
        const items = Array.isArray(parsed.data) ? parsed.data : parsed.data.members;
        items.forEach((item, index) => {
          const member = readMember(item);
          if (member.ok) members.push(member.member);
          else if (problems.length < MAX_PROBLEMS)
            problems.push(`page ${page + 1}, member ${index + 1}: ${member.error}`);
        });
        next = Array.isArray(parsed.data) || !parsed.data.next ? null : new URL(parsed.data.next, next).toString();
      }
      if (problems.length > 0) return [unreadable(community, origin, `invalid members: ${problems.join('; ')}`)];
      const merged = mergeDuplicateMembers(members);
      return [
        {
          kind: 'snapshot',
          snapshot: { community, takenAt, members: merged.members, duplicatesMerged: merged.duplicatesMerged },
          source: 'http',
          origin,
        },
      ];
    },
  };
}

function readMember(item: unknown): { ok: true; member: SkoolMember } | { ok: false; error: string } {
  const json = memberJsonSchema.safeParse(item);
  if (!json.success) {
    const issue = json.error.issues[0];
    return { ok: false, error: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  // A members list without statuses lists current members.
  const member = toSkoolMember(json.data, json.data.status ?? 'active');
  if (member.ok) return member;
  const issue = member.issues[0];
  return { ok: false, error: `${issue?.path.join('.') ?? ''} of "${json.data.email}": ${issue?.message ?? 'invalid'}` };
}

async function getJson(doFetch: typeof fetch, url: string, token: string | null, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new MembersEndpointError(`the members endpoint could not be reached: ${(err as Error).message}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new MembersEndpointError(`the members endpoint answered ${response.status} ${response.statusText}`);
  }
  try {
    return await response.json();
  } catch {
    throw new MembersEndpointError('the members endpoint did not answer with JSON');
  }
}

function unreadable(community: Community, origin: string, error: string): SkoolObservation {
  return { kind: 'unreadable', community, error, source: 'http', origin };
}
