import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, test } from 'vitest';
import { newCounters } from '../metrics';
import { tempDir, testLogger, until } from '../test-support/harness';
import { ackLine, journalFileName, parseJournal, segmentLine } from './journal';
import { SEQ_PER_EPOCH, SegmentNumbering, type TranscriptSegment } from './segment';
import { type SendBatch, TranscriptOutbox } from './transcript-outbox';

const logger = testLogger('outbox-test');
const at = new Date('2031-04-01T10:00:00Z');

function segments(count: number, epoch = 1, appointmentId = 'appt1'): TranscriptSegment[] {
  const numbering = new SegmentNumbering(appointmentId, epoch);
  return Array.from({ length: count }, (_, i) => {
    const s = numbering.next({ speaker: i % 2 ? 'ai' : 'client', content: `line ${i}`, spokenAt: at });
    if (!s) throw new Error('unreachable');
    return s;
  });
}

/** A server stand-in: records batches, can be "down", can refuse segments for good. */
function fakeServer() {
  const received: string[][] = [];
  const state = { down: false, refuse: new Set<string>(), inFlight: 0, maxInFlight: 0, delayMs: 0 };
  const send: SendBatch = async (_appointmentId, _epoch, batch) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    try {
      if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
      if (state.down) throw new TypeError('fetch failed');
      if (batch.some((s) => state.refuse.has(s.content)))
        throw new TRPCClientError('Invalid input', { result: { error: { data: { code: 'BAD_REQUEST' } } } as never });
      received.push(batch.map((s) => s.content));
      return { refused: 0 };
    } finally {
      state.inFlight--;
    }
  };
  return { send, received, state, all: () => received.flat() };
}

function outboxIn(dir: string, send: SendBatch) {
  return new TranscriptOutbox({ dir, send, logger, counters: newCounters(), retry: { baseMs: 10, maxMs: 40 } });
}

describe('segment numbering', () => {
  test('gives every claim its own range of sequence numbers and keys', () => {
    const [first] = segments(1, 1);
    const [afterRestart] = segments(1, 2);
    expect(first).toMatchObject({ seq: SEQ_PER_EPOCH, idempotencyKey: `appt1:${SEQ_PER_EPOCH}` });
    expect(afterRestart).toMatchObject({ seq: 2 * SEQ_PER_EPOCH, idempotencyKey: `appt1:${2 * SEQ_PER_EPOCH}` });
  });

  test('skips blank text, which the server would refuse', () => {
    const numbering = new SegmentNumbering('appt1', 1);
    expect(numbering.next({ speaker: 'ai', content: '   ', spokenAt: at })).toBeNull();
    expect(numbering.next({ speaker: 'ai', content: ' hi ', spokenAt: at })).toMatchObject({
      content: 'hi',
      seq: SEQ_PER_EPOCH,
    });
  });
});

describe('journal', () => {
  test('reads segments and acknowledgements, ignoring a line cut short by a crash', () => {
    const [a, b, c] = segments(3);
    const lines = [a, b, c].map((s) => segmentLine(s as TranscriptSegment)).join('');
    const text = `${lines}${ackLine(2)}{"seg":{"idempotencyKey":"x`;
    const state = parseJournal(text);
    expect(state.segments.map((s) => s.content)).toEqual(['line 0', 'line 1', 'line 2']);
    expect(state.segments[0]?.spokenAt).toEqual(at);
    expect(state.acked).toBe(2);
    expect(state.unreadable).toBe(1);
  });
});

