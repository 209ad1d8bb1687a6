import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { ErrorSummary } from '../../../components/ui/ErrorSummary';
import { FormField } from '../../../components/ui/FormField';
import { Label } from '../../../components/ui/Label';
import { Select } from '../../../components/ui/Select';
import { Spinner } from '../../../components/ui/Spinner';
import { cx } from '../../../lib/class-names';
import { formErrorsFrom } from '../../../lib/form-errors';
import { useFormErrors } from '../../../lib/use-form-errors';
import { useTRPC } from '../../../trpc';
import { CsvPreviewPanel } from './CsvPreviewPanel';
import { chosenFileProblem, csvProblemsOf, PREVIEW_PAGE_SIZE } from './csv-errors';
import { communities, communityLabels, plural } from './skool-labels';
import type { ApplyOutcome, Community, CsvPreview } from './skool-types';

type Stage =
  | { step: 'choose' }
  | { step: 'preview'; preview: CsvPreview; csv: string }
  | { step: 'applied'; preview: CsvPreview; outcome: ApplyOutcome };

/**
 * Upload a members CSV exported from Skool: choose the community and the file, see what
 * applying it would change (nothing changes yet), then apply it. The file is read here, in
 * the browser, and sent as text.
 */
export function CsvUpload({ timeZone, onApplied }: { timeZone: string; onApplied: (logId: number) => void }) {
  const trpc = useTRPC();
  const [stage, setStage] = useState<Stage>({ step: 'choose' });
  const [community, setCommunity] = useState<Community | ''>('');
  const [file, setFile] = useState<File | null>(null);
  const [csvProblems, setCsvProblems] = useState<string[]>([]);
  const [reading, setReading] = useState(false);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = { community: useId(), csv: useId() };
  const previewCsv = useMutation(trpc.admin.skool.previewCsv.mutationOptions());

  /** From the form, problems show on the form; "preview again" shows its failure on the preview. */
  const requestPreview = (input: { community: Community; csv: string; fileName: string }, again = false) =>
    previewCsv.mutate(
      { ...input, pageSize: PREVIEW_PAGE_SIZE },
      {
        onSuccess: (preview) => {
          clear();
          setCsvProblems([]);
          setStage({ step: 'preview', preview, csv: input.csv });
        },
        onError: (error) => {
          if (again) return;
          const problems = csvProblemsOf(error);
          if (problems) {
            const lines = problems.filter((p) => /^Line \d+/.test(p)).length;
            setCsvProblems(problems);
            show({
              fields: {
                csv:
                  lines > 0
                    ? `The file has ${plural(lines, 'problem')} (listed under the file); fix ${lines === 1 ? 'it' : 'them'} and choose the file again`
                    : (problems[0] ?? 'The file could not be read'),
              },
              message: null,
            });
          } else {
            setCsvProblems([]);
            show(formErrorsFrom(error, { community: 'Community', fileName: 'File name' }));
          }
        },
      },
    );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setCsvProblems([]);
    const fields: Record<string, string> = {};
    if (!community) fields.community = 'Choose the community this export is from';
    const fileProblem = chosenFileProblem(file);
    if (fileProblem) fields.csv = fileProblem;
    if (!community || !file || Object.keys(fields).length > 0) return show({ fields, message: null });
    clear();
    setReading(true);
    let csv: string;
    try {
      csv = await file.text();
    } catch {
      return show({ fields: { csv: 'The file could not be read; choose it again' }, message: null });
    } finally {
      setReading(false);
    }
    requestPreview({ community, csv, fileName: file.name });
  };

  const startOver = () => {
    setStage({ step: 'choose' });
    setFile(null);
    setCsvProblems([]);
    clear();
    if (fileInput.current) fileInput.current.value = '';
  };

  if (stage.step === 'preview') {
    const { preview, csv } = stage;
    return (
      <CsvPreviewPanel
        preview={preview}
        timeZone={timeZone}
        previewingAgain={previewCsv.isPending}
        previewAgainError={previewCsv.error}
        onPreviewAgain={() =>
          requestPreview({ community: preview.community, csv, fileName: preview.fileName ?? 'members.csv' }, true)
        }
        onStartOver={startOver}
        onApplied={(outcome) => {
          setStage({ step: 'applied', preview, outcome });
          onApplied(outcome.logId);
        }}
      />
    );
  }

  if (stage.step === 'applied') {
    const { outcome, preview } = stage;
    return (
      <div className="flex flex-col items-start gap-4">
        <Alert
          tone="success"
          role="status"
          title={`Applied ${preview.fileName ?? 'the file'} to ${communityLabels[outcome.community]}`}
        >
          <p>
            {plural(outcome.counts.membersFound, 'member')} in the file:{' '}
            {plural(outcome.counts.newMembers, 'new member')}, {outcome.counts.cancelledMembers.toLocaleString()}{' '}
            cancelled, {outcome.counts.reactivatedMembers.toLocaleString()} reactivated,{' '}
            {plural(outcome.counts.emailChanges, 'email change')}.
            {outcome.warningsSent > 0 ? ` ${plural(outcome.warningsSent, 'grace-period warning')} sent.` : null}
          </p>
          <p className="mt-1">
            <a href="#sync-log" className="font-medium underline underline-offset-2 hover:no-underline">
              See the run in the sync log
            </a>
          </p>
        </Alert>
        <Button variant="outline" onClick={startOver}>
          Upload another file
        </Button>
      </div>
    );
  }

  const busy = reading || previewCsv.isPending;
  const csvError = errors.fields.csv;
  const hintId = `${ids.csv}-hint`;
  const errorId = `${ids.csv}-error`;

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-5" aria-label="Upload a members CSV">
      <ErrorSummary
        ref={summaryRef}
        title="The file could not be previewed"
        errors={errors}
        fieldIds={{ community: ids.community, csv: ids.csv }}
      />
      <div className="grid grid-cols-1 gap-5 md:grid-cols-[16rem_minmax(0,1fr)]">
        <FormField id={ids.community} label="Community" required error={errors.fields.community}>
          {(control) => (
            <Select {...control} value={community} onChange={(e) => setCommunity(e.target.value as Community | '')}>
              <option value="">Choose…</option>
              {communities.map((c) => (
                <option key={c} value={c}>
                  {communityLabels[c]}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <div className="flex min-w-0 flex-col gap-2">
          <Label htmlFor={ids.csv}>
            Members CSV
            <span className="ml-0.5 text-danger" aria-hidden="true">
              *
            </span>
          </Label>
          <input
            ref={fileInput}
            id={ids.csv}
            type="file"
            accept=".csv,text/csv"
            required
            aria-invalid={csvError ? true : undefined}
            aria-describedby={csvError ? `${hintId} ${errorId}` : hintId}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setCsvProblems([]);
              clear();
            }}
            className={cx(
              'block w-full min-w-0 text-sm text-muted-foreground',
              'file:mr-3 file:h-9 file:cursor-pointer file:rounded-lg file:border file:border-input file:bg-card file:px-3 file:text-sm file:font-medium file:text-foreground hover:file:bg-muted',
              'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring',
              'aria-invalid:file:border-danger',
            )}
          />
          <p id={hintId} className="text-sm text-muted-foreground">
            The members export from Skool, with a header row naming the columns (Email is required; Name, Status and
            Joined are read when present). Every member of the community should be in it: anyone missing is treated as
            having left.
          </p>
          {csvError ? (
            <div id={errorId} className="flex flex-col gap-1 text-sm font-medium text-danger">
              {csvProblems.length > 0 ? (
                <ul aria-label="Problems in the file" className="flex flex-col gap-1">
                  {csvProblems.map((problem) => (
                    <li key={problem} className="break-words">
                      {problem}
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{csvError}</p>
              )}
            </div>
          ) : null}
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={busy}>
          {busy ? <Spinner className="size-4" /> : null}
          {busy ? 'Reading the file…' : 'Preview changes'}
        </Button>
        <p className="text-sm text-muted-foreground">Nothing changes until you apply the preview.</p>
      </div>
    </form>
  );
}
