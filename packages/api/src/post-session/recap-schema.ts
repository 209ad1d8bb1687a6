import { z } from 'zod';

/**
 * The structured recap of a session, as the worker makes it (LLM or extractive) and the coach
 * reviews it. Everything in it is a draft: the client sees only what the coach publishes, and
 * proposed facts, challenges and goal progress reach the client's record only when the coach
 * accepts them. Limits keep one answer within what a page shows and a prompt can carry.
 */
const line = (max: number) => z.string().trim().min(1).max(max);

export const actionOwner = z.enum(['client', 'coach', 'both']);
export const exerciseDifficulty = z.enum(['beginner', 'intermediate', 'advanced']);

export const suggestedHomework = z.object({
  title: line(120),
  instructions: line(2000),
  category: line(40),
  durationMinutes: z.number().int().min(1).max(240),
  difficulty: exerciseDifficulty,
});

export const structuredRecap = z.object({
  summary: line(4000),
  keyPoints: z.array(line(300)).max(10),
  actionItems: z.array(z.object({ owner: actionOwner, task: line(300), due: line(60).nullable() })).max(10),
  suggestedHomework: z.array(suggestedHomework).max(5),
  followUpQuestions: z.array(line(300)).max(8),
  topics: z.array(z.string().trim().toLowerCase().min(2).max(40)).max(8),
  proposedFacts: z.array(line(300)).max(8),
  proposedChallenges: z.array(line(300)).max(8),
  /** One per active goal the session touched: the goal's id as the job was given it. */
  goalProgress: z
    .array(z.object({ goalId: z.string().min(1).max(40), rating: z.number().int().min(1).max(5), note: line(500) }))
    .max(10),
});

export type StructuredRecap = z.infer<typeof structuredRecap>;
export type SuggestedHomework = z.infer<typeof suggestedHomework>;
export const recapSource = z.enum(['llm', 'extractive']);

/** What the coach decided about each proposal, by its kind and index in the draft. */
export const proposalDecision = z.enum(['accepted', 'rejected']);
export const storedRecap = z.object({
  source: recapSource,
  recap: structuredRecap,
  decisions: z.record(z.string(), proposalDecision).default({}),
});
export type StoredRecap = z.infer<typeof storedRecap>;

/**
 * The same shape as a JSON Schema for the chat-completions `response_format` (strict mode: every
 * property required, no extra ones, nullable as a type union). Lengths are left to the zod check
 * above, which every answer passes before it is used.
 */
const stringArray = { type: 'array', items: { type: 'string' } } as const;
export const recapJsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'summary',
    'keyPoints',
    'actionItems',
    'suggestedHomework',
    'followUpQuestions',
    'topics',
    'proposedFacts',
    'proposedChallenges',
    'goalProgress',
  ],
  properties: {
    summary: { type: 'string', description: 'Three to six sentences for the client, in second person.' },
    keyPoints: { ...stringArray, description: 'The main insights or decisions, one short sentence each.' },
    actionItems: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['owner', 'task', 'due'],
        properties: {
          owner: { type: 'string', enum: actionOwner.options },
          task: { type: 'string' },
          due: { type: ['string', 'null'], description: 'When, as said in the session ("by Friday"), or null.' },
        },
      },
    },
    suggestedHomework: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['title', 'instructions', 'category', 'durationMinutes', 'difficulty'],
        properties: {
          title: { type: 'string' },
          instructions: { type: 'string', description: 'Step by step, as the client will read them.' },
          category: { type: 'string', description: 'One word: breathing, sleep, movement, journaling, …' },
          durationMinutes: { type: 'integer' },
          difficulty: { type: 'string', enum: exerciseDifficulty.options },
        },
      },
    },
    followUpQuestions: { ...stringArray, description: 'Questions the coach could open the next session with.' },
    topics: { ...stringArray, description: 'Up to 8 lowercase topic names of one to three words.' },
    proposedFacts: {
      ...stringArray,
      description: 'Durable facts about the client stated in the session and not already known.',
    },
    proposedChallenges: { ...stringArray, description: 'Challenges the client described, not already known.' },
    goalProgress: {
      type: 'array',
      description: 'Only for the listed active goals the session touched.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['goalId', 'rating', 'note'],
        properties: {
          goalId: { type: 'string' },
          rating: { type: 'integer', description: '1 (far from the goal) to 5 (reached).' },
          note: { type: 'string' },
        },
      },
    },
  },
} as const;
