import { useMutation, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { Checkbox } from '../../../components/ui/Checkbox';
import { ErrorSummary } from '../../../components/ui/ErrorSummary';
import { Spinner } from '../../../components/ui/Spinner';
import { cx } from '../../../lib/class-names';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useFormErrors } from '../../../lib/use-form-errors';
import { useTRPC } from '../../../trpc';
import { PreviewChanges } from './PreviewChanges';
import { communityLabels, formatShare, plural } from './skool-labels';
import type { ApplyOutcome, CsvPreview } from './skool-types';

export interface CsvPreviewPanelProps {
  preview: CsvPreview;
  timeZone: string;
  previewingAgain: boolean;
  previewAgainError: unknown;
  onPreviewAgain: () => void;
  onStartOver: () => void;
  onApplied: (outcome: ApplyOutcome) => void;
}

/** What applying the uploaded file would change, and the way to apply it (or start over). */
export function CsvPreviewPanel({
  preview,
  timeZone,
  previewingAgain,
  previewAgainError,
  onPreviewAgain,
  onStartOver,
  onApplied,
}: CsvPreviewPanelProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const community = communityLabels[preview.community];
  const { counts } = preview;
  const [allowMass, setAllowMass] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const checkboxId = useId();
  const checkbox = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const apply = useMutation(
    trpc.admin.skool.applyCsv.mutationOptions({
      onSuccess: async (outcome) => {
        // A refusal is logged too: the log and overview change either way.
        await queryClient.invalidateQueries(trpc.admin.skool.pathFilter());
        if (outcome.status === 'applied') onApplied(outcome);
        else setRefusal(outcome.message ?? 'The sync was refused; nothing was changed.');
      },
    }),
  );
  // The form that asked for the preview is gone: its result is where the reader continues.
  useEffect(() => headingRef.current?.focus(), []);
  const conflict = apply.error instanceof TRPCClientError && apply.error.data?.code === 'CONFLICT';
  const changeCount = counts.toCreate + counts.toUpdate;

  const onApply = (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    if (preview.wouldBeRefused && !allowMass) {
      return show(
        {
          fields: {
            allowMassCancellation: `Tick “Allow mass cancellation” to cancel ${plural(counts.cancelledMembers, 'member')} at once, or check the file and start over`,
          },
          message: null,
        },
        () => checkbox.current,
      );
    }
    clear();
    apply.mutate({ previewId: preview.previewId, allowMassCancellation: preview.wouldBeRefused && allowMass });
  };

  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-1">
        <h3 ref={headingRef} tabIndex={-1} className="text-lg font-semibold tracking-tight focus:outline-none">
          Preview: {preview.fileName ?? 'uploaded file'} for {community}
        </h3>
        <p className="text-sm text-muted-foreground">
          Nothing has changed yet. This preview can be applied until {formatDateTime(preview.expiresAt, timeZone)}.
        </p>
      </header>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <Count label="Members in the file" value={counts.membersFound} />
        <Count label="New members" value={counts.newMembers} emphasis="good" />
        <Count label="Cancellations" value={counts.cancelledMembers} emphasis="bad" />
        <Count label="Reactivated" value={counts.reactivatedMembers} emphasis="good" />
        <Count label="Email changes" value={counts.emailChanges} />
        <Count label="Grace period ended" value={counts.expiredMembers} />
        <Count label="Unchanged" value={counts.unchanged} />
        <Count label="Users to create" value={counts.toCreate} />
        <Count label="Users to update" value={counts.toUpdate} />
        <Count label="Duplicate rows merged" value={counts.duplicatesMerged} />
        {counts.skipped > 0 ? <Count label="Skipped" value={counts.skipped} emphasis="bad" /> : null}
      </dl>

      <CancelShare preview={preview} />

      <PreviewChanges
        preview={preview}
        timeZone={timeZone}
        previewingAgain={previewingAgain}
        onPreviewAgain={onPreviewAgain}
      />

      {previewAgainError ? (
        <Alert tone="danger" role="alert" title="Could not preview the file again">
          {errorMessage(previewAgainError)}
        </Alert>
      ) : null}

      <form
        noValidate
        onSubmit={onApply}
        className="flex flex-col gap-4 border-t border-border pt-5"
        aria-label="Apply the preview"
      >
        <ErrorSummary
          ref={summaryRef}
          title="Not applied yet"
          errors={errors}
          fieldIds={{ allowMassCancellation: checkboxId }}
        />
        {refusal ? (
          <Alert tone="danger" role="alert" title="Refused: nothing was changed">
            {refusal}
          </Alert>
        ) : null}
        {apply.isError ? (
          <Alert
            tone="danger"
            role="alert"
            title={conflict ? 'The members changed since this preview' : 'Could not apply'}
          >
            <p>{errorMessage(apply.error)}</p>
            {conflict ? (
              <Button variant="outline" size="sm" className="mt-3" disabled={previewingAgain} onClick={onPreviewAgain}>
                {previewingAgain ? 'Previewing…' : 'Preview the file again'}
              </Button>
            ) : null}
          </Alert>
        ) : null}
        {preview.wouldBeRefused ? (
          <div className="flex flex-col gap-2">
            <Checkbox
              ref={checkbox}
              id={checkboxId}
              checked={allowMass}
              onChange={(e) => {
                setAllowMass(e.target.checked);
                if (e.target.checked) clear();
              }}
              aria-invalid={errors.fields.allowMassCancellation ? true : undefined}
              // The description stays linked; the error joins it while shown.
              aria-describedby={
                errors.fields.allowMassCancellation
                  ? `${checkboxId}-description ${checkboxId}-error`
                  : `${checkboxId}-description`
              }
              label="Allow mass cancellation"
              description={`I checked the file: ${plural(counts.cancelledMembers, 'member')} of ${community} really left, and their grace period should start now.`}
            />
            {errors.fields.allowMassCancellation ? (
              <p id={`${checkboxId}-error`} className="text-sm font-medium text-danger">
                {errors.fields.allowMassCancellation}
              </p>
            ) : null}
          </div>
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant={preview.wouldBeRefused ? 'danger' : 'primary'} disabled={apply.isPending}>
            {apply.isPending ? <Spinner className="size-4" /> : null}
            {apply.isPending
              ? 'Applying…'
              : changeCount === 0
                ? `Record this sync for ${community}`
                : `Apply ${plural(changeCount, 'change')} to ${community}`}
          </Button>
          <Button variant="outline" onClick={onStartOver} disabled={apply.isPending}>
            Start over
          </Button>
        </div>
      </form>
    </div>
  );
}

function Count({ label, value, emphasis }: { label: string; value: number; emphasis?: 'good' | 'bad' }) {
  const tone =
    value === 0
      ? 'text-muted-foreground'
      : emphasis === 'good'
        ? 'text-emerald-700 dark:text-emerald-300'
        : emphasis === 'bad'
          ? 'text-danger'
          : 'text-foreground';
  return (
    <div className="flex flex-col gap-0.5 rounded-xl border border-border px-3 py-2">
      <dt className="text-xs font-medium text-muted-foreground">{label}</dt>
      <dd className={cx('text-xl font-semibold tabular-nums', tone)}>{value.toLocaleString()}</dd>
    </div>
  );
}

/** The share of active members the file would cancel, against the most a sync may cancel at once. */
function CancelShare({ preview }: { preview: CsvPreview }) {
  const { cancelShare, maxCancelShare, wouldBeRefused } = preview;
  const community = communityLabels[preview.community];
  const width = (share: number) => `${Math.min(100, Math.max(0, share * 100))}%`;
  const sentence = `This file cancels ${formatShare(cancelShare)} of the active ${community} members; a sync may cancel at most ${formatShare(maxCancelShare)} at once.`;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-col gap-2">
        <p className="text-sm">{sentence}</p>
        <div aria-hidden="true" className="relative h-2.5 overflow-hidden rounded-full bg-muted">
          <div
            className={cx('h-full rounded-full', wouldBeRefused ? 'bg-danger' : 'bg-primary')}
            style={{ width: width(cancelShare) }}
          />
          <div className="absolute inset-y-0 w-0.5 bg-foreground/70" style={{ left: width(maxCancelShare) }} />
        </div>
      </div>
      {wouldBeRefused ? (
        <Alert tone="danger" title="This file would be refused">
          It cancels {plural(preview.counts.cancelledMembers, 'member')} ({formatShare(cancelShare)}), more than the{' '}
          {formatShare(maxCancelShare)} allowed at once. An export that misses members looks like this: check that the
          file lists everyone. If the cancellations are real, tick “Allow mass cancellation” below to apply it anyway.
        </Alert>
      ) : null}
    </div>
  );
}
