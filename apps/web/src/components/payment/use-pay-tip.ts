import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../../trpc';

/**
 * Opens Stripe's checkout page for one of the viewer's tips: the browser leaves for it and
 * comes back to the session page, which shows what Stripe's webhook says.
 */
export function usePayTip() {
  const trpc = useTRPC();
  return useMutation(
    trpc.payment.checkoutTip.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
    }),
  );
}
