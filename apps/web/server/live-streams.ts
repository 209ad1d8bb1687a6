import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The server's open SSE responses (tRPC subscriptions): counted for the metrics, and ended on
 * shutdown so that a draining server does not wait on streams that never finish by themselves.
 * Browsers reconnect with Last-Event-ID to another server and miss nothing.
 */
export class LiveStreams {
  private readonly open = new Set<ServerResponse>();

  get size(): number {
    return this.open.size;
  }

  /** An onRequest hook: tracks every response to a request that asks for an event stream. */
  readonly track = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!req.headers.accept?.includes('text/event-stream')) return;
    const res = reply.raw;
    this.open.add(res);
    res.once('close', () => this.open.delete(res));
  };

  /**
   * Cuts every open stream. Destroyed, not ended: tRPC stops a subscription only when its
   * response closes without having ended, and the browser's EventSource reconnects either way.
   */
  endAll(): number {
    const count = this.open.size;
    for (const res of this.open) res.destroy();
    this.open.clear();
    return count;
  }
}
