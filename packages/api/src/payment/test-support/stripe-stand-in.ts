import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FormObject, type FormValue, parseStripeForm } from './stripe-form';

/**
 * A local Stripe for tests, written from Stripe's API reference: the part of the HTTP API the
 * product uses (Checkout Sessions, Refunds), form-encoded requests with bracketed nesting,
 * Bearer secret keys, idempotency keys, JSON objects and `{ error: { type, code, param,
 * message } }` refusals as documented; a hosted checkout page that takes Stripe's test cards;
 * and webhook events delivered the way Stripe signs them (`Stripe-Signature:
 * t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`). It charges nobody and needs no network.
 */

type Json = { [key: string]: unknown };

export interface RecordedRequest {
  method: string;
  path: string;
  params: FormObject;
  idempotencyKey: string | null;
  stripeVersion: string | null;
}

export interface Delivery {
  event: StripeEvent;
  /** The exact bytes sent and their signature, for a test that hands them over itself. */
  payload: string;
  signature: string;
  /** The endpoint's answer; 0 when no `webhookUrl` was set (nothing was sent). */
  status: number;
  body: string;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: Json };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** Stripe's documented test cards: this one is declined; every other number is paid. */
export const DECLINED_CARD = '4000000000000002';
export const PAID_CARD = '4242424242424242';

const API_VERSION = '2026-10-28.endive';
const DEFAULT_EXPIRY_SECONDS = 24 * 3600;

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; message: string; code?: string; param?: string },
  ) {
    super(body.message);
  }
}

const id = (prefix: string, length = 24) =>
  `${prefix}_${randomBytes(length)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, length)}`;

