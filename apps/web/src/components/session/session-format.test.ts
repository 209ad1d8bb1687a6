import { describe, expect, it } from 'vitest';
import {
  describeTimeLeft,
  formatCountdown,
  formatSeconds,
  formatTip,
  meetingLength,
  opensAtFrom,
  untilOpening,
} from './session-format';

describe('session formats', () => {
  it('counts down in minutes and seconds, with hours only when needed, never below zero', () => {
    expect(formatCountdown(27 * 60_000 + 41_000)).toBe('27:41');
    expect(formatCountdown(62 * 60_000 + 3_000)).toBe('1:02:03');
    expect(formatCountdown(500)).toBe('0:01');
    expect(formatCountdown(-5_000)).toBe('0:00');
  });

  it('says the time left in words for screen readers', () => {
    expect(describeTimeLeft(5 * 60_000 + 10_000)).toBe('5 minutes left');
    expect(describeTimeLeft(61_000)).toBe('1 minute left');
    expect(describeTimeLeft(30_000)).toBe('Under a minute left');
    expect(describeTimeLeft(0)).toBe('Time is up');
  });

  it('writes time present in hours, minutes and seconds', () => {
    expect(formatSeconds(40)).toBe('40 s');
    expect(formatSeconds(725)).toBe('12 min 5 s');
    expect(formatSeconds(3600 + 5 * 60)).toBe('1 h 5 min');
  });

  it('reads the opening time out of a refused join', () => {
    expect(opensAtFrom('The room opens 10 minutes before the start (2031-04-01T09:50:00.000Z).')).toEqual(
      new Date('2031-04-01T09:50:00.000Z'),
    );
    expect(opensAtFrom('This session is over.')).toBeNull();
  });

  it('writes tips as whole dollars', () => {
    expect(formatTip(3)).toBe('$3');
  });

  it('measures how long a session ran from presence, and how long both were in together', () => {
    const at = (min: number) => new Date(Date.UTC(2031, 3, 1, 10, min));
    const stays = [
      { role: 'coach', joinedAt: at(0), leftAt: at(11) },
      { role: 'client', joinedAt: at(2), leftAt: at(5) },
      // A reload: the client back after a minute away.
      { role: 'client', joinedAt: at(6), leftAt: at(10) },
      { role: 'agent', joinedAt: at(0), leftAt: at(30) },
    ];
    expect(meetingLength(stays, at(40))).toEqual({ ranSeconds: 11 * 60, togetherSeconds: 7 * 60 });
    // Still in: counted until now.
    expect(meetingLength([{ role: 'coach', joinedAt: at(0), leftAt: null }], at(3))).toEqual({
      ranSeconds: 180,
      togetherSeconds: 0,
    });
    expect(meetingLength([], at(3))).toEqual({ ranSeconds: null, togetherSeconds: 0 });
  });
});

describe('untilOpening: the waiting room says when it opens', () => {
  const opens = new Date('2031-04-01T09:50:00Z');
  const before = (ms: number) => new Date(opens.getTime() - ms);
  it('counts seconds in the last minute, never "just now" while it is still shut', () => {
    expect(untilOpening(opens, before(37_000))).toBe('in 37 seconds');
    expect(untilOpening(opens, before(1_000))).toBe('in 1 second');
    expect(untilOpening(opens, before(400))).toBe('in 1 second');
  });
  it('then minutes, hours and days, rounding up the minutes so it never opens sooner than said', () => {
    expect(untilOpening(opens, before(61_000))).toBe('in 2 minutes');
    expect(untilOpening(opens, before(59 * 60_000))).toBe('in 59 minutes');
    expect(untilOpening(opens, before(3 * 3_600_000))).toBe('in 3 hours');
    expect(untilOpening(opens, before(2 * 86_400_000))).toBe('in 2 days');
  });
  it('says now once the time has come', () => {
    expect(untilOpening(opens, opens)).toBe('now');
    expect(untilOpening(opens, new Date(opens.getTime() + 5000))).toBe('now');
  });
});
