import { openContext, openIntake, type PreferenceValue, sealContext } from '@hybridcoach/db';
import type { z } from 'zod';
import { recordHealthDataRead } from '../auth/data-reads';
import { coachingMemory } from '../coaching/memory';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { accessRule, coachHasAccess } from '../relationship/access';
import type { updateClientContextInput } from './schemas';

export interface ClientContext {
  clientId: string;
  displayName: string;
  clientFacts: string[];
  challenges: string[];
  preferences: Record<string, PreferenceValue> | null;
  contextNotes: string | null;
  coachingGoals: string | null;
  symptoms: string | null;
  initialMood: number | null;
  lastSummary: string | null;
  /** Whose session the last summary is from, and when it ended (a client may see several coaches). */
  lastSummaryFrom: { coachId: string; coachName: string; endedAt: Date } | null;
}

/**
 * Who may see and edit a client's context (seed 000 "Client Context Building"): admins, and
 * coaches in a live relationship with the client (relationship/access.ts). The client may read
 * their own.
 */
export async function assertContextAccess(
  deps: Deps<'db' | 'now' | 'settings'>,
  principal: UserPrincipal,
  clientId: string,
  mode: 'read' | 'edit',
): Promise<void> {
  if (principal.role === 'admin') return;
  if (mode === 'read' && principal.userId === clientId) return;
  if (
    principal.role === 'coach' &&
    (await coachHasAccess(deps.db, { coachId: principal.userId, clientId }, accessRule(deps.settings, deps.now())))
  )
    return;
  // The same answer whether or not the client exists: ids are not an oracle.
  throw new DomainError('FORBIDDEN', 'You can only see the context of your own clients.');
}

/**
 * Opens a client's sealed intake and context. Private to this module: only the functions below,
 * which check who asks and audit the read first, call it.
 */
async function readClientContext({ db, keys }: Deps<'db' | 'keys'>, clientId: string): Promise<ClientContext> {
  const client = await db.user.findFirst({
    where: { id: clientId, role: 'client', deletedAt: null },
    select: {
      id: true,
      displayName: true,
      profile: { select: { sealedIntake: true, sealedContext: true, lastSummary: true } },
    },
  });
  if (!client) throw new DomainError('NOT_FOUND', 'No client with that id.');
  const p = client.profile;
  const from = p?.lastSummary
    ? await db.session.findFirst({
        where: {
          appointment: { clientId },
          endedAt: { not: null },
          OR: [{ aiSummary: { not: null } }, { summary: { not: null } }],
        },
        orderBy: { endedAt: 'desc' },
        select: {
          endedAt: true,
          appointment: { select: { coach: { select: { id: true, displayName: true, coachName: true } } } },
        },
      })
    : null;
  return {
    clientId: client.id,
    displayName: client.displayName,
    ...openContext(keys, client.id, p?.sealedContext),
    ...openIntake(keys, client.id, p?.sealedIntake),
    lastSummary: p?.lastSummary ?? null,
    lastSummaryFrom:
      from?.endedAt != null
        ? {
            coachId: from.appointment.coach.id,
            coachName: from.appointment.coach.coachName ?? from.appointment.coach.displayName,
            endedAt: from.endedAt,
          }
        : null,
  };
}

async function updateClientContext(
  deps: Deps<'db' | 'keys'>,
  input: z.infer<typeof updateClientContextInput>,
): Promise<ClientContext> {
  await readClientContext(deps, input.clientId);
  const sealedContext = sealContext(deps.keys, input.clientId, {
    clientFacts: input.clientFacts,
    challenges: input.challenges,
    preferences: input.preferences,
    contextNotes: input.contextNotes,
  });
  await deps.db.profile.upsert({
    where: { userId: input.clientId },
    create: { userId: input.clientId, sealedContext },
    update: { sealedContext },
  });
  return readClientContext(deps, input.clientId);
}

export type CoachingMemory = Awaited<ReturnType<typeof coachingMemory>>;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The context as the agent's prompt needs it: short labelled lines, empty parts left out. Only
 * what the coach approved is here: accepted facts and challenges, goals and recorded progress,
 * assigned homework, the last published recap (never a draft).
 */
export function contextPrompt(context: ClientContext, memory: CoachingMemory): string {
  const goals = memory.goals.map((g) => {
    const target = g.targetDate ? `, target ${isoDay(g.targetDate)}` : '';
    const latest = g.latest ? ` — latest progress ${g.latest.rating}/5: ${g.latest.note}` : '';
    return `${g.title}${target}${latest}`;
  });
  const homework = memory.homework.map((h) => `${h.title}${h.dueDate ? ` (due ${isoDay(h.dueDate)})` : ''}`);
  const done = memory.homeworkDone.map((h) => `${h.title}${h.note ? ` — the client's note: ${h.note}` : ''}`);
  const lines = [
    `Client: ${context.displayName}`,
    context.coachingGoals && `Goals: ${context.coachingGoals}`,
    context.symptoms && `Symptoms: ${context.symptoms}`,
    context.initialMood && `Mood at intake: ${context.initialMood}/5`,
    context.clientFacts.length > 0 && `Client facts: ${context.clientFacts.join('; ')}`,
    context.challenges.length > 0 && `Challenges: ${context.challenges.join('; ')}`,
    context.preferences && `Preferences: ${JSON.stringify(context.preferences)}`,
    context.contextNotes && `Coach notes: ${context.contextNotes}`,
    goals.length > 0 && `Active goals: ${goals.join('; ')}`,
    homework.length > 0 && `Open homework: ${homework.join('; ')}`,
    done.length > 0 && `Homework done lately: ${done.join('; ')}`,
    context.lastSummary && `Last session summary: ${context.lastSummary}`,
  ];
  return lines.filter(Boolean).join('\n');
}

/** The client's context for the agent's prompt, found by the appointment the agent serves. */
export async function agentClientContext(deps: Deps<'db' | 'keys' | 'now'>, appointmentId: string) {
  const { db } = deps;
  const appointment = await db.appointment.findUnique({ where: { id: appointmentId }, select: { clientId: true } });
  if (!appointment) throw new DomainError('NOT_FOUND', 'No appointment with that id.');
  await recordHealthDataRead(db, {
    reader: { kind: 'service', service: 'agent' },
    clientId: appointment.clientId,
    what: 'context',
    appointmentId,
  });
  const [context, memory] = await Promise.all([
    readClientContext(deps, appointment.clientId),
    coachingMemory(db, appointment.clientId, deps.now()),
  ]);
  return { ...context, prompt: contextPrompt(context, memory) };
}

/** A client's context for someone allowed to read it; a read by anyone but the client is audited. */
export async function clientContextFor(
  deps: Deps<'db' | 'now' | 'settings' | 'keys'>,
  reader: UserPrincipal,
  clientId: string,
): Promise<ClientContext> {
  await assertContextAccess(deps, reader, clientId, 'read');
  await recordHealthDataRead(deps.db, { reader, clientId, what: 'context' });
  return readClientContext(deps, clientId);
}

/** The client's coach (or an admin) edits the context the assistant is given. */
export async function editClientContext(
  deps: Deps<'db' | 'now' | 'settings' | 'keys'>,
  editor: UserPrincipal,
  input: z.infer<typeof updateClientContextInput>,
): Promise<ClientContext> {
  await assertContextAccess(deps, editor, input.clientId, 'edit');
  // The edit answers with the whole context: that is a read too.
  await recordHealthDataRead(deps.db, { reader: editor, clientId: input.clientId, what: 'context' });
  return updateClientContext(deps, input);
}
