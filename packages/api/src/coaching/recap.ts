import { healthFieldContext, openContext, openJson, type Prisma, sealContext, sealJson } from '@hybridcoach/db';
import type { z } from 'zod';
import { recordHealthDataRead } from '../auth/data-reads';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { coachNameOf, formatWhen } from '../format';
import { emailFooter } from '../notification/email-footer';
import { DEFAULT_LOCALE, deliveryFor } from '../notification/preferences';
import { emailWhereWanted } from '../notification/topic-email';
import { type StoredRecap, storedRecap } from '../post-session/recap-schema';
import { assertCoachOf } from './access';
import type { decideProposalInput, publishRecapInput } from './schemas';

type Tx = Prisma.TransactionClient;

/** The session's coach, with access to its client now; the meeting record it belongs to. */
async function coachedSession(deps: Deps<'db' | 'now' | 'settings'>, user: UserPrincipal, appointmentId: string) {
  const appointment = await deps.db.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      id: true,
      coachId: true,
      clientId: true,
      status: true,
      scheduledFor: true,
      endsAt: true,
      client: { select: { displayName: true, email: true, timezone: true } },
      coach: { select: { displayName: true, coachName: true } },
      session: {
        select: { id: true, aiSummary: true, sealedAiRecap: true, summary: true, summaryPublishedAt: true },
      },
    },
  });
  if (!appointment || appointment.coachId !== user.userId)
    throw new DomainError('FORBIDDEN', 'Only the coach of this session can review its recap.');
  await assertCoachOf(deps, user, appointment.clientId);
  return appointment;
}

function openDraft(keys: Deps<'keys'>['keys'], clientId: string, sealed: string | null): StoredRecap | null {
  return sealed ? storedRecap.parse(openJson(keys, sealed, healthFieldContext.aiRecap(clientId))) : null;
}

/**
 * The recap as the coach reviews it: the AI's draft (summary and structured parts, with what was
 * already decided about each proposal), what is published, and the client's active goals to
 * record progress against. The client never reaches this.
 */
export async function recapForCoach(
  deps: Deps<'db' | 'now' | 'settings' | 'keys'>,
  user: UserPrincipal,
  input: { appointmentId: string },
) {
  const appointment = await coachedSession(deps, user, input.appointmentId);
  const session = appointment.session;
  await recordHealthDataRead(deps.db, {
    reader: user,
    clientId: appointment.clientId,
    what: 'transcript',
    appointmentId: appointment.id,
  });
  const goals = await deps.db.clientGoal.findMany({
    where: { clientId: appointment.clientId, status: 'active' },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      title: true,
      progress: { orderBy: { createdAt: 'desc' }, take: 1, select: { rating: true, note: true, createdAt: true } },
    },
  });
  return {
    appointmentId: appointment.id,
    clientId: appointment.clientId,
    clientName: appointment.client.displayName,
    scheduledFor: appointment.scheduledFor,
    status: appointment.status,
    took: session !== null,
    aiSummary: session?.aiSummary ?? null,
    draft: session ? openDraft(deps.keys, appointment.clientId, session.sealedAiRecap) : null,
    summary: session?.summary ?? null,
    summaryPublishedAt: session?.summaryPublishedAt ?? null,
    goals: goals.map(({ progress, ...g }) => ({ ...g, latest: progress[0] ?? null })),
  };
}

/**
 * The coach publishes the recap (their edit of the draft, or their own words): it becomes the
 * session's `summary`, the client's last summary (unless a later session's is published), and
 * the client hears of it in the app and, if they want, by email — a link, not the text, since
 * mail leaves our hands. Publishing again replaces the text and tells nobody twice.
 */
