import { useEffect, useState } from 'react';
import { FormField } from '../../ui/FormField';
import { Select } from '../../ui/Select';
import { type DeviceChoice, listDevices } from './devices';

/**
 * Microphone, camera and speaker choice (the browser's default first). The lists are read again
 * when devices come and go; speakers only where the browser can route audio (setSinkId).
 */
export function DevicePicker({ choice, onChange }: { choice: DeviceChoice; onChange: (next: DeviceChoice) => void }) {
  const [devices, setDevices] = useState<Record<MediaDeviceKind, MediaDeviceInfo[]>>({
    audioinput: [],
    videoinput: [],
    audiooutput: [],
  });
  useEffect(() => {
    const read = async () =>
      setDevices({
        audioinput: await listDevices('audioinput'),
        videoinput: await listDevices('videoinput'),
        audiooutput: await listDevices('audiooutput'),
      });
    void read();
    navigator.mediaDevices?.addEventListener('devicechange', read);
    return () => navigator.mediaDevices?.removeEventListener('devicechange', read);
  }, []);
  const canRouteAudio = 'setSinkId' in HTMLMediaElement.prototype;
  const field = (label: string, kind: MediaDeviceKind, value: string | null, set: (id: string | null) => void) => (
    <FormField label={label}>
      {(props) => (
        <Select {...props} value={value ?? ''} onChange={(e) => set(e.target.value || null)}>
          <option value="">Browser default</option>
          {devices[kind].map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || `${label} ${i + 1}`}
            </option>
          ))}
        </Select>
      )}
    </FormField>
  );
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
      {field('Microphone', 'audioinput', choice.microphoneId, (id) => onChange({ ...choice, microphoneId: id }))}
      {field('Camera', 'videoinput', choice.cameraId, (id) => onChange({ ...choice, cameraId: id }))}
      {canRouteAudio
        ? field('Speaker', 'audiooutput', choice.speakerId, (id) => onChange({ ...choice, speakerId: id }))
        : null}
    </div>
  );
}
