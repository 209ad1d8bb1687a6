import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { errorHttpStatus } from '../lib/error-message';
import { useTRPC } from '../trpc';
import { forgetViewer } from './viewer';

/** Signs out here, goes home, and forgets everything the signed-in person could see. */
export function useSignOut() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const leave = async () => {
    await navigate({ to: '/' });
    forgetViewer(queryClient);
  };
  return useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: leave,
      // An expired session is as good as signed out.
      onError: (error) => (errorHttpStatus(error) === 401 ? leave() : undefined),
    }),
  );
}
