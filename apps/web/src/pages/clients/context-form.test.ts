import { describe, expect, it } from 'vitest';
import {
  type ContextForm,
  formSnapshot,
  preferenceName,
  toContextInput,
  toPreferenceRows,
  withoutBlankRows,
} from './context-form';

const entries = (...texts: string[]) => texts.map((text, i) => ({ id: `e${i}`, text }));

function form(patch: Partial<ContextForm> = {}): ContextForm {
  return { clientFacts: [], challenges: [], preferences: [], contextNotes: '', ...patch };
}

describe('client context form', () => {
  it('keeps the type of each preference value through a round trip, and names them in words', () => {
    const rows = toPreferenceRows({ sessionTime: 'morning', length: 30, email_reminders: true });
    expect(rows.map(({ key, type, value }) => [key, type, value])).toEqual([
      ['session time', 'text', 'morning'],
      ['length', 'number', '30'],
      ['email reminders', 'boolean', 'true'],
    ]);
    const { input, errors } = toContextInput(form({ preferences: rows }));
    expect(errors).toEqual({});
    expect(input.preferences).toEqual({ 'session time': 'morning', length: 30, 'email reminders': true });
  });

  it('writes stored names as words: camelCase, snake_case and kebab-case', () => {
    expect(preferenceName('sessionTime')).toBe('session time');
    expect(preferenceName('preferred_session_length')).toBe('preferred session length');
    expect(preferenceName('likes-video')).toBe('likes video');
    expect(preferenceName('already words')).toBe('already words');
  });

  it('sends trimmed entries and null for empty notes and no preferences', () => {
    const { input } = toContextInput(form({ clientFacts: entries('  Has a dog '), contextNotes: '   ' }));
    expect(input).toEqual({ clientFacts: ['Has a dog'], challenges: [], preferences: null, contextNotes: null });
  });

  it('reports a missing name, a repeated name and a value that is not a number on their rows', () => {
    const { errors } = toContextInput(
      form({
        preferences: [
          { id: 'a', key: 'length', type: 'number', value: 'thirty' },
          { id: 'b', key: 'length', type: 'text', value: 'x' },
          { id: 'c', key: ' ', type: 'text', value: 'y' },
        ],
      }),
    );
    expect(Object.keys(errors).sort()).toEqual(['preferences.0.value', 'preferences.1.key', 'preferences.2.key']);
  });

  it('drops blank entries and rows before saving, and ignores them when telling whether anything changed', () => {
    const dirty = form({
      clientFacts: entries('Has a dog', '  '),
      preferences: [{ id: 'p', key: '', type: 'text', value: '' }],
    });
    expect(withoutBlankRows(dirty).clientFacts.map((e) => e.text)).toEqual(['Has a dog']);
    expect(withoutBlankRows(dirty).preferences).toEqual([]);
    expect(formSnapshot(dirty)).toBe(formSnapshot(form({ clientFacts: entries('Has a dog') })));
  });
});
