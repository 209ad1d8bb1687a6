// The hand-written twin of the web server's hot reads: a plain Fastify app whose routes read the
// session cookie and run the same SQL on kept `pg` connections, answering plain JSON. What the
// tRPC server does beyond this (validation, middleware, superjson, Prisma) is the overhead the
// benchmarks weigh.
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { keptPool } from './database';

const SESSION_SQL = `
  SELECT s."isActive", s."expiresAt", u.id, u.role::text AS role, u.email, u."displayName", u.timezone,
    u."profilePhotoPath", u."deletedAt", COALESCE(p."onboardingCompleted", false) AS "onboardingCompleted"
  FROM "UserSession" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Profile" p ON p."userId" = u.id
  WHERE s."sessionId" = $1`;

export const UPCOMING_SQL = `
  SELECT a.id, a."scheduledFor", a."endsAt", a."durationMin", a.status::text AS status, a."roomId", a."cancelledAt", a."cancelledBy",
    a."cancelReason", a."createdAt", a."updatedAt",
    json_build_object('id', c.id, 'displayName', c."displayName", 'coachName', c."coachName",
      'profilePhotoPath', c."profilePhotoPath", 'timezone', c.timezone, 'email', c.email) AS coach,
    json_build_object('id', k.id, 'displayName', k."displayName", 'profilePhotoPath', k."profilePhotoPath",
      'timezone', k.timezone, 'email', k.email) AS client
  FROM "Appointment" a JOIN "User" c ON c.id = a."coachId" JOIN "User" k ON k.id = a."clientId"
  WHERE a."clientId" = $1 AND a.status IN ('scheduled', 'active', 'cancelled') AND a."endsAt" > $2
  ORDER BY a."scheduledFor", a.id LIMIT 21`;

export interface TwinServer {
  url: string;
  /**
   * From now on every answer also carries these headers: those the web server puts on every
   * answer (security headers, cache-control, vary), so that the client reads the same answer
   * from both, not only the same body. Take them from one of our answers: `answerHeaders`.
   */
  answerWith(headers: Record<string, string>): void;
  close(): Promise<void>;
}

/** Headers that belong to one answer or one connection, not to every answer. */
const perAnswer = new Set(['date', 'content-length', 'content-type', 'connection', 'keep-alive', 'transfer-encoding']);

/** The headers of one of the web server's answers that every such answer carries. */
export function answerHeaders(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => !perAnswer.has(name)));
}

interface TwinSegment {
  idempotencyKey: string;
  seq: number;
  speaker: 'client' | 'coach' | 'ai';
  content: string;
  spokenAt: string;
  confidence?: number | null;
  isFinal: boolean;
}

const TRANSCRIPT_READ_SQL = `
  SELECT a.status::text AS status, a."clientId", a."coachId", s.id AS "sessionId", k."displayName" AS "clientName",
    c."displayName" AS "coachName"
  FROM "Appointment" a JOIN "User" k ON k.id = a."clientId" JOIN "User" c ON c.id = a."coachId"
    LEFT JOIN "Session" s ON s."appointmentId" = a.id
  WHERE a.id = $1`;

