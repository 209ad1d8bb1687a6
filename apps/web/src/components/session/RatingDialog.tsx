import { useMutation, useQuery } from '@tanstack/react-query';
import { StarIcon } from 'lucide-react';
import { type FormEvent, useId, useState } from 'react';
import type { RouterOutputs } from '../../lib/api-types';
import { cx } from '../../lib/class-names';
import { formErrorsFrom } from '../../lib/form-errors';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';
import { usePayTip } from '../payment/use-pay-tip';
import { Button } from '../ui/Button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '../ui/Dialog';
import { ErrorSummary } from '../ui/ErrorSummary';
import { FormField } from '../ui/FormField';
import { Textarea } from '../ui/Textarea';
import { formatTip } from './session-format';

export type RatingResult = RouterOutputs['session']['rate'];

const TIPS = [1, 3, 5] as const;
type Tip = (typeof TIPS)[number];
const ratingWords = ['', 'Poor', 'Fair', 'Good', 'Very good', 'Excellent'];
const labels = { rating: 'Rating', comment: 'Comment', tip: 'Tip' };

const TIP_NOTE = 'Tips are recorded as pending: no payment provider is connected yet, so nothing is charged now.';
const STRIPE_TIP_NOTE =
  "You pay the tip next, on Stripe's secure checkout page; your coach receives it once Stripe confirms it.";

export interface RatingDialogProps {
  appointmentId: string;
  coachName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onRated: (result: RatingResult) => void;
}

/** The client's rating of an ended session: 1–5 stars, an optional comment and tip, once. */
export function RatingDialog({ appointmentId, coachName, open, onOpenChange, onRated }: RatingDialogProps) {
  const trpc = useTRPC();
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [tip, setTip] = useState<Tip | null>(null);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const ids = { rating: useId(), comment: useId(), tip: useId() };
  const rate = useMutation(trpc.session.rate.mutationOptions());
  // Whether a tip is charged here (Stripe) or only recorded.
  const tipping = useQuery(trpc.payment.sessionTip.queryOptions({ appointmentId }, { enabled: open }));
  const charged = tipping.data?.providerConnected ?? false;
  const pay = usePayTip();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (rating === null) {
      return show({ fields: { rating: 'Choose a rating from 1 to 5 stars' }, message: null });
    }
    clear();
    rate.mutate(
      { appointmentId, rating, comment: comment.trim() || null, tip },
      {
        onSuccess: (result) => {
          // The rating is saved; the tip is paid on Stripe's page. If that cannot open, the
          // session page offers to pay it later.
          if (charged && result.payment)
            pay.mutate({ paymentId: result.payment.id }, { onError: () => onRated(result) });
          else onRated(result);
        },
        onError: (error) => show(formErrorsFrom(error, labels)),
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>How was your session with {coachName}?</DialogTitle>
          <DialogDescription>Your rating helps your coach. You can rate each session once.</DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="flex flex-col gap-6" aria-label="Rate this session">
          <ErrorSummary ref={summaryRef} errors={errors} fieldIds={{ rating: `${ids.rating}-1`, tip: ids.tip }} />
          <fieldset
            aria-invalid={errors.fields.rating ? true : undefined}
            aria-describedby={errors.fields.rating ? `${ids.rating}-error` : undefined}
          >
            <legend className="text-sm font-medium">Your rating</legend>
            <div className="mt-2 flex items-center gap-1">
              {[1, 2, 3, 4, 5].map((value) => {
                const filled = rating !== null && value <= rating;
                return (
                  <label
                    key={value}
                    className="cursor-pointer rounded-lg p-1 text-amber-500 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring"
                  >
                    <input
                      id={`${ids.rating}-${value}`}
                      type="radio"
                      name="rating"
                      value={value}
                      checked={rating === value}
                      onChange={() => {
                        setRating(value);
                        if (errors.fields.rating) clear();
                      }}
                      className="sr-only"
                    />
                    <StarIcon className={cx('size-8', filled ? 'fill-current' : 'text-muted-foreground')} />
                    <span className="sr-only">
                      {value} star{value === 1 ? '' : 's'} ({ratingWords[value]})
                    </span>
                  </label>
                );
              })}
              <span className="ml-2 text-sm text-muted-foreground" aria-hidden="true">
                {rating ? ratingWords[rating] : 'Choose 1–5 stars'}
              </span>
            </div>
            <p id={`${ids.rating}-error`} className="mt-2 text-sm font-medium text-danger empty:hidden">
              {errors.fields.rating}
            </p>
          </fieldset>

          <FormField id={ids.comment} label="Comment (optional)" error={errors.fields.comment}>
            {(control) => (
              <Textarea
                {...control}
                rows={3}
                maxLength={2000}
                value={comment}
                placeholder="What helped? What could be better?"
                onChange={(event) => setComment(event.target.value)}
              />
            )}
          </FormField>

          <fieldset aria-describedby={`${ids.tip}-note`}>
            <legend className="text-sm font-medium">Add a tip for {coachName} (optional)</legend>
            <div className="mt-2 grid grid-cols-4 gap-2">
              {[null, ...TIPS].map((value) => (
                <label
                  key={value ?? 'none'}
                  className={cx(
                    'flex h-10 cursor-pointer items-center justify-center rounded-lg border text-sm font-medium transition-colors',
                    'has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring',
                    tip === value
                      ? 'border-primary bg-accent text-accent-foreground'
                      : 'border-input bg-card hover:bg-muted',
                  )}
                >
                  <input
                    id={value === null ? ids.tip : undefined}
                    type="radio"
                    name="tip"
                    checked={tip === value}
                    onChange={() => setTip(value)}
                    className="sr-only"
                  />
                  {value === null ? 'No tip' : formatTip(value)}
                </label>
              ))}
            </div>
            <p id={`${ids.tip}-note`} className="mt-2 text-sm text-muted-foreground">
              {charged ? STRIPE_TIP_NOTE : TIP_NOTE}
            </p>
            <p className="mt-1 text-sm font-medium text-danger empty:hidden">{errors.fields.tip}</p>
          </fieldset>

          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Not now
            </Button>
            <Button type="submit" disabled={rate.isPending || pay.isPending}>
              {pay.isPending
                ? 'Opening Stripe…'
                : rate.isPending
                  ? 'Sending…'
                  : tip
                    ? `Send rating and ${formatTip(tip)} tip`
                    : 'Send rating'}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
