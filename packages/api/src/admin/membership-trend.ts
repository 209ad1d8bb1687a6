import type { Community, Db } from '@hybridcoach/db';

export interface MembershipDay {
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  community: Community;
  /** Members whose latest status by the end of that day was active. */
  active: number;
}

/**
 * Active members of each community at the end of each UTC day from `from` to `to`, replayed
 * from MembershipStatusHistory (every sync path writes a row per change, the first sync one per
 * member), so the count is the same whichever source the syncs read.
 */
export function membershipByDay(db: Db, range: { from: Date; to: Date }): Promise<MembershipDay[]> {
  return db.$queryRaw<MembershipDay[]>`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, c.community,
           count(*) FILTER (WHERE latest."newStatus" = 'active')::int AS active
    FROM generate_series(
      (${range.from}::timestamptz AT TIME ZONE 'UTC')::date,
      (${range.to}::timestamptz AT TIME ZONE 'UTC')::date,
      interval '1 day'
    ) AS d(day)
    CROSS JOIN (VALUES ('ultra'::"Community"), ('vagus'::"Community")) AS c(community)
    LEFT JOIN LATERAL (
      SELECT DISTINCT ON (h."userId") h."newStatus"
      FROM "MembershipStatusHistory" h
      WHERE h.community = c.community AND h."changeDetectedAt" < (d.day + interval '1 day') AT TIME ZONE 'UTC'
      ORDER BY h."userId", h."changeDetectedAt" DESC
    ) latest ON true
    -- d.day is a UTC wall-clock midnight; AT TIME ZONE 'UTC' makes it an instant whatever the
    -- server's TimeZone setting.
    GROUP BY d.day, c.community
    ORDER BY d.day, c.community`;
}
