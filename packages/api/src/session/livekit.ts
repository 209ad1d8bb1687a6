import { AccessToken, WebhookReceiver } from 'livekit-server-sdk';
import type { AppSettings } from '../core/settings';

type LiveKitSettings = NonNullable<AppSettings['livekit']>;

export const LIVEKIT_TOKEN_TTL_SECONDS = 10 * 60;

/**
 * A token for one room only, for one identity, with publish/subscribe/data grants. Short-lived:
 * it is needed to connect, and the page asks for a new one to reconnect.
 */
export async function mintRoomToken(
  livekit: LiveKitSettings,
  input: { roomId: string; identity: string; name: string; metadata?: string },
): Promise<string> {
  const token = new AccessToken(livekit.apiKey, livekit.apiSecret, {
    identity: input.identity,
    name: input.name,
    metadata: input.metadata,
    ttl: LIVEKIT_TOKEN_TTL_SECONDS,
  });
  token.addGrant({ room: input.roomId, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
  return token.toJwt();
}

/** Verifies a webhook's signature (JWT over the body's SHA-256) with the SDK and parses it. */
export function webhookReceiver(livekit: LiveKitSettings): WebhookReceiver {
  return new WebhookReceiver(livekit.apiKey, livekit.apiSecret);
}
