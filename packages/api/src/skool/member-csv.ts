import type { Community, SubscriptionStatus } from '@hybridcoach/db';
import { CsvError, parse } from 'csv-parse/sync';
import { DomainError } from '../core/errors';
import { type MemberSnapshot, mergeDuplicateMembers, type SkoolMember, skoolMemberSchema } from './member-snapshot';

/** Where a members CSV is wrong: the physical line (1-based, header = 1) and what to fix. */
export interface CsvProblem {
  line: number;
  message: string;
}

const MAX_PROBLEMS = 50;

/**
 * A members CSV that cannot be read as a whole; carries every problem found (at most 50), and
 * shows them as errors of the `csv` field ("line 7: invalid email …") so that a form lists them
 * under the upload and the message names every line to fix.
 */
export class MembersCsvError extends DomainError {
  readonly problems: CsvProblem[];
  /** More problems were found than `problems` holds. */
  readonly truncated: boolean;

  constructor(problems: CsvProblem[], truncated = false) {
    const shown = problems.slice(0, 5).map((p) => `line ${p.line}: ${p.message}`);
    const rest = problems.length - shown.length;
    const more = truncated ? '; and more' : rest > 0 ? `; and ${rest} more` : '';
    const lines = problems.map((p) => `line ${p.line}: ${p.message}`);
    super('BAD_REQUEST', `The members CSV has problems: ${shown.join('; ')}${more}`, {
      fields: { csv: truncated ? [...lines, 'and more problems after these'] : lines },
    });
    this.problems = problems;
    this.truncated = truncated;
  }
}

/**
 * Reads the members CSV an admin exports from Skool into a snapshot of `community` at
 * `takenAt`. Throws `MembersCsvError` listing every problem rather than importing part of a
 * file: a half-read export would look like a mass cancellation.
 */
export function parseMembersCsv(text: string, community: Community, takenAt: Date): MemberSnapshot {
  const problems = new ProblemList();
  const { records, problems: syntaxProblems } = parseCsvRecords(text);
  for (const p of syntaxProblems) problems.add(p.line, p.message);

  const [header, ...rows] = records;
  if (!header) {
    if (problems.count === 0) problems.add(1, 'the file is empty; expected a header row naming the columns');
    throw problems.toError();
  }
  const columns = mapHeader(header.fields);
  if (columns.email === undefined) {
    problems.add(header.line, 'no email column; expected a header such as "Email" or "Email Address"');
    throw problems.toError();
  }

  const members: SkoolMember[] = [];
  for (const row of rows) {
    const member = readRow(row, header.fields.length, columns, problems);
    if (member) members.push(member);
  }
  if (problems.count > 0) throw problems.toError();

  const merged = mergeDuplicateMembers(members);
  return {
    community,
    takenAt,
    // Names are filled after merging so that a later row's real name beats a made-up one.
    members: merged.members.map((m) => ({ ...m, name: m.name || fallbackName(m.email) })),
    duplicatesMerged: merged.duplicatesMerged,
  };
}

class ProblemList {
  private readonly items: CsvProblem[] = [];
  private overflow = false;

  get count(): number {
    return this.items.length;
  }

  add(line: number, message: string): void {
    if (this.items.length >= MAX_PROBLEMS) this.overflow = true;
    else this.items.push({ line, message });
  }

  toError(): MembersCsvError {
    return new MembersCsvError(
      [...this.items].sort((a, b) => a.line - b.line),
      this.overflow,
    );
  }
}

// --- Records ----------------------------------------------------------------------------------

interface CsvRecord {
  fields: string[];
  /** Physical line the record starts on. */
  line: number;
}

/** Problems for csv-parse's syntax errors, worded for the admin who fixes the file. */
const syntaxMessages: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed; add the missing closing quote (")',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote; quote the whole field and double quotes inside it',
  INVALID_OPENING_QUOTE:
    'a quote inside a field that does not start with one; quote the whole field and double quotes inside it',
};

