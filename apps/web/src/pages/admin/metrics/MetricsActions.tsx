import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DownloadIcon, RefreshCwIcon } from 'lucide-react';
import { useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { Spinner } from '../../../components/ui/Spinner';
import { errorMessage } from '../../../lib/error-message';
import { formatCount } from '../../../lib/format';
import { useTRPC } from '../../../trpc';
import { parseUtcDay } from './metrics-table';

/** The shown days as a CSV file, and rolling up days from history now (missing ones, or all again). */
export function MetricsActions({ from, to }: { from: string; to: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [csvError, setCsvError] = useState<string | null>(null);
  const backfill = useMutation(
    trpc.admin.metrics.backfill.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.admin.metrics.pathFilter()),
    }),
  );

  const download = async () => {
    setCsvError(null);
    try {
      const range = { from: parseUtcDay(from) ?? new Date(), to: parseUtcDay(to) ?? new Date() };
      const { fileName, csv } = await queryClient.fetchQuery(trpc.admin.metrics.csv.queryOptions(range));
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setCsvError(errorMessage(error));
    }
  };

  return (
    <div className="mt-6 flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="outline" size="sm" onClick={() => void download()}>
          <DownloadIcon className="size-4" />
          Download these days as CSV
        </Button>
        <Button
          variant="outline"
          size="sm"
          disabled={backfill.isPending}
          onClick={() => backfill.mutate({ recompute: false })}
        >
          {backfill.isPending ? <Spinner className="size-4" /> : <RefreshCwIcon className="size-4" />}
          Fill in missing days
        </Button>
        <Button
          variant="ghost"
          size="sm"
          disabled={backfill.isPending}
          onClick={() => backfill.mutate({ recompute: true })}
        >
          Recompute every day
        </Button>
      </div>
      <div aria-live="polite" className="empty:hidden">
        {backfill.isSuccess ? (
          <Alert tone="success">
            {backfill.data.days === 0
              ? 'Every day already had its metrics.'
              : `Rolled up ${formatCount(backfill.data.days)} ${backfill.data.days === 1 ? 'day' : 'days'}${
                  backfill.data.from ? ` between ${backfill.data.from} and ${backfill.data.to}` : ''
                }.`}
          </Alert>
        ) : null}
        {backfill.isError ? <Alert tone="danger">{errorMessage(backfill.error)}</Alert> : null}
        {csvError ? <Alert tone="danger">{csvError}</Alert> : null}
      </div>
    </div>
  );
}