const CLAIM_SQL = `
  SELECT c."agentId", c."endedAt", (SELECT a.status::text FROM "Appointment" a WHERE a.id = c."appointmentId") AS status
  FROM "AgentClaim" c WHERE c."appointmentId" = $1 AND c.epoch = $2
  FOR SHARE OF c`;

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const TRANSCRIPT_WRITE_SQL = `
  WITH segment AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::timestamptz[],
      $8::float8[], $9::bool[])
      AS t("userId", sender, "senderName", content, seq, "idempotencyKey", "spokenAt", confidence, "isFinal")
  ),
  message AS (
    INSERT INTO "Message" (id, "sessionId", "userId", sender, kind, content, seq, "idempotencyKey", "spokenAt",
      confidence, "isFinal", "createdAt")
    SELECT gen_random_uuid()::text, $10, "userId", sender::"MessageSender", 'transcript', content, seq,
      "idempotencyKey", "spokenAt", confidence, "isFinal", now()
    FROM segment
    ON CONFLICT ("sessionId", "idempotencyKey") DO NOTHING
    RETURNING id, "idempotencyKey", sender::text AS sender, content, seq, "spokenAt", confidence, "isFinal", "createdAt"
  ),
  event AS (
    INSERT INTO "SessionEvent" ("appointmentId", type, payload)
    SELECT $11, 'message', jsonb_build_object('message', jsonb_build_object('id', m.id, 'kind', 'transcript',
      'sender', m.sender, 'senderName', g."senderName", 'content', m.content, 'seq', m.seq,
      'spokenAt', ${iso('m."spokenAt"')}, 'confidence', m.confidence, 'isFinal', m."isFinal",
      'createdAt', ${iso('m."createdAt"')}))
    FROM message m JOIN segment g ON g."idempotencyKey" = m."idempotencyKey"
    ORDER BY m.seq
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM event) AS stored,
    (SELECT count(*) FROM (SELECT pg_notify('hc_session_events', $12) WHERE EXISTS (SELECT 1 FROM event)) n) AS notified`;

export async function startTwinServer(
  databaseUrl: string,
  poolSize: number,
  now: () => Date,
  agentToken = '',
): Promise<TwinServer> {
  const pool = await keptPool(databaseUrl, poolSize);
  const app = Fastify();
  let extraHeaders: Record<string, string> = {};
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.headers(extraHeaders);
    done(null, payload);
  });

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

  // The agent's transcript batch: the same read, then the locks, the claim check (one writer per
  // room) and one unnest statement.
  app.post<{ Body: { appointmentId: string; agentId: string; epoch: number; segments: TwinSegment[] } }>(
    '/transcript',
    async (req, reply) => {
      if (req.headers.authorization !== `Bearer ${agentToken}`) return reply.code(401).send({ error: 'no' });
      const { appointmentId, agentId, epoch } = req.body;
      const { rows } = await pool.query(TRANSCRIPT_READ_SQL, [appointmentId]);
      const a = rows[0];
      if (!a?.sessionId || a.status !== 'active') return reply.code(400).send({ error: 'not live' });
      const who = (speaker: string) =>
        speaker === 'client'
          ? [a.clientId, a.clientName]
          : speaker === 'coach'
            ? [a.coachId, a.coachName]
            : [null, 'AI assistant'];
      const db = await pool.connect();
      try {
        await db.query('BEGIN');
        await db.query('SELECT pg_advisory_xact_lock_shared(hashtext($1)), pg_advisory_xact_lock(hashtext($2))', [
          `complete:${appointmentId}`,
          `events:${appointmentId}`,
        ]);
        const claim = (await db.query(CLAIM_SQL, [appointmentId, epoch])).rows[0];
        const segments =
          claim?.agentId === agentId
            ? req.body.segments.filter((x) => claim.endedAt === null || new Date(x.spokenAt) <= claim.endedAt)
            : [];
        const result = await db.query(TRANSCRIPT_WRITE_SQL, [
          segments.map((x) => who(x.speaker)[0]),
          segments.map((x) => x.speaker),
          segments.map((x) => who(x.speaker)[1]),
          segments.map((x) => x.content),
          segments.map((x) => x.seq),
          segments.map((x) => x.idempotencyKey),
          segments.map((x) => x.spokenAt),
          segments.map((x) => x.confidence ?? null),
          segments.map((x) => x.isFinal),
          a.sessionId,
          appointmentId,
          JSON.stringify({ appointmentId }),
        ]);
        await db.query('COMMIT');
        const stored = Number(result.rows[0]?.stored ?? 0);
        const refused = req.body.segments.length - segments.length;
        return { stored, duplicates: segments.length - stored, refused };
      } catch (err) {
        await db.query('ROLLBACK');
        throw err;
      } finally {
        db.release();
      }
    },
  );

  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    answerWith(headers) {
      extraHeaders = headers;
    },
    async close() {
      await app.close();
      await pool.end();
    },
  };
}
