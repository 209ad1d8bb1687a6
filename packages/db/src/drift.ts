import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdent, withDatabase } from './connection-url';
import { migrateDeploy } from './migrate';
import { schemaPath as defaultSchemaPath, runPrisma } from './prisma-cli';

/**
 * The catalog facts Prisma's schema language can express: tables, columns (type, nullability,
 * default), enums, primary/unique/foreign keys and plain indexes. Hand-written rules (CHECK,
 * EXCLUDE, extensions) are not expressible in the schema, so they are left out here and
 * asserted by their own tests.
 */
const CATALOG_QUERIES: Record<string, string> = {
  column: `
    SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
      || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
      || COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS item
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'`,
  enum: `
    SELECT t.typname || ' (' || string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) || ')' AS item
    FROM pg_type t
    JOIN pg_enum e ON e.enumtypid = t.oid
    JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public'
    GROUP BY t.typname`,
  constraint: `
    SELECT c.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid) AS item
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    WHERE con.contype IN ('p', 'u', 'f') AND c.relname <> '_prisma_migrations'`,
  index: `
    SELECT i.indexdef AS item
    FROM pg_indexes i
    WHERE i.schemaname = 'public' AND i.tablename <> '_prisma_migrations'
      AND NOT EXISTS (
        SELECT 1 FROM pg_constraint con
        WHERE con.conname = i.indexname AND con.contype = 'x'
      )`,
};

export type Catalog = Record<string, Set<string>>;

export async function readCatalog(url: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const catalog: Catalog = {};
    for (const [kind, sql] of Object.entries(CATALOG_QUERIES)) {
      const { rows } = await client.query<{ item: string }>(sql);
      catalog[kind] = new Set(rows.map((r) => r.item));
    }
    return catalog;
  } finally {
    await client.end();
  }
}

/** Human-readable differences; empty when the two catalogs agree. */
export function compareCatalogs(fromMigrations: Catalog, fromSchema: Catalog): string[] {
  const problems: string[] = [];
  for (const kind of Object.keys(CATALOG_QUERIES)) {
    const m = fromMigrations[kind] ?? new Set();
    const s = fromSchema[kind] ?? new Set();
    for (const item of s) if (!m.has(item)) problems.push(`${kind} in schema.prisma but not in migrations: ${item}`);
    for (const item of m) if (!s.has(item)) problems.push(`${kind} in migrations but not in schema.prisma: ${item}`);
  }
  return problems.sort();
}

/**
 * Seed 002's drift audit: builds one scratch database from the migrations and one straight from
 * schema.prisma on the server behind `adminUrl`, compares their catalogs, drops both.
 */
export async function checkDrift(options: { adminUrl: string; schemaPath?: string }): Promise<string[]> {
  const suffix = randomBytes(4).toString('hex');
  const names = { migrations: `hc_drift_m_${suffix}`, schema: `hc_drift_s_${suffix}` };
  const admin = new pg.Client({ connectionString: options.adminUrl });
  await admin.connect();
  try {
    for (const name of Object.values(names)) await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    const migrationsUrl = withDatabase(options.adminUrl, names.migrations);
    const schemaUrl = withDatabase(options.adminUrl, names.schema);
    await migrateDeploy(migrationsUrl);
    const script = await runPrisma(
      ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', options.schemaPath ?? defaultSchemaPath, '--script'],
      schemaUrl,
    );
    const target = new pg.Client({ connectionString: schemaUrl });
    await target.connect();
    try {
      await target.query(script);
    } finally {
      await target.end();
    }
    return compareCatalogs(await readCatalog(migrationsUrl), await readCatalog(schemaUrl));
  } finally {
    for (const name of Object.values(names)) {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    }
    await admin.end();
  }
}
