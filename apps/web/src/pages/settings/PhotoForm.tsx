import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { refreshViewer } from '../../auth/viewer';
import { Avatar } from '../../components/ui/Avatar';
import { Button } from '../../components/ui/Button';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { FormField } from '../../components/ui/FormField';
import type { OwnProfile } from '../../lib/api-types';
import { cx } from '../../lib/class-names';
import { fileToBase64 } from '../../lib/file-base64';
import { formErrorsFrom } from '../../lib/form-errors';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';
import { SavedStatus } from './SettingsSection';

const MAX_BYTES = 2 * 1024 * 1024;
const TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/** Choose a picture, see it, upload it: PNG, JPEG or WebP up to 2 MB (the server checks the bytes too). */
export function PhotoForm({ profile }: { profile: OwnProfile }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const upload = useMutation(trpc.user.uploadPhoto.mutationOptions());
  const [reading, setReading] = useState(false);

  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const refuse = (message: string) => {
    setFile(null);
    show({ fields: { photo: message }, message: null }, () => input.current);
  };

  const onChoose = async (event: ChangeEvent<HTMLInputElement>) => {
    setSaved(null);
    const chosen = event.target.files?.[0] ?? null;
    if (!chosen) return setFile(null);
    if (!TYPES.includes(chosen.type)) return refuse('Choose a PNG, JPEG or WebP image');
    if (chosen.size > MAX_BYTES) return refuse('Choose an image of at most 2 MB');
    // The name and type say image; only decoding it shows whether it is one (no broken preview).
    try {
      (await createImageBitmap(chosen)).close();
    } catch {
      return refuse('That file is not a picture this browser can open. Choose a PNG, JPEG or WebP photo');
    }
    clear();
    setFile(chosen);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      return show({ fields: { photo: 'Choose a photo to upload first' }, message: null }, () => input.current);
    }
    clear();
    setReading(true);
    let dataBase64: string;
    try {
      dataBase64 = await fileToBase64(file);
    } catch (error) {
      setReading(false);
      return show({ fields: {}, message: error instanceof Error ? error.message : 'The file could not be read.' });
    }
    setReading(false);
    upload.mutate(
      { dataBase64 },
      {
        onSuccess: async () => {
          setFile(null);
          if (input.current) input.current.value = '';
          setSaved('Photo updated.');
          await Promise.all([
            refreshViewer(queryClient),
            queryClient.invalidateQueries({ queryKey: trpc.user.profile.queryKey() }),
          ]);
        },
        onError: (error) => show(formErrorsFrom(error, { dataBase64: 'Photo' })),
      },
    );
  };

  const busy = reading || upload.isPending;

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-5" aria-label="Profile photo">
      <ErrorSummary
        ref={summaryRef}
        errors={{ fields: {}, message: errors.message ?? errors.fields.dataBase64 ?? null }}
      />
      <div className="flex flex-col gap-5 sm:flex-row sm:items-center">
        <div className="flex items-center gap-4">
          <figure className="flex flex-col items-center gap-1.5">
            <Avatar name={profile.displayName} src={profile.profilePhotoPath} size="lg" className="size-20 text-xl" />
            <figcaption className="text-xs text-muted-foreground">Current</figcaption>
          </figure>
          {preview ? (
            <figure className="flex flex-col items-center gap-1.5">
              <img
                src={preview}
                alt="Preview, not uploaded yet"
                className="size-20 overflow-hidden rounded-full object-cover ring-2 ring-primary ring-offset-2 ring-offset-card"
                onError={() =>
                  refuse('That file is not a picture this browser can open. Choose a PNG, JPEG or WebP photo')
                }
              />
              <figcaption className="text-xs font-medium text-primary">New</figcaption>
            </figure>
          ) : null}
        </div>
        <FormField
          id={inputId}
          label="Choose a photo"
          className="flex-1"
          error={errors.fields.photo}
          hint="A PNG, JPEG or WebP image of at most 2 MB. A square photo of your face works best."
        >
          {(control) => (
            <input
              {...control}
              ref={input}
              type="file"
              accept={TYPES.join(',')}
              onChange={(event) => void onChoose(event)}
              className={cx(
                'block w-full text-sm text-muted-foreground',
                'file:mr-3 file:h-9 file:cursor-pointer file:rounded-lg file:border file:border-input file:bg-card file:px-3 file:text-sm file:font-medium file:text-foreground hover:file:bg-muted',
                'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring',
              )}
            />
          )}
        </FormField>
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={busy || !file}>
          {busy ? 'Uploading…' : 'Upload photo'}
        </Button>
        <SavedStatus message={saved} />
      </div>
    </form>
  );
}
