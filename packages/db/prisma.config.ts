import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';
import { nameAsTextPoolConfig } from './src/name-as-text-pool';

// The CLI (migrate deploy/status, generate, diff) runs offline with the JS schema engine.
// DATABASE_URL is always set by our scripts (src/cli/*) before they call the CLI.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  // A test migrates to an earlier level from a copy holding only the older migrations.
  migrations: { path: process.env.HC_MIGRATIONS_DIR ?? 'prisma/migrations' },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL must be set for Prisma CLI commands that touch a database');
    return new PrismaPg(nameAsTextPoolConfig(url));
  },
});