/**
 * RFC 4180 by csv-parse, with LF, CRLF or CR line ends (even mixed), a leading UTF-8 BOM and
 * blank lines skipped. Line numbers count every physical line, including those inside quoted
 * fields, so that problems point at what an editor shows. Reading stops at the first syntax
 * error; the records before it are still returned, to be checked too.
 */
function parseCsvRecords(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  let emptyLinesBefore = 0;
  let lastLine = 0;
  try {
    // One line end everywhere: csv-parse then counts lines exactly, and values hold "\n" only.
    parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (fields: string[], context) => {
        // `lines` is where the record ends; its quoted line breaks are the lines it spans.
        const spanned = fields.reduce((n, field) => n + field.split('\n').length - 1, 0);
        records.push({ fields, line: context.lines - spanned });
        lastLine = context.lines;
        emptyLinesBefore = context.empty_lines;
        return null;
      },
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const message = syntaxMessages[err.code] ?? err.message;
    // An unclosed quote is found at the end of the file; report the record that opened it.
    const line =
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? lastLine + 1 + (Number(err.empty_lines) - emptyLinesBefore)
        : Number(err.lines);
    return { records, problems: [{ line, message }] };
  }
  return { records, problems: [] };
}

// --- Header -----------------------------------------------------------------------------------

type Column =
  | 'email'
  | 'name'
  | 'firstName'
  | 'lastName'
  | 'status'
  | 'joined'
  | 'profileUrl'
  | 'photoUrl'
  | 'bio'
  | 'skoolUserId';

/** Header spellings seen in Skool exports and hand-made sheets, compared after `headerKey`. */
const headerAliases: Record<Column, readonly string[]> = {
  email: ['email', 'emailaddress', 'memberemail', 'useremail'],
  name: ['name', 'fullname', 'membername', 'displayname'],
  firstName: ['firstname', 'givenname'],
  lastName: ['lastname', 'surname', 'familyname'],
  status: ['status', 'membershipstatus', 'memberstatus', 'subscriptionstatus'],
  joined: ['joined', 'joineddate', 'joindate', 'joinedat', 'datejoined', 'membersince'],
  profileUrl: ['profileurl', 'profile', 'profilelink', 'skoolprofile', 'skoolprofileurl'],
  photoUrl: ['photourl', 'photo', 'avatar', 'avatarurl', 'profilephoto', 'profilephotourl', 'picture', 'imageurl'],
  bio: ['bio', 'about', 'biography'],
  skoolUserId: ['id', 'userid', 'skoolid', 'skooluserid', 'memberid'],
};

/** "E-mail", "Email Address", "email_address" → "email", "emailaddress", "emailaddress". */
function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

type ColumnIndex = Partial<Record<Column, number>>;

function mapHeader(headers: readonly string[]): ColumnIndex {
  const byKey = new Map<string, Column>();
  for (const [column, aliases] of Object.entries(headerAliases) as [Column, readonly string[]][]) {
    for (const alias of aliases) byKey.set(alias, column);
  }
  const columns: ColumnIndex = {};
  headers.forEach((header, index) => {
    const column = byKey.get(headerKey(header));
    // The first column wins; exports add columns but rarely repeat one.
    if (column && columns[column] === undefined) columns[column] = index;
  });
  return columns;
}

// --- Rows -------------------------------------------------------------------------------------

/** Status words as Skool and admins write them. */
const statusWords = new Map<string, SubscriptionStatus>([
  ['active', 'active'],
  ['member', 'active'],
  ['approved', 'active'],
  ['cancelled', 'cancelled'],
  ['canceled', 'cancelled'],
  ['churned', 'cancelled'],
  ['left', 'cancelled'],
  ['expired', 'expired'],
  ['removed', 'expired'],
  ['banned', 'expired'],
]);

