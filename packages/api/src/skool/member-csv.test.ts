import { describe, expect, test } from 'vitest';
import { MembersCsvError, parseMembersCsv } from './member-csv';
import type { MemberSnapshot } from './member-snapshot';

const takenAt = new Date('2030-01-10T12:00:00Z');
const parse = (text: string): MemberSnapshot => parseMembersCsv(text, 'ultra', takenAt);

/** The problems a bad file is refused with. */
function problemsOf(text: string): { line: number; message: string }[] {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof MembersCsvError) return error.problems;
    throw error;
  }
  throw new Error('expected the CSV to be refused');
}

describe('parseMembersCsv: reading', () => {
  test('reads quoted fields with doubled quotes, commas and newlines inside', () => {
    const csv = [
      'Name,Email,Bio',
      '"Doe, Jane",jane@example.com,"Says ""hi""',
      'and more, on two lines"',
      'Bob,bob@example.com,',
    ].join('\n');
    const snapshot = parse(csv);
    expect(snapshot.community).toBe('ultra');
    expect(snapshot.takenAt).toEqual(takenAt);
    expect(snapshot.members).toEqual([
      {
        skoolUserId: null,
        email: 'jane@example.com',
        name: 'Doe, Jane',
        status: 'active',
        joinedAt: null,
        profileUrl: null,
        photoUrl: null,
        bio: 'Says "hi"\nand more, on two lines',
      },
      {
        skoolUserId: null,
        email: 'bob@example.com',
        name: 'Bob',
        status: 'active',
        joinedAt: null,
        profileUrl: null,
        photoUrl: null,
        bio: null,
      },
    ]);
    expect(snapshot.duplicatesMerged).toBe(0);
  });

  test('accepts CRLF line ends, a UTF-8 BOM, blank lines and a trailing empty line', () => {
    const csv = '\uFEFFEmail,Name\r\na@example.com,A\r\n\r\nb@example.com,"B\r\nB"\r\n';
    const snapshot = parse(csv);
    expect(snapshot.members.map((m) => [m.email, m.name])).toEqual([
      ['a@example.com', 'A'],
      ['b@example.com', 'B\nB'],
    ]);
  });

  test('reads a file whose line ends are mixed, and counts each as one line', () => {
    const csv = 'Email,Name\na@example.com,A\r\nb@example.com,"B\rB"\rnot-an-email,C';
    expect(problemsOf(csv)).toEqual([{ line: 5, message: 'invalid email "not-an-email"' }]);
    expect(parse('Email,Name\na@example.com,A\r\nb@example.com,"B\rB"\r').members.map((m) => m.name)).toEqual([
      'A',
      'B\nB',
    ]);
  });

  test('reads the last row when the file does not end with a line break', () => {
    expect(parse('Email\na@example.com\n"b@example.com"').members.map((m) => m.email)).toEqual([
      'a@example.com',
      'b@example.com',
    ]);
  });

  test('matches headers case-insensitively, ignoring spaces, underscores and hyphens', () => {
    const csv = [
      'E-mail,FULL_NAME,Membership Status,joined_date,Profile URL,Avatar,About,User Id,Unrelated',
      ' Jane@Example.COM ,Jane,Active,2024-03-05,https://www.skool.com/@jane,https://img.example.com/j.png,Hi,u1,x',
    ].join('\n');
    expect(parse(csv).members).toEqual([
      {
        skoolUserId: 'u1',
        email: 'jane@example.com',
        name: 'Jane',
        status: 'active',
        joinedAt: new Date('2024-03-05T00:00:00Z'),
        profileUrl: 'https://www.skool.com/@jane',
        photoUrl: 'https://img.example.com/j.png',
        bio: 'Hi',
      },
    ]);
  });

  test('accepts "Email Address" as the email column', () => {
    expect(parse('Email Address\nx@example.com').members[0]?.email).toBe('x@example.com');
  });

  test('builds the name from First Name and Last Name', () => {
    const snapshot = parse('First Name,Last Name,Email\nJane,Doe,jane@example.com\nSolo,,solo@example.com');
    expect(snapshot.members.map((m) => m.name)).toEqual(['Jane Doe', 'Solo']);
  });

  test('names a member without a name after the local part of the email', () => {
    expect(parse('Email,Name\njane.doe@example.com,').members[0]?.name).toBe('jane.doe');
  });

  test('treats every listed member as active when there is no status column', () => {
    expect(parse('Email\na@example.com\nb@example.com').members.map((m) => m.status)).toEqual(['active', 'active']);
  });

  test('maps the status words Skool and admins use', () => {
    const words = ['Active', 'member', 'cancelled', 'Canceled', 'churned', 'LEFT', 'expired', 'removed', 'Banned'];
    const csv = ['Email,Status', ...words.map((w, i) => `m${i}@example.com,${w}`)].join('\n');
    expect(parse(csv).members.map((m) => m.status)).toEqual([
      'active',
      'active',
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
      'expired',
      'expired',
      'expired',
    ]);
  });

  test('reads ISO and US join dates, without a zone as UTC', () => {
    const dates = [
      '2024-03-05',
      '2024-03-05T10:30:00Z',
      '2024-03-05T10:30:00+02:00',
      '03/05/2024',
      '3/5/24',
      '03/05/2024 1:30 PM',
    ];
    const csv = ['Email,Joined', ...dates.map((d, i) => `m${i}@example.com,${d}`)].join('\n');
    expect(parse(csv).members.map((m) => m.joinedAt?.toISOString())).toEqual([
      '2024-03-05T00:00:00.000Z',
      '2024-03-05T10:30:00.000Z',
      '2024-03-05T08:30:00.000Z',
      '2024-03-05T00:00:00.000Z',
      '2024-03-05T00:00:00.000Z',
      '2024-03-05T13:30:00.000Z',
    ]);
  });

  test('gives an empty snapshot for a file with only a header', () => {
    expect(parse('Email,Name\n').members).toEqual([]);
  });
});

