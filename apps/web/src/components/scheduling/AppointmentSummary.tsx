import { coachNameOf as coachName } from '@hybridcoach/api/format';
import { Link } from '@tanstack/react-router';
import { ArrowRightIcon } from 'lucide-react';
import type { Role } from '../../auth/viewer';
import { cx } from '../../lib/class-names';
import { Avatar } from '../ui/Avatar';
import { Badge, type BadgeTone } from '../ui/Badge';
import { type AppointmentPhase, appointmentPhase } from './join-window';
import { formatDate, formatTimeRange } from './time-format';
import type { Appointment } from './types';
import { useJoinEarlyMinutes } from './use-join-early-minutes';

const phaseBadges: Record<AppointmentPhase, { label: string; tone: BadgeTone }> = {
  upcoming: { label: 'Booked', tone: 'brand' },
  joinable: { label: 'Room open', tone: 'success' },
  over: { label: 'Done', tone: 'neutral' },
  cancelled: { label: 'Cancelled', tone: 'danger' },
};

export function AppointmentStatusBadge({ appointment, now }: { appointment: Appointment; now: Date }) {
  const phase = appointmentPhase(appointment, now, useJoinEarlyMinutes());
  const badge =
    appointment.status === 'no_show'
      ? { label: 'Missed', tone: 'warning' as const }
      : phase === 'over' && appointment.status !== 'completed'
        ? { label: 'Past', tone: 'neutral' as const }
        : phaseBadges[phase];
  return <Badge tone={badge.tone}>{badge.label}</Badge>;
}

export function coachNameOf(appointment: Appointment): string {
  return coachName(appointment.coach);
}

/** Who the appointment is with, from where the viewer stands. */
export function counterpart(appointment: Appointment, viewerId: string, role: Role) {
  const coach = { name: coachNameOf(appointment), photo: appointment.coach.profilePhotoPath };
  const client = { name: appointment.client.displayName, photo: appointment.client.profilePhotoPath };
  if (role === 'admin' && appointment.coach.id !== viewerId) {
    return { ...client, line: `${client.name} with ${coach.name}` };
  }
  return appointment.client.id === viewerId
    ? { ...coach, line: `With ${coach.name}` }
    : { ...client, line: `With ${client.name}` };
}

export interface AppointmentSummaryProps {
  appointment: Appointment;
  viewer: { id: string; role: Role };
  timeZone: string;
  now: Date;
  /** Show the date (lists); an agenda day already says it. */
  showDate?: boolean;
  className?: string;
}

/** One appointment as a row linking to its page: who, when (in the viewer's zone), status. */
export function AppointmentSummary({
  appointment,
  viewer,
  timeZone,
  now,
  showDate = true,
  className,
}: AppointmentSummaryProps) {
  const other = counterpart(appointment, viewer.id, viewer.role);
  const cancelled = appointment.status === 'cancelled';
  return (
    <Link
      to="/appointments/$appointmentId"
      params={{ appointmentId: appointment.id }}
      className={cx(
        'group flex items-center gap-3 rounded-xl border border-border bg-card p-3 transition-colors',
        'hover:border-brand-300 hover:bg-accent/60 focus-visible:outline-2 focus-visible:outline-ring dark:hover:border-brand-700',
        className,
      )}
    >
      <Avatar name={other.name} src={other.photo} size="sm" className="size-10" />
      <span className="flex min-w-0 flex-1 flex-col gap-0.5">
        {/* Wrapped, never cut: a narrow dashboard column must still show the whole date and name. */}
        <span className={cx('font-medium text-pretty', cancelled && 'text-muted-foreground line-through')}>
          {showDate ? formatDate(appointment.scheduledFor, timeZone) : null}
          {showDate ? <span className="text-muted-foreground"> · </span> : null}
          {formatTimeRange(appointment.scheduledFor, appointment.endsAt, timeZone)}
        </span>
        <span className="text-sm text-pretty [overflow-wrap:anywhere] text-muted-foreground">
          {other.line} · {appointment.durationMin} min
        </span>
      </span>
      <AppointmentStatusBadge appointment={appointment} now={now} />
      <ArrowRightIcon className="hidden size-4 shrink-0 text-muted-foreground transition-transform group-hover:translate-x-0.5 sm:block" />
    </Link>
  );
}
