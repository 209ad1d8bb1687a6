// The hand-written twin of the web server's hot reads: a plain Fastify app whose routes read the
// session cookie and run the same SQL on kept `pg` connections, answering plain JSON. What the
// tRPC server does beyond this (validation, middleware, superjson, Prisma) is the overhead the
// benchmarks weigh.
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const SESSION_SQL = `
  SELECT s."isActive", s."expiresAt", u.id, u.role::text AS role, u.email, u."displayName", u.timezone,
    u."profilePhotoPath", u."deletedAt", COALESCE(p."onboardingCompleted", false) AS "onboardingCompleted"
  FROM "UserSession" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Profile" p ON p."userId" = u.id
  WHERE s."sessionId" = $1`;

export const UPCOMING_SQL = `
  SELECT a.id, a."scheduledFor", a."endsAt", a."durationMin", a.status, a."roomId", a."cancelledAt", a."cancelledBy",
    a."cancelReason", a."createdAt", a."updatedAt",
    json_build_object('id', c.id, 'displayName', c."displayName", 'coachName', c."coachName",
      'profilePhotoPath', c."profilePhotoPath", 'timezone', c.timezone, 'email', c.email) AS coach,
    json_build_object('id', k.id, 'displayName', k."displayName", 'profilePhotoPath', k."profilePhotoPath",
      'timezone', k.timezone, 'email', k.email) AS client
  FROM "Appointment" a JOIN "User" c ON c.id = a."coachId" JOIN "User" k ON k.id = a."clientId"
  WHERE a."clientId" = $1 AND a.status IN ('scheduled', 'active') AND a."endsAt" > $2
  ORDER BY a."scheduledFor", a.id LIMIT 21`;

export interface TwinServer {
  url: string;
  close(): Promise<void>;
}

export async function startTwinServer(databaseUrl: string, poolSize: number, now: () => Date): Promise<TwinServer> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  // Kept connections: open them all before timing starts.
  await Promise.all(Array.from({ length: poolSize }, () => pool.query('SELECT 1')));
  const app = Fastify();

  const viewer = async (cookie: string | undefined) => {
    const token = /(?:^|; )hc_session=([a-z2-7]{32})/.exec(cookie ?? '')?.[1];
    if (!token) return null;
    const { rows } = await pool.query(SESSION_SQL, [createHash('sha256').update(token).digest('hex')]);
    const row = rows[0];
    if (!row?.isActive || row.deletedAt || row.expiresAt <= now()) return null;
    return {
      id: row.id as string,
      email: row.email,
      displayName: row.displayName,
      role: row.role,
      timezone: row.timezone,
      profilePhotoPath: row.profilePhotoPath,
      needsOnboarding: row.role === 'client' && !row.onboardingCompleted,
    };
  };

  app.get('/me', async (req) => viewer(req.headers.cookie));

  app.get('/upcoming', async (req, reply) => {
    const me = await viewer(req.headers.cookie);
    if (!me) return reply.code(401).send({ error: 'signed out' });
    const { rows } = await pool.query(UPCOMING_SQL, [me.id, now()]);
    const items = rows.slice(0, 20);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        rows.length > 20 && last
          ? Buffer.from(JSON.stringify([last.scheduledFor.toISOString(), last.id])).toString('base64url')
          : null,
    };
  });

  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}
