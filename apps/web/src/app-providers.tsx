import { QueryClientProvider } from '@tanstack/react-query';
import { LucideProvider } from 'lucide-react';
import { type ReactNode, StrictMode } from 'react';
import { queryClient, TRPCProvider, trpcClient } from './trpc';

/** What every page renders inside, in the app (main.tsx) and on the landing page (landing.tsx). */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          {/* The icons' size and weight where a page does not set them (classes such as size-4 win). */}
          <LucideProvider size={20} strokeWidth={1.75}>
            {children}
          </LucideProvider>
        </TRPCProvider>
      </QueryClientProvider>
    </StrictMode>
  );
}

/** The page's #root, where React renders. */
export function rootElement(): HTMLElement {
  const container = document.getElementById('root');
  if (!container) throw new Error('the page has no #root element');
  return container;
}