export async function publishRecap(
  deps: Deps<'db' | 'now' | 'settings' | 'keys' | 'mailer' | 'logger'>,
  user: UserPrincipal,
  input: z.infer<typeof publishRecapInput>,
) {
  const appointment = await coachedSession(deps, user, input.appointmentId);
  const session = appointment.session;
  if (!session || appointment.status !== 'completed')
    throw new DomainError('CONFLICT', 'A recap is published once the session has taken place and ended.');
  const now = deps.now();
  const first = session.summaryPublishedAt === null;
  await deps.db.$transaction(async (tx) => {
    await tx.session.update({
      where: { id: session.id },
      data: {
        summary: input.summary,
        summaryPublishedAt: session.summaryPublishedAt ?? now,
        summaryPublishedById: user.userId,
      },
    });
    await setLastSummary(tx, appointment.clientId);
    if (first)
      await tx.notification.create({
        data: {
          userId: appointment.clientId,
          type: 'recap_published',
          title: 'Your session recap is ready',
          message: `${coachNameOf(appointment.coach)} published the recap of your session.`,
          actionUrl: `/sessions/${appointment.id}`,
        },
      });
  });
  if (first) {
    const deliveries = await deliveryFor(deps.db, [appointment.clientId], 'appointments');
    const reader = {
      timeZone: appointment.client.timezone,
      locale: deliveries.get(appointment.clientId)?.locale ?? DEFAULT_LOCALE,
      now,
    };
    const site = deps.settings.publicUrl;
    await emailWhereWanted(deps, deliveries, [
      {
        userId: appointment.clientId,
        message: {
          to: appointment.client.email,
          subject: 'Your session recap is ready',
          text: `${coachNameOf(appointment.coach)} published the recap of your session on ${formatWhen(appointment.scheduledFor, reader)}.\n\nRead it at ${site}/sessions/${appointment.id}\n\n${emailFooter(site)}`,
        },
      },
    ]);
  }
  return { summary: input.summary, publishedAt: session.summaryPublishedAt ?? now };
}

/** The client's last summary is their latest published one: what the assistant starts from next time. */
async function setLastSummary(tx: Tx, clientId: string): Promise<void> {
  const latest = await tx.session.findFirst({
    where: { appointment: { clientId }, summaryPublishedAt: { not: null } },
    orderBy: { appointment: { scheduledFor: 'desc' } },
    select: { summary: true },
  });
  await tx.profile.upsert({
    where: { userId: clientId },
    create: { userId: clientId, lastSummary: latest?.summary ?? null },
    update: { lastSummary: latest?.summary ?? null },
  });
}

/**
 * The coach accepts or rejects a proposed fact or challenge of the draft. Accepted, it joins the
 * client's sealed context (what the assistant is given next time), in the coach's wording if
 * they changed it; rejected, it is only marked. Deciding again the same way changes nothing;
 * a decision once made is not reversed here (the context page edits the context itself).
 */
export async function decideProposal(
  deps: Deps<'db' | 'now' | 'settings' | 'keys'>,
  user: UserPrincipal,
  input: z.infer<typeof decideProposalInput>,
) {
  const appointment = await coachedSession(deps, user, input.appointmentId);
  const { keys } = deps;
  const clientId = appointment.clientId;
  await recordHealthDataRead(deps.db, { reader: user, clientId, what: 'context', appointmentId: appointment.id });
  return deps.db.$transaction(async (tx) => {
    // The session row is the lock: two decisions at once do not lose each other's.
    const [locked] = await tx.$queryRaw<{ sealedAiRecap: string | null }[]>`
      SELECT "sealedAiRecap" FROM "Session" WHERE "appointmentId" = ${appointment.id} FOR UPDATE`;
    const draft = openDraft(keys, clientId, locked?.sealedAiRecap ?? null);
    const proposals = input.kind === 'fact' ? draft?.recap.proposedFacts : draft?.recap.proposedChallenges;
    const proposal = proposals?.[input.index];
    if (!draft || proposal === undefined)
      throw new DomainError('BAD_REQUEST', 'is not a proposal of this recap', { field: 'index' });
    const key = `${input.kind}:${input.index}`;
    const earlier = draft.decisions[key];
    if (earlier && earlier !== input.decision)
      throw new DomainError('CONFLICT', `This proposal was already ${earlier}.`);
    if (!earlier && input.decision === 'accepted') {
      const profile = await tx.profile.findUnique({ where: { userId: clientId }, select: { sealedContext: true } });
      const context = openContext(keys, clientId, profile?.sealedContext);
      const field = input.kind === 'fact' ? 'clientFacts' : 'challenges';
      const text = input.text ?? proposal;
      // A new list: the opened context may be the shared empty one.
      const list = context[field].includes(text) ? context[field] : [...context[field], text];
      const sealedContext = sealContext(keys, clientId, { ...context, [field]: list });
      await tx.profile.upsert({
        where: { userId: clientId },
        create: { userId: clientId, sealedContext },
        update: { sealedContext },
      });
    }
    const decided: StoredRecap = { ...draft, decisions: { ...draft.decisions, [key]: input.decision } };
    await tx.session.update({
      where: { appointmentId: appointment.id },
      data: { sealedAiRecap: sealJson(keys, decided, healthFieldContext.aiRecap(clientId)) },
    });
    return { decisions: decided.decisions };
  });
}
