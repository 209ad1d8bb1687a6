import { Gauge, type Registry } from '@hybridcoach/config';
import { type Db, poolUsage } from './client';

/** hc_db_pool_connections{state}: the pool's size, connections open, idle, and queries waiting. */
export function registerPoolMetrics(registry: Registry, db: Db): void {
  new Gauge({
    name: 'hc_db_pool_connections',
    help: 'Database pool of this process: max (DATABASE_POOL_SIZE), total open, idle, and waiting queries',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const usage = poolUsage(db);
      if (!usage) return;
      for (const [state, value] of Object.entries(usage)) this.set({ state }, value);
    },
  });
}
