import type { Deps } from '../core/context';
import { sendGraceWarnings } from './grace-warnings';
import { type SyncInput, type SyncOutcome, syncSnapshot } from './sync-community';

export type SyncRunResult = SyncOutcome & { warningsSent: number };

/** Grace warnings for everyone due, with the caller's mailer (after every applied sync, and hourly). */
export function warnMembersInGrace(
  deps: Deps<'db' | 'logger' | 'mailer' | 'now' | 'settings'>,
): Promise<{ warned: number }> {
  return sendGraceWarnings(
    { db: deps.db, mailer: deps.mailer, logger: deps.logger, publicUrl: deps.settings.publicUrl },
    { now: deps.now(), warningDays: deps.settings.skool.warningDays },
  );
}

/** A full sync with the caller's policy, then the grace warnings it may have made due. */
export async function runSync(
  deps: Deps<'db' | 'logger' | 'mailer' | 'now' | 'settings'>,
  input: Omit<SyncInput, 'settings' | 'adminEmails' | 'now'>,
): Promise<SyncRunResult> {
  const outcome = await syncSnapshot(deps.db, {
    ...input,
    settings: deps.settings.skool,
    adminEmails: deps.settings.adminEmails,
    now: deps.now(),
  });
  return withWarnings(deps, outcome);
}

export async function withWarnings(
  deps: Deps<'db' | 'logger' | 'mailer' | 'now' | 'settings'>,
  outcome: SyncOutcome,
): Promise<SyncRunResult> {
  if (outcome.status !== 'applied') {
    deps.logger.warn(
      { community: outcome.community, source: outcome.source, logId: outcome.logId },
      outcome.message ?? '',
    );
    return { ...outcome, warningsSent: 0 };
  }
  const { warned } = await warnMembersInGrace(deps);
  deps.logger.info(
    { community: outcome.community, source: outcome.source, counts: outcome.counts, durationMs: outcome.durationMs },
    'Skool sync applied',
  );
  return { ...outcome, warningsSent: warned };
}
