import { RouterProvider } from '@tanstack/react-router';
import { createRoot } from 'react-dom/client';
import { AppProviders, rootElement } from './app-providers';
import { watchForLostSession } from './auth/session-watch';
import { router } from './router';
import { initTheme } from './theme/theme-store';
import { queryClient } from './trpc';
import './styles.css';

initTheme();
watchForLostSession(queryClient, router);

createRoot(rootElement()).render(
  <AppProviders>
    <RouterProvider router={router} />
  </AppProviders>,
);
