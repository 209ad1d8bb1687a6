import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Deepgram's text intelligence (`POST /v1/read`), written from its API
 * reference: `Authorization: Token <key>`, a JSON body `{ "text": … }`, `summarize` and `topics`
 * query flags, and an answer with `metadata` and `results.summary.text` /
 * `results.topics.segments[].topics[]`. The real SDK is pointed at it.
 */
export class DeepgramReadStandin {
  readonly requests: { query: Record<string, string>; text: string }[] = [];
  answer: { summary: string; topics: { topic: string; confidence_score: number }[] } = {
    summary: 'The client talked about their week.',
    topics: [{ topic: 'Wellbeing', confidence_score: 0.9 }],
  };
  /** Answer every request with this status instead (an outage). */
  failWith: number | null = null;

  private constructor(
    private readonly server: http.Server,
    private readonly apiKey: string,
  ) {}

  static async start(apiKey: string): Promise<DeepgramReadStandin> {
    const server = http.createServer();
    const standin = new DeepgramReadStandin(server, apiKey);
    server.on('request', (req, res) => void standin.onRequest(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standin;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiUrl);
    if (req.method !== 'POST' || url.pathname !== '/v1/read') {
      res.writeHead(404).end();
      return;
    }
    if (req.headers.authorization !== `Token ${this.apiKey}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ err_code: 'INVALID_AUTH' }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let text = '';
    try {
      text = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: unknown }).text ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ query, text });
    if (this.failWith) {
      res.writeHead(this.failWith, { 'content-type': 'application/json' }).end('{"err_code":"UNAVAILABLE"}');
      return;
    }
    const results: Record<string, unknown> = {};
    if (query.summarize) results.summary = { text: this.answer.summary };
    if (query.topics === 'true')
      results.topics = {
        segments: [{ text, start_word: 0, end_word: text.split(/\s+/).length, topics: this.answer.topics }],
      };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        metadata: { request_id: randomUUID(), created: new Date().toISOString(), language: 'en' },
        results,
      }),
    );
  }
}
