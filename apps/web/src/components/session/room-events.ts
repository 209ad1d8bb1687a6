/**
 * The room as its live feed describes it: `session.events` yields every message, timer warning,
 * state change and presence change of an appointment, in id order. This folds them into what
 * the room page shows. Pure, so it is tested without a browser.
 */

export type MessageKind = 'chat' | 'transcript' | 'system';
export type MessageSender = 'client' | 'coach' | 'admin' | 'ai' | 'system';
export type RoomStatus = 'active' | 'completed';

export interface LiveMessage {
  id: string;
  kind: MessageKind;
  sender: MessageSender;
  senderName: string;
  content: string;
  seq: number | null;
  spokenAt: Date | null;
  confidence: number | null;
  isFinal: boolean;
  createdAt: Date;
}

export interface TimerWarning {
  minutesLeft: number;
  endsAt: Date;
  /** When the warning arrived in this page: replayed warnings of an earlier visit are old news. */
  eventId: string;
}

export interface Presence {
  identity: string;
  name: string;
  role: string;
  joined: boolean;
}

export interface RoomFeed {
  /** The last event folded in; anything at or below it is a replay and changes nothing. */
  lastEventId: string | null;
  /** Null until the feed says; the page then trusts the join answer (the room is open). */
  status: RoomStatus | null;
  completedBy: string | null;
  /** Chat and system notes, oldest first. */
  chat: LiveMessage[];
  /** Final transcript segments in spoken order. */
  transcript: LiveMessage[];
  /** What each speaker is saying right now, until its final segment arrives. */
  interim: Partial<Record<MessageSender, LiveMessage>>;
  warnings: TimerWarning[];
  presence: Record<string, Presence>;
}

export interface FeedEvent {
  id: string;
  data: { type: string; payload: unknown };
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
};

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
function date(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value !== 'string') return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

const kinds: readonly MessageKind[] = ['chat', 'transcript', 'system'];
const senders: readonly MessageSender[] = ['client', 'coach', 'admin', 'ai', 'system'];

/** A `message` payload (dates as ISO strings), or null when it is not one. */
export function parseMessage(payload: unknown): LiveMessage | null {
  if (!isObject(payload)) return null;
  const id = str(payload.id);
  const content = str(payload.content);
  const kind = kinds.find((k) => k === payload.kind);
  const sender = senders.find((s) => s === payload.sender);
  const createdAt = date(payload.createdAt);
  if (!id || content === null || !kind || !sender || !createdAt) return null;
  return {
    id,
    kind,
    sender,
    senderName: str(payload.senderName) ?? sender,
    content,
    seq: num(payload.seq),
    spokenAt: date(payload.spokenAt),
    confidence: num(payload.confidence),
    isFinal: payload.isFinal !== false,
    createdAt,
  };
}

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

/** Folds one event in; replays (ids already seen) and unreadable events change nothing. */
export function applyEvent(feed: RoomFeed, event: FeedEvent): RoomFeed {
  if (!isNewer(event.id, feed.lastEventId)) return feed;
  const next = { ...feed, lastEventId: event.id };
  const { type, payload } = event.data;
  if (!isObject(payload)) return next;
  switch (type) {
    case 'message': {
      const message = parseMessage(payload);
      return message ? applyMessage(next, message) : next;
    }
    case 'timer_warning': {
      const minutesLeft = num(payload.minutesLeft);
      const endsAt = date(payload.endsAt);
      if (minutesLeft === null || !endsAt || next.warnings.some((w) => w.minutesLeft === minutesLeft)) return next;
      return { ...next, warnings: [...next.warnings, { minutesLeft, endsAt, eventId: event.id }] };
    }
    case 'state': {
      const status = payload.status === 'completed' ? 'completed' : payload.status === 'active' ? 'active' : null;
      if (!status) return next;
      // A session that ended stays ended, whatever arrives after.
      if (next.status === 'completed') return next;
      return { ...next, status, completedBy: status === 'completed' ? (str(payload.by) ?? null) : null };
    }
    case 'participant': {
      const identity = str(payload.identity);
      if (!identity) return next;
      const presence: Presence = {
        identity,
        name: str(payload.name) ?? 'Someone',
        role: str(payload.role) ?? 'participant',
        joined: payload.joined === true,
      };
      return { ...next, presence: { ...next.presence, [identity]: presence } };
    }
    default:
      return next;
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
