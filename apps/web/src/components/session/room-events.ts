/**
 * The room as its live feed describes it: `session.events` yields every message, timer warning,
 * state change and presence change of an appointment, in id order. This folds them into what
 * the room page shows. Pure, so it is tested without a browser. Every type here is inferred
 * from the router: the server's event union is the only description of an event.
 */
import type { RouterOutputs } from '../../lib/api-types';

/** One event of `session.events`, as the router types it: `{ id, data }` with `data` the event. */
export type FeedEvent = RouterOutputs['session']['events'] extends AsyncIterable<infer Tracked> ? Tracked : never;
export type SessionEvent = FeedEvent['data'];
export type LiveMessage = Extract<SessionEvent, { type: 'message' }>['message'];
export type MessageSender = LiveMessage['sender'];
export type RoomStatus = Extract<SessionEvent, { type: 'state' }>['status'];
type Participant = Extract<SessionEvent, { type: 'participant' }>;
/** Transcription and the assistant, as the last privacy event left them. */
export type RoomPrivacyState = Omit<Extract<SessionEvent, { type: 'privacy' }>, 'type'>;

export interface TimerWarning {
  minutesLeft: number;
  endsAt: Date;
  /** When the warning arrived in this page: replayed warnings of an earlier visit are old news. */
  eventId: string;
}

export interface Presence {
  identity: string;
  name: string;
  role: Participant['role'];
  joined: boolean;
}

export interface RoomFeed {
  /** The last event folded in; anything at or below it is a replay and changes nothing. */
  lastEventId: string | null;
  /** Null until the feed says; the page then trusts the join answer (the room is open). */
  status: RoomStatus | null;
  completedBy: Extract<SessionEvent, { type: 'state' }>['by'] | null;
  /** Chat and system notes, oldest first. */
  chat: LiveMessage[];
  /** Final transcript segments in spoken order. */
  transcript: LiveMessage[];
  /** What each speaker is saying right now, until its final segment arrives. */
  interim: Partial<Record<MessageSender, LiveMessage>>;
  warnings: TimerWarning[];
  presence: Record<string, Presence>;
  /** Null until the feed says; the page then trusts what it asked before joining. */
  privacy: RoomPrivacyState | null;
}

export const emptyFeed: RoomFeed = {
  lastEventId: null,
  status: null,
  completedBy: null,
  chat: [],
  transcript: [],
  interim: {},
  warnings: [],
  presence: {},
  privacy: null,
};

/** Spoken order: when it was said, then the producer's sequence number. */
export function bySpokenOrder(a: LiveMessage, b: LiveMessage): number {
  const at = (m: LiveMessage) => (m.spokenAt ?? m.createdAt).getTime();
  return at(a) - at(b) || (a.seq ?? 0) - (b.seq ?? 0) || a.createdAt.getTime() - b.createdAt.getTime();
}

function byCreated(a: LiveMessage, b: LiveMessage): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function insertSorted(list: LiveMessage[], message: LiveMessage, order: (a: LiveMessage, b: LiveMessage) => number) {
  if (list.some((m) => m.id === message.id)) return list;
  const next = [...list, message];
  // Almost always already last; sorting a nearly sorted list is cheap.
  if (list.length > 0 && order(list[list.length - 1] as LiveMessage, message) > 0) next.sort(order);
  return next;
}

/** Does this final segment settle what the speaker's interim segment was saying? */
function settles(final: LiveMessage, interim: LiveMessage): boolean {
  if (final.seq !== null && interim.seq !== null) return final.seq >= interim.seq;
  return bySpokenOrder(interim, final) <= 0;
}

function applyMessage(feed: RoomFeed, message: LiveMessage): RoomFeed {
  if (message.kind !== 'transcript') return { ...feed, chat: insertSorted(feed.chat, message, byCreated) };
  const current = feed.interim[message.sender];
  if (!message.isFinal) {
    // An older interim arriving late changes nothing.
    if (current && bySpokenOrder(message, current) < 0) return feed;
    return { ...feed, interim: { ...feed.interim, [message.sender]: message } };
  }
  const interim = { ...feed.interim };
  if (current && settles(message, current)) delete interim[message.sender];
  return { ...feed, interim, transcript: insertSorted(feed.transcript, message, bySpokenOrder) };
}

function isNewer(id: string, last: string | null): boolean {
  if (last === null) return true;
  try {
    return BigInt(id) > BigInt(last);
  } catch {
    return id !== last;
  }
}

/** Folds one event in; replays (ids already seen) change nothing. */
export function applyEvent(feed: RoomFeed, event: FeedEvent): RoomFeed {
  if (!isNewer(event.id, feed.lastEventId)) return feed;
  const next = { ...feed, lastEventId: event.id };
  const data = event.data;
  switch (data.type) {
    case 'message':
      return applyMessage(next, data.message);
    case 'timer_warning': {
      if (next.warnings.some((w) => w.minutesLeft === data.minutesLeft)) return next;
      return {
        ...next,
        warnings: [...next.warnings, { minutesLeft: data.minutesLeft, endsAt: data.endsAt, eventId: event.id }],
      };
    }
    case 'state':
      // A session that ended stays ended, whatever arrives after.
      if (next.status === 'completed') return next;
      return { ...next, status: data.status, completedBy: data.status === 'completed' ? (data.by ?? null) : null };
    case 'participant': {
      const presence: Presence = {
        identity: data.identity,
        name: data.name ?? 'Someone',
        role: data.role,
        joined: data.joined,
      };
      return { ...next, presence: { ...next.presence, [data.identity]: presence } };
    }
    case 'privacy': {
      const { type: _type, ...privacy } = data;
      return { ...next, privacy };
    }
  }
}

/**
 * A message this page already holds (the answer to its own `sendMessage`), shown before its
 * event arrives; the event then finds it in place. Event ids are not touched.
 */
export function addMessage(feed: RoomFeed, message: LiveMessage): RoomFeed {
  return applyMessage(feed, message);
}

export type FeedAction = { type: 'event'; event: FeedEvent } | { type: 'sent'; message: LiveMessage };

export function reduceFeed(feed: RoomFeed, action: FeedAction): RoomFeed {
  return action.type === 'event' ? applyEvent(feed, action.event) : addMessage(feed, action.message);
}

/** The interim segments to show after the final ones, in spoken order. */
export function interimSegments(feed: RoomFeed): LiveMessage[] {
  return Object.values(feed.interim)
    .filter((m): m is LiveMessage => m !== undefined)
    .sort(bySpokenOrder);
}
