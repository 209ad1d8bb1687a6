import pg from 'pg';

const NAME_OID = 19;
const TEXT_OID = 25;

type QueryResult = { fields?: { dataTypeID: number }[] };

function reportNameAsText<T>(result: T): T {
  for (const field of (result as QueryResult)?.fields ?? []) {
    if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

/**
 * Prisma's JS schema engine cannot deserialise result columns of type `name` (prisma#27403),
 * which `migrate deploy/status` read from the catalog. This client reports them as `text`.
 * Used only by the migration CLI's adapter (PRISMA_OFFLINE.md).
 */
class NameAsTextClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; we forward them all.
  override query(...args: any[]): any {
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (err: Error | null, res: unknown) => last(err, reportNameAsText(res));
      // biome-ignore lint/suspicious/noExplicitAny: see above
      return (super.query as any)(...args);
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const out = (super.query as any)(...args);
    return out && typeof out.then === 'function' ? out.then(reportNameAsText) : out;
  }
}

/**
 * Pool settings for the CLI's adapter. A config, not a Pool: the adapter builds the pool itself.
 * Short idle timeout and allowExitOnIdle let the CLI exit as soon as it is done (the pg default
 * keeps it alive 10 s).
 */
export function nameAsTextPoolConfig(connectionString: string): pg.PoolConfig {
  return {
    connectionString,
    max: 2,
    idleTimeoutMillis: 50,
    allowExitOnIdle: true,
    Client: NameAsTextClient,
  };
}
