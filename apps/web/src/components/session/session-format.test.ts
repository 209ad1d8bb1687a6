import { describe, expect, it } from 'vitest';
import { describeTimeLeft, formatCountdown, formatSeconds, formatTip, opensAtFrom } from './session-format';

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
});
