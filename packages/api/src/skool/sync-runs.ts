import type { Context } from '../core/context';
import { sendGraceWarnings } from './grace-warnings';
import { type SyncInput, type SyncOutcome, syncSnapshot } from './sync-community';
import { skoolSettingsOf } from './sync-settings';

export type SyncRunResult = SyncOutcome & { warningsSent: number };

/** Grace warnings for everyone due, with the caller's mailer (after every applied sync, and hourly). */
export function warnMembersInGrace(ctx: Context): Promise<{ warned: number }> {
  return sendGraceWarnings(
    { db: ctx.db, mailer: ctx.mailer, logger: ctx.logger, publicUrl: ctx.settings.publicUrl },
    { now: ctx.now(), warningDays: skoolSettingsOf(ctx.settings).warningDays },
  );
}

/** A full sync with the caller's policy, then the grace warnings it may have made due. */
export async function runSync(
  ctx: Context,
  input: Omit<SyncInput, 'settings' | 'adminEmails' | 'now'>,
): Promise<SyncRunResult> {
  const outcome = await syncSnapshot(ctx.db, {
    ...input,
    settings: skoolSettingsOf(ctx.settings),
    adminEmails: ctx.settings.adminEmails,
    now: ctx.now(),
  });
  return withWarnings(ctx, outcome);
}

export async function withWarnings(ctx: Context, outcome: SyncOutcome): Promise<SyncRunResult> {
  if (outcome.status !== 'applied') {
    ctx.logger.warn(
      { community: outcome.community, source: outcome.source, logId: outcome.logId },
      outcome.message ?? '',
    );
    return { ...outcome, warningsSent: 0 };
  }
  const { warned } = await warnMembersInGrace(ctx);
  ctx.logger.info(
    { community: outcome.community, source: outcome.source, counts: outcome.counts, durationMs: outcome.durationMs },
    'Skool sync applied',
  );
  return { ...outcome, warningsSent: warned };
}