describe('parseMembersCsv: duplicates', () => {
  test('merges duplicate rows for one email, keeping the active status', () => {
    const csv = [
      'Email,Name,Status,Bio',
      'jane@example.com,,cancelled,',
      'JANE@example.com,Jane Doe,active,First bio',
      'jane@example.com,Other Name,expired,Second bio',
      'bob@example.com,Bob,cancelled,',
    ].join('\n');
    const snapshot = parse(csv);
    expect(snapshot.duplicatesMerged).toBe(2);
    expect(snapshot.members.map((m) => [m.email, m.name, m.status, m.bio])).toEqual([
      ['jane@example.com', 'Jane Doe', 'active', 'First bio'],
      ['bob@example.com', 'Bob', 'cancelled', null],
    ]);
  });

  test('keeps cancelled over expired when no duplicate row is active', () => {
    const snapshot = parse('Email,Status\na@example.com,expired\na@example.com,cancelled');
    expect(snapshot.members.map((m) => m.status)).toEqual(['cancelled']);
    expect(snapshot.duplicatesMerged).toBe(1);
  });
});

describe('parseMembersCsv: problems', () => {
  test('refuses a file without an email column, on the header line', () => {
    expect(problemsOf('Name,Status\nJane,active')).toEqual([
      { line: 1, message: expect.stringMatching(/email column/) },
    ]);
  });

  test('refuses an empty file', () => {
    expect(problemsOf('')).toEqual([{ line: 1, message: expect.stringMatching(/empty/) }]);
  });

  test('reports the physical line of a row with a bad email', () => {
    expect(problemsOf('Email,Name\na@example.com,A\nnot-an-email,B')).toEqual([
      { line: 3, message: 'invalid email "not-an-email"' },
    ]);
  });

  test('reports the physical line of a bad row after a multi-line quoted field', () => {
    const csv = ['Email,Bio', 'a@example.com,"line one', 'line two', 'line three"', 'broken,ok'].join('\r\n');
    expect(problemsOf(csv)).toEqual([{ line: 5, message: 'invalid email "broken"' }]);
  });

  test('reports a row with the wrong number of fields', () => {
    expect(problemsOf('Email,Name\na@example.com,A,extra\nb@example.com')).toEqual([
      { line: 2, message: 'expected 2 fields as in the header, found 3' },
      { line: 3, message: 'expected 2 fields as in the header, found 1' },
    ]);
  });

  test('reports an unknown status value', () => {
    expect(problemsOf('Email,Status\na@example.com,paused')).toEqual([{ line: 2, message: 'unknown status "paused"' }]);
  });

  test('reports an unparseable date, including a day the month does not have', () => {
    expect(problemsOf('Email,Joined\na@example.com,02/30/2024\nb@example.com,last week')).toEqual([
      { line: 2, message: expect.stringMatching(/unreadable join date "02\/30\/2024"/) },
      { line: 3, message: expect.stringMatching(/unreadable join date "last week"/) },
    ]);
  });

  test('reports an unterminated quote at the line where it opens', () => {
    const problems = problemsOf('Email,Bio\na@example.com,fine\nb@example.com,"never closed\nc@example.com,x\n');
    expect(problems).toEqual([{ line: 3, message: expect.stringMatching(/never closed/) }]);
  });

  test('reports a photo URL that is not http(s)', () => {
    expect(problemsOf('Email,Photo URL\na@example.com,javascript:alert(1)')).toEqual([
      { line: 2, message: 'photo URL "javascript:alert(1)" is not an http(s) URL' },
    ]);
  });

  test('reports text after a closing quote', () => {
    expect(problemsOf('Email,Name\na@example.com,"Jane" Doe')).toEqual([
      { line: 2, message: expect.stringMatching(/after a closing quote/) },
    ]);
  });

  test('reports an unterminated quote after blank lines at the line where its row starts', () => {
    expect(problemsOf('Email,Bio\na@example.com,fine\n\n\nb@example.com,"never closed\n')).toEqual([
      { line: 5, message: expect.stringMatching(/never closed/) },
    ]);
  });

  test('reports a quote in the middle of an unquoted field', () => {
    expect(problemsOf('Email,Name\na@example.com,Ja"ne')).toEqual([
      { line: 2, message: expect.stringMatching(/quote inside a field that does not start with one/) },
    ]);
  });

  test('still reports the rows before a syntax error', () => {
    expect(problemsOf('Email,Name\nbad,A\nb@example.com,"B" C')).toEqual([
      { line: 2, message: 'invalid email "bad"' },
      { line: 3, message: expect.stringMatching(/after a closing quote/) },
    ]);
  });

  test('collects every problem of every row rather than stopping at the first', () => {
    const csv = ['Email,Status,Joined', 'bad,active,2024-01-01', 'a@example.com,paused,someday', 'c@example.com'].join(
      '\n',
    );
    expect(problemsOf(csv)).toEqual([
      { line: 2, message: 'invalid email "bad"' },
      { line: 3, message: 'unknown status "paused"' },
      { line: 3, message: expect.stringMatching(/unreadable join date/) },
      { line: 4, message: 'expected 3 fields as in the header, found 1' },
    ]);
  });

  test('caps the problems at 50 and says there were more', () => {
    const csv = ['Email', ...Array.from({ length: 80 }, (_, i) => `bad${i}`)].join('\n');
    try {
      parse(csv);
      expect.unreachable();
    } catch (error) {
      if (!(error instanceof MembersCsvError)) throw error;
      expect(error.problems).toHaveLength(50);
      expect(error.truncated).toBe(true);
      expect(error.problems[49]?.line).toBe(51);
      expect(error.message).toMatch(/^The members CSV has problems: line 2: invalid email "bad0";.*; and more$/);
    }
  });
});
