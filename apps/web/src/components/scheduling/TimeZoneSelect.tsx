import { type ComponentProps, useMemo } from 'react';
import { deviceTimeZone, timeZoneGroups } from '../../lib/timezones';
import { Select } from '../ui/Select';

/** Every IANA zone by region, with this device's zone offered first. Pass FormField's control props. */
export function TimeZoneSelect({
  value,
  onChange,
  ...control
}: Omit<ComponentProps<'select'>, 'value' | 'onChange'> & { value: string; onChange: (zone: string) => void }) {
  const device = deviceTimeZone();
  const groups = useMemo(() => timeZoneGroups([value, device ?? '']), [value, device]);
  return (
    <Select {...control} value={value} onChange={(event) => onChange(event.target.value)}>
      {device ? (
        <optgroup label="This device">
          <option value={device}>{device.replaceAll('_', ' ')}</option>
        </optgroup>
      ) : null}
      {groups.map((group) => (
        <optgroup key={group.region} label={group.region}>
          {group.zones.map((zone) => (
            <option key={zone.value} value={zone.value}>
              {zone.label}
            </option>
          ))}
        </optgroup>
      ))}
    </Select>
  );
}
