import { describe, expect, it } from 'vitest';
import {
  addMessage,
  applyEvent,
  emptyFeed,
  type FeedEvent,
  type LiveMessage,
  liveCaptions,
  type RoomFeed,
  type SessionEvent,
} from './room-events';

let nextId = 0;
function event(data: SessionEvent, id = String(++nextId)): FeedEvent {
  return { id, data };
}

function message(overrides: Partial<LiveMessage>): LiveMessage {
  return {
    id: `m${++nextId}`,
    kind: 'chat',
    sender: 'coach',
    senderName: 'Maya Chen',
    content: 'Hello',
    seq: null,
    spokenAt: null,
    confidence: null,
    isFinal: true,
    createdAt: new Date('2031-04-01T10:00:00.000Z'),
    ...overrides,
  };
}

const said = (overrides: Partial<LiveMessage>, id?: string) =>
  event({ type: 'message', message: message(overrides) }, id);

const fold = (events: FeedEvent[], from: RoomFeed = emptyFeed) => events.reduce(applyEvent, from);

describe('applyEvent', () => {
  it('keeps chat in the order it was written', () => {
    const feed = fold([
      said({ content: 'second', createdAt: new Date('2031-04-01T10:00:02.000Z') }),
      said({ content: 'first', createdAt: new Date('2031-04-01T10:00:01.000Z') }),
    ]);
    expect(feed.chat.map((m) => m.content)).toEqual(['first', 'second']);
    expect(feed.chat[0]?.createdAt).toEqual(new Date('2031-04-01T10:00:01.000Z'));
  });

  it('ignores a replayed event id, so a resubscription from the start changes nothing', () => {
    const first = said({ content: 'once' }, '10');
    const feed = fold([first, said({ content: 'other' }, '11')]);
    expect(fold([first], feed)).toBe(feed);
    expect(feed.chat).toHaveLength(2);
    expect(feed.lastEventId).toBe('11');
  });

  it('orders transcript segments by when they were spoken, then by sequence number', () => {
    const at = new Date('2031-04-01T10:01:00.000Z');
    const feed = fold([
      said({ kind: 'transcript', sender: 'client', content: 'b', seq: 2, spokenAt: at }),
      said({ kind: 'transcript', sender: 'coach', content: 'a', seq: 1, spokenAt: at }),
      said({ kind: 'transcript', sender: 'ai', content: 'c', seq: 0, spokenAt: new Date('2031-04-01T10:02:00.000Z') }),
    ]);
    expect(feed.transcript.map((m) => m.content)).toEqual(['a', 'b', 'c']);
    expect(feed.chat).toEqual([]);
  });

  it('shows live captions (whatever their id) until the speaker’s final segment of that utterance arrives', () => {
    const startedAt = new Date('2031-04-01T10:01:00.000Z');
    const caption = (text: string, at = startedAt) =>
      event({ type: 'caption', identity: 'u1', sender: 'client', name: 'Jordan', text, startedAt: at }, '7');
    const before = fold([said({ content: 'hi' }, '7')]);
    const speaking = fold([caption('I slep'), caption('I slept bet')], before);
    expect(liveCaptions(speaking).map((c) => c.text)).toEqual(['I slept bet']);
    expect(speaking.lastEventId).toBe('7');
    expect(speaking.transcript).toEqual([]);
    const settled = fold(
      [said({ kind: 'transcript', sender: 'client', content: 'I slept better', seq: 5, spokenAt: startedAt })],
      speaking,
    );
    expect(liveCaptions(settled)).toEqual([]);
    expect(settled.transcript.map((m) => m.content)).toEqual(['I slept better']);
    // A caption of the settled utterance arriving late changes nothing; the next utterance's shows.
    expect(liveCaptions(fold([caption('I slept better')], settled))).toEqual([]);
    const next = fold([caption('And then', new Date('2031-04-01T10:01:05.000Z'))], settled);
    expect(liveCaptions(next).map((c) => c.text)).toEqual(['And then']);
  });

  it('follows the assistant: the coach’s mode, the agent’s state and the last ask', () => {
    const at = new Date('2031-04-01T10:05:00.000Z');
    const feed = fold([
      event({ type: 'assistant_mode', mode: 'conversational', at }),
      event({ type: 'assistant_state', state: 'listening', wakePhrase: 'assistant', at }),
      event({ type: 'assistant_asked', identity: 'u1', name: 'Jordan', at }),
      event({ type: 'assistant_state', state: 'answering', at }),
    ]);
    expect(feed.assistant).toEqual({
      mode: 'conversational',
      state: 'answering',
      wakePhrase: 'assistant',
      asked: { identity: 'u1', at },
    });
  });

  it('records timer warnings once each and the session’s end for good', () => {
    const endsAt = new Date('2031-04-01T10:30:00.000Z');
    const feed = fold([
      event({ type: 'state', status: 'active', at: new Date('2031-04-01T10:00:00.000Z') }),
      event({ type: 'timer_warning', minutesLeft: 5, endsAt }),
      event({ type: 'timer_warning', minutesLeft: 5, endsAt }),
      event({ type: 'state', status: 'completed', by: 'coach', at: new Date('2031-04-01T10:20:00.000Z') }),
      event({ type: 'state', status: 'active', at: new Date('2031-04-01T10:21:00.000Z') }),
    ]);
    expect(feed.warnings.map((w) => w.minutesLeft)).toEqual([5]);
    expect(feed.status).toBe('completed');
    expect(feed.completedBy).toBe('coach');
  });

  it('tracks who is in the room', () => {
    const feed = fold([
      event({ type: 'participant', identity: 'u1', name: 'Jordan Lee', role: 'client', joined: true }),
      event({ type: 'participant', identity: 'u1', name: 'Jordan Lee', role: 'client', joined: false }),
    ]);
    expect(feed.presence.u1?.joined).toBe(false);
    expect(feed.chat).toEqual([]);
  });

  it('accepts only the events the server defines (checked by tsc)', () => {
    // @ts-expect-error an event outside the server's union does not compile
    const unknown: SessionEvent = { type: 'something_new', x: 1 };
    // @ts-expect-error nor does a message event without its message
    const bare: SessionEvent = { type: 'message', payload: { content: 'hi' } };
    expect([unknown, bare]).toHaveLength(2);
  });
});

describe('addMessage', () => {
  it('shows a sent message at once; its event later finds it in place', () => {
    const sent = message({ id: 'own', content: 'Hi coach' });
    const local = addMessage(emptyFeed, sent);
    expect(local.lastEventId).toBeNull();
    const after = fold([event({ type: 'message', message: sent }, '40')], local);
    expect(after.chat.map((m) => m.id)).toEqual(['own']);
    expect(after.lastEventId).toBe('40');
  });
});
