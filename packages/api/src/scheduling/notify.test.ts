import { expect, test } from 'vitest';
import { changeText } from './notify';

const now = new Date('2026-11-20T12:00:00Z');
const appointment = {
  scheduledFor: new Date('2026-12-01T14:00:00Z'),
  endsAt: new Date('2026-12-01T14:30:00Z'),
  cancelReason: null,
  coachName: 'Coach Tomás',
};
const client = { timezone: 'America/New_York', locale: 'en-US', other: 'Coach Tomás' };
const coach = { timezone: 'Europe/Madrid', locale: 'es-ES', other: 'Jordan Lee' };

test('a booking reads as the app writes times, in the reader’s zone and locale', () => {
  expect(changeText('booked', appointment, client, { now })).toBe(
    'Session booked: with Coach Tomás on Tue, Dec 1 · 9:00 – 9:30 AM EST.',
  );
  expect(changeText('booked', appointment, coach, { now })).toBe(
    'Session booked: with Jordan Lee on mar, 1 dic · 15:00–15:30 CET.',
  );
});

test('a move says from when to when', () => {
  const moved = {
    ...appointment,
    scheduledFor: new Date('2026-12-02T15:00:00Z'),
    endsAt: new Date('2026-12-02T15:30:00Z'),
  };
  expect(changeText('rescheduled', moved, client, { now, movedFrom: appointment.scheduledFor })).toBe(
    'Session moved: with Coach Tomás from Tue, Dec 1 · 9:00 AM to Wed, Dec 2 · 10:00 AM EST.',
  );
});

test('a cancellation carries its reason; the coach who lost a session is told who has it now', () => {
  expect(changeText('cancelled', { ...appointment, cancelReason: 'I am unwell' }, client, { now })).toBe(
    'Session cancelled: with Coach Tomás on Tue, Dec 1 · 9:00 – 9:30 AM EST. Reason: I am unwell',
  );
  expect(
    changeText(
      'reassigned',
      { ...appointment, coachName: 'Coach Maya' },
      { timezone: 'America/New_York', locale: 'en-US', other: 'Jordan Lee', lostIt: true },
      { now },
    ),
  ).toBe('Your session with Jordan Lee on Tue, Dec 1 · 9:00 – 9:30 AM EST now belongs to Coach Maya.');
});
