import { describe, expect, test } from 'vitest';
import { LeaseProof } from './lease';

describe('lease proof', () => {
  test('holds from a renewal until the lease less the margin, counted from when the request was sent', () => {
    const proof = new LeaseProof(3000, 500);
    expect(proof.holds('a', 0)).toBe(false);
    proof.renewed('a', 1000);
    expect(proof.holds('a', 3499)).toBe(true);
    expect(proof.holds('a', 3500)).toBe(false);
    // An older answer arriving late never shortens it.
    proof.renewed('a', 2000);
    proof.renewed('a', 1500);
    expect(proof.holds('a', 4400)).toBe(true);
    expect(proof.holds('b', 1000)).toBe(false);
  });

  test('words are judged by when they were said, in wall time', () => {
    const proof = new LeaseProof(3000, 500);
    proof.renewed('a', performance.now());
    expect(proof.heldAt('a', new Date(Date.now() + 2000))).toBe(true);
    expect(proof.heldAt('a', new Date(Date.now() + 3000))).toBe(false);
  });
});