describe('transcript outbox', () => {
  test('sends in order, one call at a time per room, batching what arrives meanwhile', async () => {
    const server = fakeServer();
    server.state.delayMs = 30;
    const outbox = outboxIn(await tempDir(), server.send);
    const room = await outbox.open('appt1', 1);
    for (const s of segments(10)) room.push(s);
    await until(() => server.all().length === 10, 3000, 'delivery');
    expect(server.all()).toEqual(segments(10).map((s) => s.content));
    expect(server.state.maxInFlight).toBe(1);
    expect(server.received.length).toBeLessThan(10);
    await outbox.close();
  });

  test('journals are readable by the agent’s user alone, also one an older build left open to all', async () => {
    const dir = await tempDir();
    await chmod(dir, 0o755);
    const older = path.join(dir, journalFileName('appt0', 1));
    await writeFile(older, segmentLine(segments(1, 1, 'appt0')[0] as TranscriptSegment), { mode: 0o644 });
    const server = fakeServer();
    server.state.down = true; // the journals stay on disk while nothing is acknowledged
    const outbox = outboxIn(dir, server.send);
    await outbox.recover();
    const room = await outbox.open('appt1', 1);
    room.push(segments(1)[0] as TranscriptSegment);
    const mode = async (file: string) => (await stat(file)).mode & 0o777;
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(path.join(dir, journalFileName('appt1', 1)))).toBe(0o600);
    expect(await mode(older)).toBe(0o600);
    await outbox.close();
  });

  test('keeps segments while the server is down and delivers them, in order, once it is back', async () => {
    const server = fakeServer();
    server.state.down = true;
    const counters = newCounters();
    const outbox = new TranscriptOutbox({
      dir: await tempDir(),
      send: server.send,
      logger,
      counters,
      retry: { baseMs: 10, maxMs: 40 },
    });
    const room = await outbox.open('appt1', 1);
    for (const s of segments(5)) room.push(s);
    await until(() => counters.sendFailures >= 3, 3000, 'failed attempts');
    expect(outbox.buffered).toBe(5);
    server.state.down = false;
    expect(await outbox.flush(3000)).toBe(true);
    expect(server.all()).toEqual(segments(5).map((s) => s.content));
    expect(counters.segmentsStored).toBe(5);
    await outbox.close();
  });

  test('after a restart, replays exactly the segments the server never acknowledged', async () => {
    const dir = await tempDir();
    const server = fakeServer();
    const before = outboxIn(dir, server.send);
    const room = await before.open('appt1', 1);
    const all = segments(6);
    for (const s of all.slice(0, 3)) room.push(s);
    expect(await before.flush(3000)).toBe(true);
    server.state.down = true;
    for (const s of all.slice(3)) room.push(s);
    await new Promise((r) => setTimeout(r, 50));
    await before.close(); // the process ends with three segments undelivered

    server.state.down = false;
    const after = outboxIn(dir, server.send);
    expect(await after.recover()).toBe(3);
    expect(await after.flush(3000)).toBe(true);
    expect(server.all()).toEqual(all.map((s) => s.content));
    // Delivered and retired: the journal is gone.
    await until(async () => (await readdir(dir)).length === 0, 3000, 'the journal to be removed');
    await after.close();
  });

  test('a journal whose last line was cut short stays readable after more is appended', async () => {
    const dir = await tempDir();
    const [a, b] = segments(2);
    const file = path.join(dir, journalFileName('appt1', 1));
    await writeFile(file, `${segmentLine(a as TranscriptSegment)}{"seg":{"clien`);
    const server = fakeServer();
    server.state.down = true;
    const outbox = outboxIn(dir, server.send);
    const room = await outbox.open('appt1', 1);
    room.push(b as TranscriptSegment);
    await new Promise((r) => setTimeout(r, 50));
    await outbox.close();
    const state = parseJournal(await readFile(file, 'utf8'));
    expect(state.segments.map((s) => s.content)).toEqual(['line 0', 'line 1']);
    expect(state.unreadable).toBe(1);
  });

  test('a segment the server refuses for good is dropped alone; the rest of its batch is delivered', async () => {
    const server = fakeServer();
    server.state.down = true;
    const counters = newCounters();
    const outbox = new TranscriptOutbox({
      dir: await tempDir(),
      send: server.send,
      logger,
      counters,
      retry: { baseMs: 10, maxMs: 20 },
    });
    const room = await outbox.open('appt1', 1);
    for (const s of segments(4)) room.push(s);
    server.state.refuse.add('line 2');
    server.state.down = false;
    expect(await outbox.flush(3000)).toBe(true);
    expect(server.all()).toEqual(['line 0', 'line 1', 'line 3']);
    expect(counters.segmentsDropped).toBe(1);
    await outbox.close();
  });
});
