import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible chat-completions server for tests and benchmarks, written from
 * OpenAI's API reference: `POST /v1/chat/completions` with a Bearer key, a JSON body of `model`,
 * `messages` and `response_format` (`json_schema`), answered with a `chat.completion` object
 * (`choices[0].message.content` the JSON text, `usage` in tokens) or an `{ error: { message,
 * type, param, code } }` refusal with the documented status. What the "model" says is up to the
 * test: a queue of scripted answers first, then `respond`.
 */

export interface ChatMessage {
  role: string;
  content: string;
}

export interface RecordedCompletion {
  model: string;
  messages: ChatMessage[];
  responseFormat: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } } | null;
  authorization: string | null;
}

/** One scripted answer: the assistant's content, or an HTTP failure. */
export type ScriptedAnswer = { content: string } | { status: 429 | 500 | 503 };

export class ChatCompletionsStandIn {
  readonly requests: RecordedCompletion[] = [];
  /** Answers given in order before `respond` is asked. */
  readonly script: ScriptedAnswer[] = [];
  /** The default answer: the assistant message's content for a request. */
  respond: (request: RecordedCompletion) => string = () => '{}';

  private constructor(
    private readonly server: Server,
    readonly apiKey: string,
  ) {}

  static async start(apiKey = `sk-standin-${randomBytes(12).toString('hex')}`): Promise<ChatCompletionsStandIn> {
    let standIn: ChatCompletionsStandIn | null = null;
    const server = createServer((req, res) => {
      standIn?.handle(req, res).catch((err: unknown) => reply(res, 500, apiError(String(err), 'server_error')));
    });
    standIn = new ChatCompletionsStandIn(server, apiKey);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  /** The base URL the SDK is given (`OPENAI_BASE_URL`). */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/chat/completions')
      return reply(res, 404, apiError(`Unknown request URL: ${req.method} ${req.url}`, 'invalid_request_error'));
    const authorization = req.headers.authorization ?? null;
    if (authorization !== `Bearer ${this.apiKey}`)
      return reply(res, 401, apiError('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: { model?: unknown; messages?: unknown; response_format?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reply(res, 400, apiError('We could not parse the JSON body of your request.', 'invalid_request_error'));
    }
    if (typeof body.model !== 'string' || body.model === '')
      return reply(res, 400, apiError('you must provide a model parameter', 'invalid_request_error', null, 'model'));
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return reply(
        res,
        400,
        apiError("'messages' must be a non-empty array", 'invalid_request_error', null, 'messages'),
      );
    const format = body.response_format as RecordedCompletion['responseFormat'];
    if (format && format.type === 'json_schema' && !format.json_schema?.schema)
      return reply(
        res,
        400,
        apiError(
          "Missing required parameter: 'response_format.json_schema'.",
          'invalid_request_error',
          null,
          'response_format',
        ),
      );
    const request: RecordedCompletion = {
      model: body.model,
      messages: body.messages as ChatMessage[],
      responseFormat: format ?? null,
      authorization,
    };
    this.requests.push(request);
    const scripted = this.script.shift();
    if (scripted && 'status' in scripted)
      return reply(res, scripted.status, apiError('The server is overloaded.', 'server_error'));
    const content = scripted ? scripted.content : this.respond(request);
    const promptTokens = Math.ceil(request.messages.reduce((n, m) => n + String(m.content).length, 0) / 4);
    const completionTokens = Math.ceil(content.length / 4);
    reply(res, 200, {
      id: `chatcmpl-${randomBytes(12).toString('hex')}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
      system_fingerprint: 'fp_standin',
    });
  }
}

function apiError(message: string, type: string, code: string | null = null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': `req_${randomBytes(8).toString('hex')}`,
  });
  res.end(text);
}
