/** "Saved." after a successful save, announced politely; empty (and silent) otherwise. */
export function SavedStatus({ message }: { message: string | null }) {
  return (
    <p role="status" className="text-sm font-medium text-emerald-700 empty:hidden dark:text-emerald-300">
      {message}
    </p>
  );
}
