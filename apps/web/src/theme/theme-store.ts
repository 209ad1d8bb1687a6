import { useSyncExternalStore } from 'react';
import {
  parseThemePreference,
  type ResolvedTheme,
  resolveTheme,
  THEME_STORAGE_KEY,
  type ThemePreference,
} from './theme-preference';

const listeners = new Set<() => void>();
let preference: ThemePreference = 'system';
let systemDark: MediaQueryList | null = null;

// Storage can throw (private mode, blocked cookies); the theme then lasts for the page only.
function readStored(): ThemePreference {
  try {
    return parseThemePreference(localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return 'system';
  }
}

function writeStored(value: ThemePreference): void {
  try {
    if (value === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, value);
  } catch {
    /* not persisted */
  }
}

function apply(): void {
  const theme: ResolvedTheme = resolveTheme(preference, systemDark?.matches ?? false);
  const root = document.documentElement;
  root.classList.toggle('dark', theme === 'dark');
  root.style.colorScheme = theme;
}

function update(next: ThemePreference): void {
  preference = next;
  apply();
  for (const listener of listeners) listener();
}

/** Call once at startup: applies the saved theme and follows the OS and other tabs. */
export function initTheme(): void {
  systemDark = window.matchMedia('(prefers-color-scheme: dark)');
  systemDark.addEventListener('change', apply);
  window.addEventListener('storage', (event) => {
    if (event.key === THEME_STORAGE_KEY) update(parseThemePreference(event.newValue));
  });
  update(readStored());
}

export function setThemePreference(next: ThemePreference): void {
  writeStored(next);
  update(next);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useThemePreference(): ThemePreference {
  return useSyncExternalStore(subscribe, () => preference);
}
