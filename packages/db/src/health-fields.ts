import { openField, openJson, sealField, sealJson } from './crypto/field-seal';
import type { KeyRing } from './crypto/key-ring';

/**
 * The sealed groups of a Profile and a ClientNote: what each holds and the context each is
 * sealed under (`<Model>.<group>:<owner id>`, so a value moved to another member does not
 * open). GCM authenticates what was sealed, so an opened value has the shape it was sealed with.
 */
export interface Intake {
  coachingGoals: string | null;
  symptoms: string | null;
  initialMood: number | null;
}

export type PreferenceValue = string | number | boolean;

export interface ContextFields {
  clientFacts: string[];
  challenges: string[];
  preferences: Record<string, PreferenceValue> | null;
  contextNotes: string | null;
}

export const healthFieldContext = {
  intake: (userId: string) => `Profile.intake:${userId}`,
  context: (userId: string) => `Profile.context:${userId}`,
  bio: (userId: string) => `Profile.bio:${userId}`,
  clientNote: (clientId: string) => `ClientNote.content:${clientId}`,
  /** A session's structured AI draft (its proposals are context the coach has not approved). */
  aiRecap: (clientId: string) => `Session.aiRecap:${clientId}`,
};

export const emptyIntake: Intake = { coachingGoals: null, symptoms: null, initialMood: null };
export const emptyContext: ContextFields = { clientFacts: [], challenges: [], preferences: null, contextNotes: null };

export function sealIntake(keys: KeyRing, userId: string, intake: Intake): string {
  return sealJson(keys, intake, healthFieldContext.intake(userId));
}

export function openIntake(keys: KeyRing, userId: string, sealed: string | null | undefined): Intake {
  return sealed
    ? { ...emptyIntake, ...(openJson(keys, sealed, healthFieldContext.intake(userId)) as Intake) }
    : { ...emptyIntake };
}

export function sealContext(keys: KeyRing, userId: string, context: ContextFields): string {
  return sealJson(keys, context, healthFieldContext.context(userId));
}

/** A new empty context each time: callers add to its lists, which must not be shared. */
const noContext = (): ContextFields => ({ clientFacts: [], challenges: [], preferences: null, contextNotes: null });

export function openContext(keys: KeyRing, userId: string, sealed: string | null | undefined): ContextFields {
  return sealed
    ? { ...noContext(), ...(openJson(keys, sealed, healthFieldContext.context(userId)) as ContextFields) }
    : noContext();
}

export function sealBio(keys: KeyRing, userId: string, bio: string | null): string | null {
  return bio ? sealField(keys, bio, healthFieldContext.bio(userId)) : null;
}

export function openBio(keys: KeyRing, userId: string, sealed: string | null | undefined): string | null {
  return sealed ? openField(keys, sealed, healthFieldContext.bio(userId)) : null;
}
