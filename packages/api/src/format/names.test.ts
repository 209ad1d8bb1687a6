import { expect, test } from 'vitest';
import { coachNameOf, nameAs } from './names';

test('a coach appears by their coach name, or their display name when they chose none', () => {
  expect(coachNameOf({ displayName: 'Tomás Rivera', coachName: 'Coach Tomás' })).toBe('Coach Tomás');
  expect(coachNameOf({ displayName: 'Tomás Rivera', coachName: null })).toBe('Tomás Rivera');
  expect(coachNameOf({ displayName: 'Tomás Rivera', coachName: '  ' })).toBe('Tomás Rivera');
});

test('a client is their display name even when the row has a coach name', () => {
  expect(nameAs({ displayName: 'Sofía García', coachName: 'Coach Sofía' }, 'client')).toBe('Sofía García');
  expect(nameAs({ displayName: 'Tomás Rivera', coachName: 'Coach Tomás' }, 'coach')).toBe('Coach Tomás');
});
