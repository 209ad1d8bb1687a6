import { describe, expect, it } from 'vitest';
import { appointmentPhase } from './join-window';

const at = (iso: string) => new Date(iso);
const appointment = {
  status: 'scheduled' as const,
  scheduledFor: at('2026-02-02T15:00:00Z'),
  endsAt: at('2026-02-02T15:30:00Z'),
};

describe('appointmentPhase', () => {
  it('opens the room the given minutes before the start and closes it at the end', () => {
    expect(appointmentPhase(appointment, at('2026-02-02T14:49:59Z'), 10)).toBe('upcoming');
    expect(appointmentPhase(appointment, at('2026-02-02T14:50:00Z'), 10)).toBe('joinable');
    expect(appointmentPhase(appointment, at('2026-02-02T14:50:00Z'), 5)).toBe('upcoming');
    expect(appointmentPhase(appointment, at('2026-02-02T14:55:00Z'), 5)).toBe('joinable');
    expect(appointmentPhase(appointment, at('2026-02-02T15:29:59Z'), 10)).toBe('joinable');
    expect(appointmentPhase(appointment, at('2026-02-02T15:30:00Z'), 10)).toBe('over');
  });

  it('treats cancelled and completed sessions as closed whatever the time', () => {
    expect(appointmentPhase({ ...appointment, status: 'cancelled' }, at('2026-02-02T15:00:00Z'), 10)).toBe('cancelled');
    expect(appointmentPhase({ ...appointment, status: 'completed' }, at('2026-02-02T15:00:00Z'), 10)).toBe('over');
  });
});
