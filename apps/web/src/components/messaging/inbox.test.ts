import { expect, test } from 'vitest';
import { type DirectMessage, newestUnreadFromOthers, type ThreadPage, withMessage } from './inbox';

const message = (id: string, senderId: string): DirectMessage => ({
  id,
  threadId: 't1',
  senderId,
  body: `m${id}`,
  createdAt: new Date(Number(id) * 1000),
});

const page = (messages: DirectMessage[], lastReadId = '0'): ThreadPage => ({
  thread: {
    id: 't1',
    coach: { id: 'coach', name: 'Coach Tomás', profilePhotoPath: null },
    client: { id: 'client', name: 'Jordan Lee', profilePhotoPath: null },
  },
  role: 'client',
  canSend: true,
  messages,
  hasMore: false,
  lastReadId,
});

test('a live message joins its thread once, in id order, even when ids outgrow plain numbers', () => {
  const start = page([message('9007199254740993', 'coach')]);
  const next = withMessage(start, message('9007199254740995', 'client'));
  expect(withMessage(next, message('9007199254740995', 'client'))).toBe(next);
  const late = withMessage(next, message('9007199254740994', 'coach'));
  expect(late.messages.map((m) => m.id)).toEqual(['9007199254740993', '9007199254740994', '9007199254740995']);
  expect(withMessage(start, { ...message('9', 'coach'), threadId: 'other' })).toBe(start);
});

test('only someone else’s message after the read mark asks to be marked read', () => {
  expect(newestUnreadFromOthers(page([message('1', 'client')]), 'client')).toBeNull();
  expect(newestUnreadFromOthers(page([message('1', 'coach'), message('2', 'client')]), 'client')?.id).toBe('2');
  expect(newestUnreadFromOthers(page([message('1', 'coach'), message('2', 'client')], '2'), 'client')).toBeNull();
});
