import type { Logger } from '@hybridcoach/config';
import { message as errorMessage } from './retry';

/**
 * One send on a Deepgram socket that may have closed under us (its close handler takes it from
 * there): whether it went out. `what` names the socket in the debug line.
 */
export function sendOn<S>(socket: S | null, action: (socket: S) => void, logger: Logger, what: string): boolean {
  if (!socket) return false;
  try {
    action(socket);
    return true;
  } catch (err) {
    logger.debug({ err: errorMessage(err) }, `${what} socket not open`);
    return false;
  }
}
