/**
 * The room as its live feed describes it: `session.events` yields every message, timer warning,
 * state change, presence change and assistant change of an appointment, in id order, and live
 * captions as they are spoken. This folds them into what
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
export type Caption = Omit<Extract<SessionEvent, { type: 'caption' }>, 'type'>;
export type AssistantMode = Extract<SessionEvent, { type: 'assistant_mode' }>['mode'];
export type AssistantState = Extract<SessionEvent, { type: 'assistant_state' }>['state'];

export interface Assistant {
  /** Null until the feed says; the page then uses the join answer. */
  mode: AssistantMode | null;
  /** Null until the agent reports: nobody is listening yet. */
  state: AssistantState | null;
  wakePhrase: string | null;
  /** The last "Ask the assistant": who, and when. */
  asked: { identity: string; at: Date } | null;
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
  /** What each participant is saying right now (live captions), until their final segment arrives. */
  captions: Record<string, Caption>;
  /** When each kind of speaker's latest final segment was spoken: a caption of before it is stale. */
  settledUpTo: Partial<Record<MessageSender, Date>>;
  assistant: Assistant;
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
  captions: {},
  settledUpTo: {},
  assistant: { mode: null, state: null, wakePhrase: null, asked: null },
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

function applyMessage(feed: RoomFeed, message: LiveMessage): RoomFeed {
  if (message.kind !== 'transcript') return { ...feed, chat: insertSorted(feed.chat, message, byCreated) };
  const spoken = message.spokenAt ?? message.createdAt;
  const settled = feed.settledUpTo[message.sender];
  // The speaker's final words settle their caption of the same utterance (or an earlier one).
  const captions = Object.fromEntries(
    Object.entries(feed.captions).filter(([, c]) => !(c.sender === message.sender && c.startedAt <= spoken)),
  );
  return {
    ...feed,
    captions,
    settledUpTo: { ...feed.settledUpTo, [message.sender]: settled && settled > spoken ? settled : spoken },
    transcript: insertSorted(feed.transcript, message, bySpokenOrder),
  };
}

/** A live caption: it replaces the speaker's last one, unless its utterance is already settled. */
function applyCaption(feed: RoomFeed, caption: Caption): RoomFeed {
  const settled = feed.settledUpTo[caption.sender];
  if (settled && caption.startedAt <= settled) return feed;
  const current = feed.captions[caption.identity];
  if (current && caption.startedAt < current.startedAt) return feed;
  return { ...feed, captions: { ...feed.captions, [caption.identity]: caption } };
}

function isNewer(id: string, last: string | null): boolean {
  if (last === null) return true;
  try {
    return BigInt(id) > BigInt(last);
  } catch {
    return id !== last;
  }
}

/**
 * Folds one event in; replays (ids already seen) change nothing. Captions are live only: they
 * carry the id of the last stored event, so they are folded in whatever their id.
 */
export function applyEvent(feed: RoomFeed, event: FeedEvent): RoomFeed {
  if (event.data.type === 'caption') {
    const { type: _type, ...caption } = event.data;
    return applyCaption(feed, caption);
  }
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
    case 'assistant_mode':
      return { ...next, assistant: { ...next.assistant, mode: data.mode } };
    case 'assistant_state':
      return {
        ...next,
        assistant: { ...next.assistant, state: data.state, wakePhrase: data.wakePhrase ?? next.assistant.wakePhrase },
      };
    case 'assistant_asked':
      return { ...next, assistant: { ...next.assistant, asked: { identity: data.identity, at: data.at } } };
    case 'signal':
      // The peer-to-peer call's business (use-peer-call.ts), not the room's.
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

/** The live captions to show after the final segments, in the order their utterances began. */
export function liveCaptions(feed: RoomFeed): Caption[] {
  return Object.values(feed.captions).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
}
