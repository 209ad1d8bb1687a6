import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProviders, rootElement } from './app-providers';
import { useViewer } from './auth/viewer';
import { AppShell } from './components/layout/AppShell';
import { PlainShellLink } from './components/layout/PlainShellLink';
import { LandingPage } from './pages/landing/LandingPage';
import { initTheme } from './theme/theme-store';
import './styles.css';

/**
 * The landing page on its own, without the router: what the server sends for `/` to a browser
 * without a session cookie (the first visit of nearly everyone), so that it loads a quarter less
 * JavaScript. Its links are page loads into the app (index.html, main.tsx), which also has this
 * page as a route. Someone who turns out to be signed in (they signed in in another tab) is
 * handed to the app: the server sends the app for `/` to a browser with the cookie.
 */
function StandaloneLanding() {
  const signedIn = Boolean(useViewer().data);
  useEffect(() => {
    if (signedIn) window.location.replace(`/${window.location.search}${window.location.hash}`);
  }, [signedIn]);
  // The shell's signed-in parts (menu, bell) need the router: nothing until the app loads.
  if (signedIn) return null;
  return (
    <AppShell pathname={window.location.pathname} Link={PlainShellLink}>
      <LandingPage />
    </AppShell>
  );
}

initTheme();
createRoot(rootElement()).render(
  <AppProviders>
    <StandaloneLanding />
  </AppProviders>,
);
