import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { chosenFileProblem, csvProblemsOf } from './csv-errors';

function rejected(fieldErrors: Record<string, string[]>): TRPCClientError<never> {
  const error = new TRPCClientError<never>('Invalid input');
  Object.assign(error, { data: { code: 'BAD_REQUEST', httpStatus: 400, fieldErrors } });
  return error;
}

describe('csvProblemsOf', () => {
  it('lists each line-numbered problem of a rejected file as a sentence', () => {
    const error = rejected({ csv: ['line 3: invalid email "nope"', 'line 5: unknown status "maybe"'] });
    expect(csvProblemsOf(error)).toEqual(['Line 3: invalid email "nope"', 'Line 5: unknown status "maybe"']);
  });

  it('says nothing about the file when the failure is elsewhere', () => {
    expect(csvProblemsOf(new Error('Failed to fetch'))).toBeNull();
    expect(csvProblemsOf(rejected({ community: ['Invalid option'] }))).toBeNull();
  });
});

describe('chosenFileProblem', () => {
  it('asks for a file, a non-empty one, and one the server accepts', () => {
    expect(chosenFileProblem(null)).toMatch(/Choose/);
    expect(chosenFileProblem({ name: 'a.csv', size: 0 })).toMatch(/empty/);
    expect(chosenFileProblem({ name: 'a.csv', size: 4_000_000 })).toMatch(/3\.5 MB/);
    expect(chosenFileProblem({ name: 'a.csv', size: 1200 })).toBeNull();
  });
});
