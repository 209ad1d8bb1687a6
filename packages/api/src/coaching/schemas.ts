import { z } from 'zod';
import { exerciseDifficulty, suggestedHomework } from '../post-session/recap-schema';

const id = z.string().trim().min(1, 'is required').max(64, 'is too long');
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const required = (max: number) => text(max).min(1, 'is required');

export const appointmentIdInput = z.object({ appointmentId: id });
/** A coach names the client; a client reads their own (clientId left out). */
export const clientScopeInput = z.object({ clientId: id.optional() }).default({});
export const clientIdInput = z.object({ clientId: id });

export const publishRecapInput = z.object({ appointmentId: id, summary: required(8000) });

export const decideProposalInput = z.object({
  appointmentId: id,
  kind: z.enum(['fact', 'challenge']),
  index: z.number().int().min(0).max(20),
  decision: z.enum(['accepted', 'rejected']),
  /** The coach's wording of an accepted proposal; the proposal's own when left out. */
  text: required(300).optional(),
});

export const addNoteInput = z.object({ clientId: id, content: required(10_000), appointmentId: id.optional() });
export const noteIdInput = z.object({ noteId: id });

export const createGoalInput = z.object({
  clientId: id.optional(),
  title: required(200),
  why: text(2000).optional(),
  targetDate: z.date().optional(),
});
export const goalIdInput = z.object({ goalId: id });
export const setGoalStatusInput = z.object({ goalId: id, status: z.enum(['active', 'achieved', 'abandoned']) });
export const recordProgressInput = z.object({
  goalId: id,
  rating: z.number().int().min(1, 'must be 1–5').max(5, 'must be 1–5'),
  note: required(1000),
  appointmentId: id.optional(),
});

const mediaUrl = z
  .url('must be a link (https://…)')
  .max(500)
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) link');

export const createExerciseInput = z.object({
  title: required(120),
  instructions: required(2000),
  category: required(40),
  durationMinutes: z.number().int().min(1, 'must be at least a minute').max(240, 'must be at most 4 hours'),
  difficulty: exerciseDifficulty,
  mediaUrl: mediaUrl.optional(),
});

export const assignHomeworkInput = z
  .object({
    clientId: id,
    /** One of the coach's exercises… */
    exerciseId: id.optional(),
    /** …or a recap's suggestion, which joins the library as it is assigned (one click). */
    suggestion: suggestedHomework.optional(),
    dueDate: z.date().optional(),
    appointmentId: id.optional(),
  })
  .refine((i) => (i.exerciseId ? !i.suggestion : !!i.suggestion), {
    message: 'choose an exercise or a suggestion',
    path: ['exerciseId'],
  });

export const completeHomeworkInput = z.object({ assignmentId: id, note: text(2000).optional() });
