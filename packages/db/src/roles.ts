import pg from 'pg';
import { quoteIdent } from './connection-url';

/** The embedded server's roles (a managed server's are named by whoever creates them: README). */
export const OWNER_ROLE = 'hybridcoach_owner';
export const APP_ROLE = 'hybridcoach_app';
/** pg-boss keeps its queues in a schema of its own, which the app role owns (it adds a table per queue). */
const PGBOSS_SCHEMA = 'pgboss';

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Everything in `schema` (tables, sequences, views, types, functions) goes to `role`. */
function takeOver(schema: string, role: string): string {
  const literal = `'${schema.replaceAll("'", "''")}'`;
  return `DO $$ DECLARE r record; BEGIN
    FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${literal} AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        AND pg_get_userbyid(c.relowner) <> ${`'${role}'`}
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
        AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
    LOOP EXECUTE format('ALTER TABLE %s OWNER TO ${quoteIdent(role)}', r.name); END LOOP;
    FOR r IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = ${literal} AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0
        AND pg_get_userbyid(t.typowner) <> ${`'${role}'`}
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
    LOOP EXECUTE format('ALTER TYPE %s OWNER TO ${quoteIdent(role)}', r.name); END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = ${literal} AND pg_get_userbyid(p.proowner) <> ${`'${role}'`}
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    LOOP EXECUTE format('ALTER ROUTINE %s OWNER TO ${quoteIdent(role)}', r.name); END LOOP;
  END $$`;
}

/**
 * Least privilege on the embedded server, run as its superuser at every start (idempotent, a few
 * statements): the owner role owns the database, the public schema and everything migrations made
 * (also what an install from before roles made as `postgres`); the app role may read and write
 * rows of every table — now and after later migrations, through default privileges — and owns
 * only pg-boss's schema. Neither is a superuser: no COPY … TO PROGRAM, no files, no other roles.
 */
export async function provisionRoles(
  superuserUrl: string,
  database: string,
  passwords: { owner: string; app: string },
): Promise<void> {
  const owner = quoteIdent(OWNER_ROLE);
  const app = quoteIdent(APP_ROLE);
  await withClient(superuserUrl, async (client) => {
    // scram is the default hashing since PostgreSQL 14; said here so a changed default cannot weaken it.
    await client.query(`SET password_encryption = 'scram-sha-256'`);
    for (const [role, password] of [
      [OWNER_ROLE, passwords.owner],
      [APP_ROLE, passwords.app],
    ] as const) {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const verb = exists.rowCount ? 'ALTER' : 'CREATE';
      await client.query(
        `${verb} ROLE ${quoteIdent(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`,
      );
    }
    await client.query(`ALTER DATABASE ${quoteIdent(database)} OWNER TO ${owner}`);
    await client.query(`REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM PUBLIC`);
    await client.query(`GRANT CONNECT ON DATABASE ${quoteIdent(database)} TO ${app}`);
  });
  const databaseUrl = new URL(superuserUrl);
  databaseUrl.pathname = `/${encodeURIComponent(database)}`;
  await withClient(databaseUrl.toString(), async (client) => {
    await client.query(`ALTER SCHEMA public OWNER TO ${owner}`);
    await client.query(`REVOKE ALL ON SCHEMA public FROM PUBLIC`);
    await client.query(takeOver('public', OWNER_ROLE));
    // pg-boss's first start runs CREATE SCHEMA IF NOT EXISTS, which PostgreSQL allows only with
    // CREATE on the database, even when the schema is there: granted until pg-boss is installed.
    const installed = await client.query(`SELECT to_regclass('${PGBOSS_SCHEMA}.version') IS NOT NULL AS yes`);
    await client.query(
      `${installed.rows[0]?.yes ? 'REVOKE' : 'GRANT'} CREATE ON DATABASE ${quoteIdent(database)} ${installed.rows[0]?.yes ? 'FROM' : 'TO'} ${app}`,
    );
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${PGBOSS_SCHEMA} AUTHORIZATION ${app}`);
    await client.query(`ALTER SCHEMA ${PGBOSS_SCHEMA} OWNER TO ${app}`);
    await client.query(takeOver(PGBOSS_SCHEMA, APP_ROLE));
    await client.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    await client.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
    );
    await client.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`,
    );
  });
}

/**
 * Prisma's migration history is the owner's: the app role reads the level (backups record it),
 * never writes it. Run as the owner after migrating (a new history table gets the default grants).
 */
export async function protectMigrationHistory(ownerUrl: string): Promise<void> {
  await withClient(ownerUrl, (client) =>
    client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON public._prisma_migrations FROM ${quoteIdent(APP_ROLE)}`),
  );
}
