import { roleProcedure, router } from '../core/trpc';
import { clientDashboard, coachDashboard } from './dashboards';
import { createGoal, listGoals, recordProgress, setGoalStatus } from './goals';
import { assignHomework, completeHomework, createExercise, listExercises, listHomework } from './homework';
import { addNote, listNotes, removeNote } from './notes';
import { decideProposal, publishRecap, recapForCoach } from './recap';
import {
  addNoteInput,
  appointmentIdInput,
  assignHomeworkInput,
  clientIdInput,
  clientScopeInput,
  completeHomeworkInput,
  createExerciseInput,
  createGoalInput,
  decideProposalInput,
  noteIdInput,
  publishRecapInput,
  recordProgressInput,
  setGoalStatusInput,
} from './schemas';

const coach = roleProcedure('coach');
const client = roleProcedure('client');
const member = roleProcedure('client', 'coach');

/** The coaching loop: recaps the coach approves, private notes, goals, homework, dashboards. */
export const coachingRouter = router({
  recap: router({
    /** The draft and what is published, for the session's coach only. */
    draft: coach.input(appointmentIdInput).query(({ ctx, input }) => recapForCoach(ctx, ctx.user, input)),
    publish: coach.input(publishRecapInput).mutation(({ ctx, input }) => publishRecap(ctx, ctx.user, input)),
    /** Accept or reject a proposed fact or challenge; accepted ones join the client's context. */
    decide: coach.input(decideProposalInput).mutation(({ ctx, input }) => decideProposal(ctx, ctx.user, input)),
  }),
  notes: router({
    list: coach.input(clientIdInput).query(({ ctx, input }) => listNotes(ctx, ctx.user, input)),
    add: coach.input(addNoteInput).mutation(({ ctx, input }) => addNote(ctx, ctx.user, input)),
    remove: coach.input(noteIdInput).mutation(({ ctx, input }) => removeNote(ctx, ctx.user, input)),
  }),
  goals: router({
    list: member.input(clientScopeInput).query(({ ctx, input }) => listGoals(ctx, ctx.user, input)),
    create: member.input(createGoalInput).mutation(({ ctx, input }) => createGoal(ctx, ctx.user, input)),
    setStatus: member.input(setGoalStatusInput).mutation(({ ctx, input }) => setGoalStatus(ctx, ctx.user, input)),
    recordProgress: coach.input(recordProgressInput).mutation(({ ctx, input }) => recordProgress(ctx, ctx.user, input)),
  }),
  exercises: router({
    list: coach.query(({ ctx }) => listExercises(ctx.db, ctx.user)),
    create: coach.input(createExerciseInput).mutation(({ ctx, input }) => createExercise(ctx.db, ctx.user, input)),
  }),
  homework: router({
    list: member.input(clientScopeInput).query(({ ctx, input }) => listHomework(ctx, ctx.user, input)),
    assign: coach.input(assignHomeworkInput).mutation(({ ctx, input }) => assignHomework(ctx, ctx.user, input)),
    complete: client.input(completeHomeworkInput).mutation(({ ctx, input }) => completeHomework(ctx, ctx.user, input)),
  }),
  dashboard: router({
    client: client.query(({ ctx }) => clientDashboard(ctx.db, ctx.user, ctx.now())),
    coach: coach.query(({ ctx }) => coachDashboard(ctx, ctx.user, ctx.now())),
  }),
});
