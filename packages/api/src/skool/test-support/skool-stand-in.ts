import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Community } from '@hybridcoach/db';
import type { MemberJson } from '../member-json';

/**
 * A stand-in for the members endpoint and Skool's image host, over real HTTP:
 * - GET /members?community=ultra[&page=n] with `Authorization: Bearer <token>` answers
 *   `{ members, next }`, `pageSize` members a page;
 * - GET /photos/<name> answers the bytes put there (with their content type).
 * Tests make it fail: `failNext(2, 503)` answers the next two member requests with 503.
 */
export class SkoolStandIn {
  readonly members: Record<Community, unknown[]> = { ultra: [], vagus: [] };
  readonly photos = new Map<string, { bytes: Uint8Array; contentType: string }>();
  readonly requests: { path: string; authorization: string | null }[] = [];
  pageSize = 100;
  private failures: number[] = [];
  private server = createServer((req, res) => this.handle(req, res));
  url = '';

  constructor(readonly token: string) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  setMembers(community: Community, members: (MemberJson | Record<string, unknown>)[]): void {
    this.members[community] = members;
  }

  failNext(times: number, status: number): void {
    this.failures.push(...Array.from({ length: times }, () => status));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ path: url.pathname + url.search, authorization: req.headers.authorization ?? null });
    if (url.pathname.startsWith('/photos/')) {
      const photo = this.photos.get(url.pathname.slice('/photos/'.length));
      if (!photo) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': photo.contentType }).end(Buffer.from(photo.bytes));
      return;
    }
    if (url.pathname !== '/members') return void res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${this.token}`) return void res.writeHead(401).end();
    const failure = this.failures.shift();
    if (failure) return void res.writeHead(failure).end('unavailable');
    const community = url.searchParams.get('community');
    if (community !== 'ultra' && community !== 'vagus') return void res.writeHead(400).end();
    const page = Number(url.searchParams.get('page') ?? 0);
    const all = this.members[community];
    const members = all.slice(page * this.pageSize, (page + 1) * this.pageSize);
    const next = (page + 1) * this.pageSize < all.length ? `/members?community=${community}&page=${page + 1}` : null;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ members, next }));
  }
}

/** The smallest valid PNG (1×1), for photo downloads. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
