import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/Card';
import { Input } from '../../components/ui/Input';
import { Label } from '../../components/ui/Label';
import { errorMessage } from '../../lib/error-message';
import { useTRPC } from '../../trpc';

/**
 * A private ICS link calendar apps subscribe to. The server keeps only a hash, so the link is
 * shown once, right after it is made; making a new one (or revoking) stops the old one.
 */
export function CalendarFeedCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Whether a link works now (made earlier, perhaps on another device): only then is there one to turn off.
  const feed = useQuery(trpc.scheduling.calendarFeed.queryOptions());
  const [url, setUrl] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const create = useMutation(
    trpc.scheduling.createCalendarFeed.mutationOptions({
      onSuccess: (made) => {
        setUrl(made.url);
        queryClient.setQueryData(trpc.scheduling.calendarFeed.queryKey(), { active: true });
        setStatus('New calendar link made. Any earlier link no longer works.');
        // Focus the link so it can be copied straight away (and is read out).
        requestAnimationFrame(() => inputRef.current?.select());
      },
    }),
  );
  const revoke = useMutation(
    trpc.scheduling.revokeCalendarFeed.mutationOptions({
      onSuccess: (result) => {
        setUrl(null);
        queryClient.setQueryData(trpc.scheduling.calendarFeed.queryKey(), { active: false });
        setStatus(
          result.revoked
            ? 'Calendar link turned off. Calendars subscribed to it stop updating.'
            : 'There was no calendar link to turn off.',
        );
      },
    }),
  );
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setStatus('Link copied.');
    } catch {
      inputRef.current?.select();
      setStatus('Copying is blocked here: the link is selected, copy it with your keyboard.');
    }
  };
  const failure = create.error ?? revoke.error;
  const active = url !== null || feed.data?.active === true;

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Calendar feed</CardTitle>
        <CardDescription>
          Subscribe to your sessions from Google Calendar, Apple Calendar or Outlook. Keep the link private: anyone with
          it can see your sessions.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {url ? (
          <div className="flex flex-col gap-2">
            <Label htmlFor={inputId}>Your calendar link</Label>
            <div className="flex gap-2">
              <Input
                ref={inputRef}
                id={inputId}
                readOnly
                value={url}
                className="font-mono text-xs sm:text-xs"
                onFocus={(event) => event.target.select()}
              />
              <Button variant="secondary" onClick={copy}>
                Copy
              </Button>
            </div>
          </div>
        ) : active ? (
          <p className="text-sm">
            You have a calendar link. It is shown only once, when it is made; make a new one to see it (the old one then
            stops working).
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <Button
            variant={url ? 'outline' : 'primary'}
            disabled={create.isPending}
            onClick={() => {
              revoke.reset();
              create.mutate();
            }}
          >
            {create.isPending ? 'Making a link…' : active ? 'Make a new link' : 'Get calendar link'}
          </Button>
          {active ? (
            <Button
              variant="ghost"
              disabled={revoke.isPending}
              onClick={() => {
                create.reset();
                revoke.mutate();
              }}
            >
              {revoke.isPending ? 'Turning off…' : 'Turn off link'}
            </Button>
          ) : null}
        </div>
        <p role="status" className="text-sm text-muted-foreground empty:hidden">
          {status}
        </p>
        {failure ? (
          <Alert tone="danger" role="alert" title="That did not work">
            {errorMessage(failure)}
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}
