import { type Env, loadEnv } from '@hybridcoach/config';
import type { AppSettings } from '../core/settings';

/** The membership policy every Skool sync applies, wherever it runs (worker or web server). */
export interface SkoolSyncSettings {
  /** Days a cancelled member keeps access (a cancelled Ultra member stays a coach). */
  gracePeriodDays: number;
  /** Members are warned once when their grace period ends within this many days. */
  warningDays: number;
  /** A snapshot that would move more than this share (0–1) of active members off active is refused. */
  maxCancelShare: number;
}

export function skoolSyncSettingsFromEnv(env: Env): SkoolSyncSettings {
  return {
    gracePeriodDays: env.SKOOL_GRACE_PERIOD_DAYS,
    warningDays: env.SKOOL_GRACE_WARNING_DAYS,
    maxCancelShare: env.SKOOL_MAX_CANCEL_SHARE,
  };
}

/** AppSettings as the worker builds them: with the Skool policy attached. */
export type SettingsWithSkool = AppSettings & { skool: SkoolSyncSettings };

export function withSkoolSettings(settings: AppSettings, skool: SkoolSyncSettings): SettingsWithSkool {
  return { ...settings, skool };
}

/**
 * The Skool policy in force for a caller. AppSettings (core, another domain) does not carry it
 * yet, so the worker attaches it (`withSkoolSettings`) and the web server, which builds plain
 * AppSettings, falls back to the same environment variables. Read per call: it is a few
 * microseconds, and tests can change the environment.
 */
export function skoolSettingsOf(settings: AppSettings): SkoolSyncSettings {
  if ('skool' in settings) return (settings as SettingsWithSkool).skool;
  return skoolSyncSettingsFromEnv(loadEnv());
}
