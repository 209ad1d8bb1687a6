import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { errorFor, fieldSentence, formErrorsFrom } from './form-errors';

function trpcError(message: string, data: Record<string, unknown>) {
  // The shape the client builds from a server error response.
  return new TRPCClientError(message, {
    result: { error: { message, code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 400, ...data } } },
  } as never);
}

describe('formErrorsFrom', () => {
  it('puts validation messages on the fields the form has, as sentences with the label', () => {
    const error = trpcError('Invalid input: email: is not an email address', {
      fieldErrors: { email: ['is not an email address'] },
    });
    expect(formErrorsFrom(error, { email: 'Email' })).toEqual({
      fields: { email: 'Email is not an email address' },
      message: null,
    });
  });

  it('keeps entries of a list on their own path, labelled by the list', () => {
    const error = trpcError('Invalid input', { fieldErrors: { 'clientFacts.2': ['cannot be empty'] } });
    const errors = formErrorsFrom(error, { clientFacts: 'Fact' });
    expect(errors.fields).toEqual({ 'clientFacts.2': 'Fact cannot be empty' });
    expect(errorFor(errors, 'clientFacts')).toBe('Fact cannot be empty');
  });

  it('turns field errors no field owns into the message', () => {
    const error = trpcError('Invalid input', { fieldErrors: { clientId: ['is required'] } });
    expect(formErrorsFrom(error, { contextNotes: 'Notes' })).toEqual({
      fields: {},
      message: 'Please check the form: clientId: is required',
    });
  });

  it('shows any other failure (a wrong code, a rate limit) as the message', () => {
    const error = trpcError('You can ask for at most 5 sign-in codes a day.', { fieldErrors: null });
    expect(formErrorsFrom(error, { email: 'Email' })).toEqual({
      fields: {},
      message: 'You can ask for at most 5 sign-in codes a day.',
    });
  });

  it('words a dropped connection for people', () => {
    expect(formErrorsFrom(new TypeError('Failed to fetch'), {}).message).toMatch(/Could not reach HybridCoach/);
  });
});

describe('fieldSentence', () => {
  it('prefixes fragments that read on from the label and capitalises the rest', () => {
    expect(fieldSentence('Mood', 'must be 1–5')).toBe('Mood must be 1–5');
    expect(fieldSentence('Goals', 'tell us a little more')).toBe('Tell us a little more');
  });
});