function readRow(row: CsvRecord, headerWidth: number, columns: ColumnIndex, problems: ProblemList): SkoolMember | null {
  if (row.fields.length !== headerWidth) {
    problems.add(row.line, `expected ${headerWidth} fields as in the header, found ${row.fields.length}`);
    return null;
  }
  const cell = (column: Column): string => {
    const index = columns[column];
    return index === undefined ? '' : (row.fields[index]?.trim() ?? '');
  };
  const before = problems.count;

  const rawEmail = cell('email');
  if (rawEmail === '') problems.add(row.line, 'missing email');

  // Without a status column the export lists current members only.
  let status: SubscriptionStatus = 'active';
  if (columns.status !== undefined) {
    const word = cell('status');
    const known = statusWords.get(word.toLowerCase());
    if (known) status = known;
    else problems.add(row.line, word === '' ? 'missing status' : `unknown status "${word}"`);
  }

  const rawJoined = cell('joined');
  const joinedAt = parseJoinedDate(rawJoined);
  if (joinedAt === 'invalid') {
    problems.add(row.line, `unreadable join date "${rawJoined}"; use YYYY-MM-DD or MM/DD/YYYY`);
  }

  const name = cell('name') || [cell('firstName'), cell('lastName')].filter(Boolean).join(' ');
  const profileUrl = cell('profileUrl') || null;
  const photoUrl = cell('photoUrl') || null;
  const candidate = {
    skoolUserId: cell('skoolUserId') || null,
    email: rawEmail,
    name: name || fallbackName(rawEmail) || 'member',
    status,
    joinedAt: joinedAt === 'invalid' ? null : joinedAt,
    profileUrl,
    photoUrl,
    bio: cell('bio') || null,
  };
  const parsed = skoolMemberSchema.safeParse(candidate);
  if (!parsed.success) {
    const reported = new Set<PropertyKey>();
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] ?? '';
      if (reported.has(key) || (key === 'email' && rawEmail === '')) continue;
      reported.add(key);
      if (key === 'email') problems.add(row.line, `invalid email "${rawEmail}"`);
      else if (key === 'profileUrl') problems.add(row.line, `profile URL "${profileUrl}" is not an http(s) URL`);
      else if (key === 'photoUrl') problems.add(row.line, `photo URL "${photoUrl}" is not an http(s) URL`);
      else if (key === 'name') problems.add(row.line, 'name is longer than 200 characters');
      else problems.add(row.line, `${String(key)}: ${issue.message}`);
    }
  }
  if (!parsed.success || problems.count > before) return null;
  // The name stays empty here when the row has none, so that merging can prefer a real one.
  return { ...parsed.data, name };
}

/** A member must have a name to become a user; the email's local part is the least surprising. */
function fallbackName(email: string): string {
  return email.split('@')[0]?.trim() ?? '';
}

// --- Dates ------------------------------------------------------------------------------------

const isoDate =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const usDate = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;

/**
 * ISO 8601 (date, or date-time with an optional offset) or US "MM/DD/YYYY" with an optional
 * time. Times without an offset are read as UTC: the export carries no zone, and a join date is
 * only ever shown to the day. Empty → null; anything else, including 02/30, → 'invalid'.
 */
export function parseJoinedDate(text: string): Date | null | 'invalid' {
  const value = text.trim();
  if (value === '') return null;

  const iso = isoDate.exec(value);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0', zone] = iso;
    const date = utcDate(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
    if (!date) return 'invalid';
    const offset = zoneOffsetMinutes(zone);
    return offset === null ? 'invalid' : new Date(date.getTime() - offset * 60_000);
  }

  const us = usDate.exec(value);
  if (us) {
    const [, mo, d, y = '', h, mi = '0', s = '0', meridiem] = us;
    // Two-digit years are this century: Skool did not exist before 2000.
    const year = y.length === 2 ? 2000 + Number(y) : Number(y);
    let hour = h === undefined ? 0 : Number(h);
    if (meridiem) {
      if (hour < 1 || hour > 12) return 'invalid';
      hour = (hour % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
    }
    return utcDate(year, Number(mo), Number(d), hour, Number(mi), Number(s), 0) ?? 'invalid';
  }
  return 'invalid';
}

/** The instant, or null when a part is out of range (month 13, February 30, 24:00). */
function utcDate(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): Date | null {
  if (h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  const sameDay = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  return sameDay ? date : null;
}

function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 14 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}
