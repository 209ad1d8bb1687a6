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

const DEVICE_ZONE_KEY = 'hc:times-in-device-zone';

function storedChoice(): boolean {
  try {
    return window.sessionStorage.getItem(DEVICE_ZONE_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Where times are chosen (booking, moving): the saved zone, or, when this device is somewhere
 * else, the device's if the member asks. The choice lasts for the tab, across booking's steps.
 */
export function useChoosableTimeZone() {
  const saved = useViewerTimeZone();
  const device = deviceTimeZone();
  const [preferDevice, setPreferDevice] = useState(storedChoice);
  const other = device && device !== saved ? device : null;
  const usingDevice = other !== null && preferDevice;
  return {
    timeZone: usingDevice ? other : saved,
    saved,
    /** This device's zone when it differs from the saved one; null otherwise. */
    device: other,
    usingDevice,
    useDevice(next: boolean) {
      try {
        window.sessionStorage.setItem(DEVICE_ZONE_KEY, next ? '1' : '0');
      } catch {
        // Storage can be off (private mode): the choice then lasts for this page.
      }
      setPreferDevice(next);
    },
  };
}

export type ZoneChoice = ReturnType<typeof useChoosableTimeZone>;
