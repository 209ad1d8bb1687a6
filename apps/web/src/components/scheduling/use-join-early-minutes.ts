import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc';

/** How early the server opens a room (JOIN_EARLY_MINUTES); its default until the server has said. */
export function useJoinEarlyMinutes(): number {
  const trpc = useTRPC();
  const options = useQuery({ ...trpc.auth.options.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  return options.data?.joinEarlyMinutes ?? 10;
}
