import { useEffect, useState } from 'react';
import { useViewer } from '../../auth/viewer';
import { deviceTimeZone } from '../../lib/timezones';

/** The zone scheduling pages show times in: the viewer's saved one, else this device's. */
export function useViewerTimeZone(): string {
  const viewer = useViewer().data;
  return viewer?.timezone || deviceTimeZone() || 'UTC';
}

/** The current time, refreshed every `intervalMs` (for "starts in…" and join windows). */
export function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