export class StripeStandIn {
  /** Where webhook events go (`<server>/webhooks/stripe`); none are sent while null. */
  webhookUrl: string | null = null;
  readonly requests: RecordedRequest[] = [];
  readonly deliveries: Delivery[] = [];
  readonly checkoutSessions = new Map<string, Json>();
  private readonly paymentIntents = new Map<string, Json>();
  private readonly charges = new Map<string, Json>();
  private readonly idempotent = new Map<string, { params: string; status: number; body: Json }>();
  private readonly inFlight = new Set<Promise<void>>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly options: { apiKey: string; webhookSecret: string; now: () => Date },
  ) {}

  static async start(options: { apiKey?: string; webhookSecret: string; now?: () => Date }): Promise<StripeStandIn> {
    let standIn: StripeStandIn | undefined;
    const server = createServer((req, res) => {
      void standIn?.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    standIn = new StripeStandIn(server, `http://127.0.0.1:${port}`, {
      apiKey: options.apiKey ?? 'sk_test_standin',
      webhookSecret: options.webhookSecret,
      now: options.now ?? (() => new Date()),
    });
    return standIn;
  }

  async close(): Promise<void> {
    await this.settled();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves when every webhook delivery started so far has been answered. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** `Stripe-Signature` for a payload, as Stripe computes it; a test forges with another secret or time. */
  signatureHeader(payload: string, options: { secret?: string; timestamp?: number } = {}): string {
    const t = options.timestamp ?? this.unixNow();
    const v1 = createHmac('sha256', options.secret ?? this.options.webhookSecret)
      .update(`${t}.${payload}`)
      .digest('hex');
    return `t=${t},v1=${v1}`;
  }

  /** What the hosted page does when the payer submits a card: pay (or decline) a checkout. */
  async pay(checkoutId: string, card = PAID_CARD): Promise<{ paid: boolean; redirect: string | null }> {
    const outcome = this.submitCard(checkoutId, card);
    await this.settled();
    return outcome;
  }

  /** Sends an event of ours about an object, signed, and waits for the answer. */
  async sendEvent(type: string, object: Json): Promise<Delivery> {
    const event = this.event(type, object, null);
    return this.deliver(event);
  }

  /** Delivers an event again, exactly as before (Stripe does so after a timeout or from the dashboard). */
  async redeliver(eventId: string): Promise<Delivery> {
    const first = this.deliveries.find((d) => d.event.id === eventId);
    if (!first) throw new Error(`no event ${eventId} was delivered`);
    return this.deliver(first.event);
  }

  deliveriesOf(type: string): Delivery[] {
    return this.deliveries.filter((d) => d.event.type === type);
  }

  private isOpen(session: Json): boolean {
    return session.status === 'open' && (session.expires_at as number) > this.unixNow();
  }

  private unixNow(): number {
    return Math.floor(this.options.now().getTime() / 1000);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    try {
      if (url.pathname.startsWith('/c/pay/')) return this.checkoutPage(req, res, url, body);
      if (url.pathname.startsWith('/v1/')) return this.api(req, res, url, body);
      res.writeHead(404).end();
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    }
  }

  // ---- the REST API -------------------------------------------------------------------------

  private api(req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    const header = (name: string) => {
      const value = req.headers[name];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    };
    const params = parseStripeForm(body || url.search.slice(1));
    const request = { requestId: id('req', 14), idempotencyKey: header('idempotency-key') };
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      params,
      idempotencyKey: request.idempotencyKey,
      stripeVersion: header('stripe-version'),
    });
    let answer: { status: number; body: Json; replayed?: boolean };
    try {
      answer = this.answer(req.method ?? 'GET', url.pathname, params, header('authorization'), request);
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
      answer = { status: err.status, body: { error: { ...err.body, request_log_url: null } } };
    }
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      'request-id': request.requestId,
      'stripe-version': header('stripe-version') ?? API_VERSION,
      ...(answer.replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
    res.end(JSON.stringify(answer.body, null, 2));
  }

  /** Authentication, then idempotency (a POST's key replays its first answer), then the endpoint. */
  private answer(
    method: string,
    path: string,
    params: FormObject,
    authorization: string | null,
    request: { requestId: string; idempotencyKey: string | null },
  ): { status: number; body: Json; replayed?: boolean } {
    if (authorization !== `Bearer ${this.options.apiKey}`) {
      throw new StripeApiError(401, {
        type: 'invalid_request_error',
        message: authorization
          ? 'Invalid API Key provided: sk_test_****'
          : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      });
    }
    const key = method === 'POST' ? request.idempotencyKey : null;
    if (!key) return { status: 200, body: this.route(method, path, params, request) };
    const fingerprint = `${path} ${JSON.stringify(params)}`;
    const seen = this.idempotent.get(key);
    if (seen && seen.params !== fingerprint) {
      throw new StripeApiError(400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    if (seen) return { status: seen.status, body: seen.body, replayed: true };
    const body = this.route(method, path, params, request);
    this.idempotent.set(key, { params: fingerprint, status: 200, body });
    return { status: 200, body };
  }

  private route(
    method: string,
    path: string,
    params: FormObject,
    request: { requestId: string; idempotencyKey: string | null },
  ): Json {
    if (method === 'POST' && path === '/v1/checkout/sessions') return this.createCheckoutSession(params);
    const session = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (method === 'GET' && session?.[1]) return this.found('checkout.session', this.checkoutSessions, session[1]);
    if (method === 'POST' && path === '/v1/refunds') return this.createRefund(params, request);
    throw new StripeApiError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}).`,
    });
  }

  private found(kind: string, store: Map<string, Json>, key: string): Json {
    const value = store.get(key);
    if (!value) {
      throw new StripeApiError(404, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'id',
        message: `No such ${kind}: '${key}'`,
      });
    }
    return value;
  }

  private createCheckoutSession(params: FormObject): Json {
    allowOnly(params, [
      'mode',
      'line_items',
      'customer_email',
      'client_reference_id',
      'success_url',
      'cancel_url',
      'metadata',
      'payment_intent_data',
      'expires_at',
    ]);
    if (params.mode === undefined) missing('mode');
    if (params.mode !== 'payment') {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'parameter_invalid_string',
        param: 'mode',
        message: 'This stand-in supports only mode=payment.',
      });
    }
    const items = params.line_items;
    if (!Array.isArray(items) || items.length === 0) missing('line_items');
    let amountTotal = 0;
    let currency = '';
    for (const [i, item] of items.entries()) {
      const line = asObject(item, `line_items[${i}]`);
      const price = asObject(line.price_data, `line_items[${i}][price_data]`);
      const unit = integer(price.unit_amount, `line_items[${i}][price_data][unit_amount]`);
      const quantity = line.quantity === undefined ? 1 : integer(line.quantity, `line_items[${i}][quantity]`);
      const product = asObject(price.product_data, `line_items[${i}][price_data][product_data]`);
      if (typeof product.name !== 'string' || !product.name)
        missing(`line_items[${i}][price_data][product_data][name]`);
      if (typeof price.currency !== 'string') missing(`line_items[${i}][price_data][currency]`);
      currency = price.currency.toLowerCase();
      amountTotal += unit * quantity;
    }
    // Stripe's minimum charge in USD is $0.50.
    if (amountTotal < 50) {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'amount_too_small',
        param: 'line_items[0][price_data][unit_amount]',
        message: "The Checkout Session's total amount due must add up to at least $0.50 usd",
      });
    }
    if (typeof params.success_url !== 'string') missing('success_url');
    const created = this.unixNow();
    const checkoutId = id('cs_test', 58);
    const session: Json = {
      id: checkoutId,
      object: 'checkout.session',
      amount_subtotal: amountTotal,
      amount_total: amountTotal,
      cancel_url: typeof params.cancel_url === 'string' ? params.cancel_url : null,
      client_reference_id: typeof params.client_reference_id === 'string' ? params.client_reference_id : null,
      created,
      currency,
      customer: null,
      customer_details: null,
      customer_email: typeof params.customer_email === 'string' ? params.customer_email : null,
      expires_at:
        params.expires_at === undefined ? created + DEFAULT_EXPIRY_SECONDS : integer(params.expires_at, 'expires_at'),
      livemode: false,
      metadata: stringMap(params.metadata),
      mode: 'payment',
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: params.success_url,
      url: `${this.url}/c/pay/${checkoutId}`,
    };
    this.checkoutSessions.set(checkoutId, session);
    // Kept for the PaymentIntent the page creates when the payer submits a card.
    const intentData = params.payment_intent_data;
    session._intentData = typeof intentData === 'object' && !Array.isArray(intentData) ? intentData : {};
    return publicView(session);
  }

  private createRefund(params: FormObject, request: { requestId: string; idempotencyKey: string | null }): Json {
    allowOnly(params, ['payment_intent', 'charge', 'amount', 'metadata', 'reason']);
    let charge: Json | undefined;
    if (typeof params.payment_intent === 'string') {
      const intent = this.found('payment_intent', this.paymentIntents, params.payment_intent);
      charge = typeof intent.latest_charge === 'string' ? this.charges.get(intent.latest_charge) : undefined;
      if (!charge) {
        throw new StripeApiError(400, {
          type: 'invalid_request_error',
          code: 'charge_not_refundable',
          message: `This PaymentIntent (${params.payment_intent}) does not have a successful charge to refund.`,
        });
      }
    } else if (typeof params.charge === 'string') {
      charge = this.found('charge', this.charges, params.charge);
    } else {
      missing('payment_intent');
    }
    const amount = charge.amount as number;
    const already = charge.amount_refunded as number;
    const refundAmount = params.amount === undefined ? amount - already : integer(params.amount, 'amount');
    if (already >= amount) {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        message: `Charge ${String(charge.id)} has already been refunded.`,
      });
    }
    if (refundAmount <= 0 || already + refundAmount > amount) {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'amount_too_large',
        param: 'amount',
        message: `Refund amount ($${(refundAmount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${((amount - already) / 100).toFixed(2)})`,
      });
    }
    const refund: Json = {
      id: id('re'),
      object: 'refund',
      amount: refundAmount,
      charge: charge.id,
      created: this.unixNow(),
      currency: charge.currency,
      metadata: stringMap(params.metadata),
      payment_intent: charge.payment_intent,
      reason: typeof params.reason === 'string' ? params.reason : null,
      status: 'succeeded',
    };
    charge.amount_refunded = already + refundAmount;
    charge.refunded = already + refundAmount === amount;
    // Stripe answers first and notifies after, in its own time.
    this.emit([this.event('refund.created', refund, request), this.event('charge.refunded', { ...charge }, request)]);
    return refund;
  }

  // ---- the hosted checkout page --------------------------------------------------------------

  private checkoutPage(req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    const checkoutId = decodeURIComponent(url.pathname.slice('/c/pay/'.length));
    const session = this.checkoutSessions.get(checkoutId);
    if (!session) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Checkout not found', '<p>Something went wrong: this checkout page does not exist.</p>'));
      return;
    }
    if (!this.isOpen(session)) {
      res.writeHead(410, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Checkout closed', '<p>This checkout session is no longer available.</p>'));
      return;
    }
    if (req.method === 'POST') {
      const card = new URLSearchParams(body).get('card_number') ?? '';
      const outcome = this.submitCard(checkoutId, card);
      if (outcome.redirect) {
        res.writeHead(303, { location: outcome.redirect }).end();
        return;
      }
      res.writeHead(402, { 'content-type': 'text/html; charset=utf-8' });
      res.end(this.checkoutForm(session, 'Your card was declined.'));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(this.checkoutForm(session, null));
  }

  private checkoutForm(session: Json, error: string | null): string {
    const total = money(session.amount_total as number, session.currency as string);
    const back = session.cancel_url
      ? `<p><a href="${escapeHtml(String(session.cancel_url))}">← Back, without paying</a></p>`
      : '';
    return page(
      `Pay ${total}`,
      `<p class="test">TEST MODE</p>
      <h1>Pay ${escapeHtml(total)}</h1>
      <p>${escapeHtml(String(session.customer_email ?? ''))}</p>
      ${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
      <form method="post">
        <label for="card">Card number</label>
        <input id="card" name="card_number" inputmode="numeric" autocomplete="cc-number" required>
        <button type="submit">Pay ${escapeHtml(total)}</button>
      </form>
      ${back}`,
    );
  }

  /**
   * The payer's card against the checkout: declined (4000 0000 0000 0002) leaves the checkout
   * open and reports `payment_intent.payment_failed`; any other number pays, completes the
   * checkout and reports `charge.succeeded`, `payment_intent.succeeded` and
   * `checkout.session.completed`, as Stripe does for a card payment.
   */
  private submitCard(checkoutId: string, card: string): { paid: boolean; redirect: string | null } {
    const session = this.checkoutSessions.get(checkoutId);
    if (!session || !this.isOpen(session)) throw new Error(`checkout ${checkoutId} is not open`);
    const intentData = session._intentData as FormObject;
    const now = this.unixNow();
    const intent: Json = {
      id: typeof session.payment_intent === 'string' ? session.payment_intent : id('pi'),
      object: 'payment_intent',
      amount: session.amount_total,
      amount_received: 0,
      created: now,
      currency: session.currency,
      description: typeof intentData.description === 'string' ? intentData.description : null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: stringMap(intentData.metadata),
      status: 'requires_payment_method',
    };
    session.payment_intent = intent.id;
    this.paymentIntents.set(intent.id as string, intent);
    if (card.replace(/\s/g, '') === DECLINED_CARD) {
      intent.last_payment_error = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
      };
      this.emit([this.event('payment_intent.payment_failed', { ...intent }, null)]);
      return { paid: false, redirect: null };
    }
    const charge: Json = {
      id: id('ch'),
      object: 'charge',
      amount: session.amount_total,
      amount_captured: session.amount_total,
      amount_refunded: 0,
      captured: true,
      created: now,
      currency: session.currency,
      livemode: false,
      metadata: {},
      paid: true,
      payment_intent: intent.id,
      refunded: false,
      status: 'succeeded',
    };
    this.charges.set(charge.id as string, charge);
    Object.assign(intent, { status: 'succeeded', amount_received: session.amount_total, latest_charge: charge.id });
    Object.assign(session, { status: 'complete', payment_status: 'paid' });
    this.emit([
      this.event('charge.succeeded', { ...charge }, null),
      this.event('payment_intent.succeeded', { ...intent }, null),
      this.event('checkout.session.completed', publicView(session), null),
    ]);
    return {
      paid: true,
      redirect: String(session.success_url).replaceAll('{CHECKOUT_SESSION_ID}', checkoutId),
    };
  }

  // ---- webhooks -----------------------------------------------------------------------------

  private event(
    type: string,
    object: Json,
    request: { requestId: string; idempotencyKey: string | null } | null,
  ): StripeEvent {
    return {
      id: id('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: this.unixNow(),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: request?.requestId ?? null, idempotency_key: request?.idempotencyKey ?? null },
      type,
    };
  }

  /** Delivers events one after another, after the current request is answered. */
  private emit(events: StripeEvent[]): void {
    const run = (async () => {
      await new Promise((resolve) => setImmediate(resolve));
      for (const event of events) await this.deliver(event);
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  private async deliver(event: StripeEvent): Promise<Delivery> {
    const payload = JSON.stringify(event, null, 2);
    const signature = this.signatureHeader(payload);
    if (!this.webhookUrl) {
      const kept = { event, payload, signature, status: 0, body: '' };
      this.deliveries.push(kept);
      return kept;
    }
    const response = await fetch(this.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'stripe-signature': signature,
      },
      body: payload,
    });
    const delivery = { event, payload, signature, status: response.status, body: await response.text() };
    this.deliveries.push(delivery);
    return delivery;
  }
}

// ---- helpers ------------------------------------------------------------------------------

function publicView(session: Json): Json {
  const { _intentData: _, ...visible } = session;
  return { ...visible };
}

function stringMap(value: FormValue | undefined): Record<string, string> {
  if (typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function allowOnly(params: FormObject, allowed: string[]): void {
  const unknown = Object.keys(params).find((key) => !allowed.includes(key));
  if (unknown) {
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: unknown,
      message: `Received unknown parameter: ${unknown}`,
    });
  }
}

function missing(param: string): never {
  throw new StripeApiError(400, {
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param,
    message: `Missing required param: ${param}.`,
  });
}

function asObject(value: FormValue | undefined, param: string): FormObject {
  if (typeof value !== 'object' || Array.isArray(value)) missing(param);
  return value;
}

function integer(value: FormValue | undefined, param: string): number {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      param,
      message: `Invalid integer: ${typeof value === 'string' ? value : ''}`,
    });
  }
  return Number(value);
}

function money(cents: number, currency: string): string {
  return currency === 'usd' ? `$${(cents / 100).toFixed(2)}` : `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>*{box-sizing:border-box}body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}.test{color:#b45309;font-weight:600}label,input,button{display:block;width:100%;margin-top:.5rem}input,button{padding:.6rem;font-size:1rem}[role=alert]{color:#b91c1c}</style>
</head><body>${body}</body></html>`;
}
