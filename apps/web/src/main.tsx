import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { LucideProvider } from 'lucide-react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { watchForLostSession } from './auth/session-watch';
import { router } from './router';
import { initTheme } from './theme/theme-store';
import { queryClient, TRPCProvider, trpcClient } from './trpc';
import './styles.css';

initTheme();
watchForLostSession(queryClient, router);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {/* The icons' size and weight where a page does not set them (classes such as size-4 win). */}
        <LucideProvider size={20} strokeWidth={1.75}>
          <RouterProvider router={router} />
        </LucideProvider>
      </TRPCProvider>
    </QueryClientProvider>
  </StrictMode>,
);
