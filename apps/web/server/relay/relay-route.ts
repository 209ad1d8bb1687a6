import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type AppSettings,
  agentRelayAccess,
  DomainError,
  httpStatusOf,
  type RelaySpeaker,
  relayAccess,
  resolvePrincipal,
  SESSION_COOKIE,
  type ServiceTokens,
} from '@hybridcoach/api';
import { RELAY_MAX_FRAME_BYTES } from '@hybridcoach/api/wire';
import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import { type WebSocket, WebSocketServer } from 'ws';
import { RelayHub } from './relay-hub';

/** How often an open relay socket is asked again whether it may stay (sign-out, pause, AI off, lost claim). */
export const RELAY_RECHECK_MS = 5_000;

const PATH = /^\/relay\/([A-Za-z0-9_-]{1,64})(\/agent)?$/;

export interface RelayOptions {
  db: Db;
  logger: Logger;
  settings: AppSettings;
  serviceTokens: ServiceTokens;
  now: () => Date;
  parseCookie: (header: string) => Record<string, string | undefined>;
}

type Admitted =
  | { kind: 'speaker'; appointmentId: string; speaker: RelaySpeaker; sessionToken: string }
  | { kind: 'agent'; appointmentId: string; agentId: string };

/**
 * The transcription relay's WebSocket endpoint (peer-to-peer rooms): `/relay/<appointmentId>` for
 * a participant's browser — their session cookie, an Origin of ours, and `relayAccess` (one of the
 * room's people, the session live, the assistant on, transcription not paused) — and
 * `/relay/<appointmentId>/agent?agentId=…` for the agent — its service token and the room's claim.
 * Refusals are plain HTTP answers before the upgrade; an open socket is re-checked every
 * `RELAY_RECHECK_MS` and closed (4403) when it may no longer stay.
 */
export function relayEndpoint(options: RelayOptions) {
  const hub = new RelayHub(options.logger);
  const wss = new WebSocketServer({ noServer: true, maxPayload: RELAY_MAX_FRAME_BYTES });

  const admit = async (req: IncomingMessage, appointmentId: string, agent: boolean): Promise<Admitted> => {
    const now = options.now();
    if (agent) {
      const { principal } = await resolvePrincipal({
        db: options.db,
        authorization: req.headers.authorization,
        sessionToken: undefined,
        serviceTokens: options.serviceTokens,
        now,
        sessions: options.settings.sessions,
      });
      if (principal.kind !== 'service' || principal.service !== 'agent')
        throw new DomainError('UNAUTHORIZED', 'Only the agent hears the relay.');
      const agentId = new URL(req.url ?? '/', 'http://relay').searchParams.get('agentId') ?? '';
      await agentRelayAccess(options, { agentId, appointmentId });
      return { kind: 'agent', appointmentId, agentId };
    }
    if (!originTrusted(req, options.settings)) throw new DomainError('FORBIDDEN', 'Cross-origin request refused.');
    const sessionToken = options.parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE] ?? '';
    const speaker = await speakerFor(sessionToken, appointmentId);
    return { kind: 'speaker', appointmentId, speaker, sessionToken };
  };

  const speakerFor = async (sessionToken: string, appointmentId: string): Promise<RelaySpeaker> => {
    const { principal } = await resolvePrincipal({
      db: options.db,
      authorization: undefined,
      sessionToken,
      serviceTokens: options.serviceTokens,
      now: options.now(),
      sessions: options.settings.sessions,
    });
    if (principal.kind !== 'user') throw new DomainError('UNAUTHORIZED', 'Sign in first.');
    return relayAccess(options, principal, appointmentId);
  };

  /** Closes the socket once the check throws (checked again every RELAY_RECHECK_MS). */
  const keepChecking = (socket: WebSocket, check: () => Promise<unknown>) => {
    const timer = setInterval(() => {
      check().catch((err: unknown) => {
        const reason = err instanceof DomainError ? err.message : 'The relay could not check access.';
        if (!(err instanceof DomainError)) options.logger.warn({ err }, 'relay re-check failed');
        socket.close(4403, reason.slice(0, 120));
      });
    }, RELAY_RECHECK_MS);
    socket.on('close', () => clearInterval(timer));
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = PATH.exec(new URL(req.url ?? '/', 'http://relay').pathname);
    if (!match?.[1]) {
      refuse(socket, 404, 'Not Found');
      return;
    }
    const appointmentId = match[1];
    admit(req, appointmentId, match[2] !== undefined).then(
      (admitted) =>
        wss.handleUpgrade(req, socket, head, (ws) => {
          if (admitted.kind === 'agent') {
            hub.setAgent(appointmentId, ws);
            keepChecking(ws, () => agentRelayAccess(options, admitted));
          } else {
            hub.addSpeaker(appointmentId, ws, admitted.speaker);
            keepChecking(ws, () => speakerFor(admitted.sessionToken, appointmentId));
          }
        }),
      (err: unknown) => {
        if (err instanceof DomainError) refuse(socket, httpStatusOf(err), err.message);
        else {
          options.logger.error({ err, appointmentId }, 'relay upgrade failed');
          refuse(socket, 500, 'Internal Server Error');
        }
      },
    );
  };

  return { hub, onUpgrade, close: () => hub.closeAll(1001, 'server shutting down') };
}

/** The same rule as cookie-authenticated mutations: the page is ours (or a trusted origin). */
function originTrusted(req: IncomingMessage, settings: AppSettings): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  return origin === `${protocol}://${req.headers.host ?? ''}` || settings.trustedOrigins.includes(origin);
}

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${status < 500 ? 'Refused' : 'Error'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
