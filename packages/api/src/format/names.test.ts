import { expect, test } from 'vitest';
import { coachNameOf } from './names';

test('a coach appears by their coach name, or their display name when they chose none', () => {
  expect(coachNameOf({ displayName: 'Tomás Rivera', coachName: 'Coach Tomás' })).toBe('Coach Tomás');
  expect(coachNameOf({ displayName: 'Tomás Rivera', coachName: null })).toBe('Tomás Rivera');
  expect(coachNameOf({ displayName: 'Tomás Rivera', coachName: '  ' })).toBe('Tomás Rivera');
});
