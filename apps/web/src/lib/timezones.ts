/** The device's IANA zone, when the browser knows it. */
export function deviceTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

export interface TimeZoneGroup {
  region: string;
  zones: { value: string; label: string }[];
}

/**
 * Every zone the runtime knows, grouped by region for a select ("America" → "America/New
 * York"). `extra` zones (the saved one, UTC) are added when missing.
 */
export function timeZoneGroups(extra: readonly string[] = []): TimeZoneGroup[] {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  for (const zone of ['UTC', ...extra]) if (zone) zones.add(zone);
  const groups = new Map<string, TimeZoneGroup>();
  for (const zone of [...zones].sort()) {
    const slash = zone.indexOf('/');
    const region = slash === -1 ? 'Other' : zone.slice(0, slash);
    // The whole name: a closed select shows only the chosen option, "America/New York".
    const label = zone.replaceAll('_', ' ');
    const group = groups.get(region) ?? { region, zones: [] };
    group.zones.push({ value: zone, label });
    groups.set(region, group);
  }
  return [...groups.values()];
}

/** The time now in `timeZone`, "14:05", so a person can check they picked the right zone. */
export function timeNowIn(timeZone: string, now: Date = new Date()): string | null {
  try {
    return new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone }).format(now);
  } catch {
    return null;
  }
}
