/**
 * @module Loads the benchmark dataset: N orders over M organizations (default 1,000,000 over 50),
 * each organization with an owner key, written to `bench/.data/manifest.json` for `bench/run.ts`.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/generate.ts [--orders 1000000] [--organizations 50]
 *
 * PostgreSQL gets COPY with the secondary indexes dropped and rebuilt afterwards (bulk-load practice);
 * without DATABASE_URL it loads the PGlite data dir of DATA_DIR with multi-row inserts.
 */

import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getTableColumns, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { loadConfig } from '../src/config.js';
import { newId } from '../src/domain/ids.js';
import { openMigratedDatabase } from '../src/runtime.js';
import { createTenantsService } from '../src/services/tenants-service.js';
import { queryRows } from '../src/storage/db.js';
import type { StoredOrder } from '../src/storage/orders-repository.js';
import { orders as ordersTable, organizationApps } from '../src/storage/schema.js';
import { APP_SLUGS, randomSource, type TenantPlan, tenantOrders, tenantSizes } from './dataset.js';
import { MANIFEST, type Manifest } from './manifest.js';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000000' },
    organizations: { type: 'string', default: '50' },
    seed: { type: 'string', default: '42' },
  },
});
const totalOrders = Number(args.orders);
const organizationCount = Number(args.organizations);

/** Every column of `orders`, in the order the COPY lists them. */
const COLUMNS = Object.keys(getTableColumns(ordersTable)) as Array<keyof StoredOrder>;

/** A value in COPY's text format; `skus` is the one SQL array (`products` is JSON). */
function copyValue(column: keyof StoredOrder, value: unknown): string {
  if (value === null || value === undefined) {
    return '\\N';
  }
  let text: string;
  if (column === 'skus') {
    text = `{${(value as string[]).map((item) => `"${item.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  } else if (value instanceof Date) {
    text = value.toISOString();
  } else if (typeof value === 'object') {
    text = JSON.stringify(value);
  } else {
    text = String(value);
  }
  return text.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char] as string);
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyLine(order: StoredOrder): string {
  return `${COLUMNS.map((column) => copyValue(column, order[column])).join('\t')}\n`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openMigratedDatabase(config);
  const { db } = database;
  const tenants = createTenantsService(db);
  const random = randomSource(Number(args.seed));
  const now = new Date();
  const sizes = tenantSizes(totalOrders, organizationCount);
  const manifest: Manifest = {
    engine: database.engine,
    orders: totalOrders,
    generatedAt: now.toISOString(),
    organizations: [],
  };
  const plans: TenantPlan[] = [];
  for (const [index, size] of sizes.entries()) {
    const created = await tenants.createOrganizationWithOwner(
      `Bench store ${index + 1}`,
      `bench-owner-${index}@bench.test`,
    );
    const installs: Record<string, string> = {};
    for (const slug of APP_SLUGS) {
      installs[slug] = newId('app');
      await db.insert(organizationApps).values({
        organizationId: created.organizationId,
        id: installs[slug] as string,
        appSlug: slug,
        name: slug,
      });
    }
    plans.push({ organizationId: created.organizationId, size, installs });
    manifest.organizations.push({
      organizationId: created.organizationId,
      key: created.key.key,
      orders: size,
    });
  }

  const started = Date.now();
  if (database.engine === 'postgres') {
    await loadWithCopy(config.databaseUrl as string, plans, random, now);
  } else {
    for (const plan of plans) {
      let batch: StoredOrder[] = [];
      for (const order of tenantOrders(plan, random, now)) {
        batch.push(order);
        if (batch.length === 500) {
          await db.insert(ordersTable).values(batch);
          batch = [];
        }
      }
      if (batch.length > 0) {
        await db.insert(ordersTable).values(batch);
      }
    }
  }
  // Order numbers continue after the loaded ones, as if the service had written them.
  for (const plan of plans) {
    await db.execute(
      sql`update organizations set order_seq = ${plan.size} where id = ${plan.organizationId}`,
    );
  }
  await db.execute(sql`analyze orders`);
  const [size] = await queryRows<{ size: string }>(
    db,
    sql`select pg_size_pretty(pg_total_relation_size('orders')) as size`,
  );
  process.stdout.write(
    `loaded ${totalOrders} orders over ${organizationCount} organizations in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
      `(largest tenant ${sizes[0]}); orders table ${size?.size}\n`,
  );
  mkdirSync(new URL('./.data/', import.meta.url), { recursive: true });
  writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2));
  await database.close();
}

/**
 * COPY into `orders` with its secondary indexes and the ledger trigger out of the way, then rebuild
 * them: far faster than maintaining a dozen indexes (three of them trigram GIN) row by row.
 */
async function loadWithCopy(
  url: string,
  plans: TenantPlan[],
  random: () => number,
  now: Date,
): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const indexes = await client<Array<{ name: string; definition: string }>>`
      select indexname as name, indexdef as definition from pg_indexes
      where tablename = 'orders' and indexname <> 'orders_organization_id_id_pk'`;
    for (const index of indexes) {
      await client.unsafe(`drop index if exists "${index.name}"`);
    }
    await client`alter table orders disable trigger orders_ledger_version`;
    const columns = COLUMNS.map((column) => `"${String(column)}"`).join(', ');
    const stream = await client.unsafe(`copy orders (${columns}) from stdin`).writable();
    let loaded = 0;
    let chunk = '';
    for (const plan of plans) {
      for (const order of tenantOrders(plan, random, now)) {
        chunk += copyLine(order);
        loaded += 1;
        if (loaded % 2000 === 0) {
          if (!stream.write(chunk)) {
            await once(stream, 'drain');
          }
          chunk = '';
        }
        if (loaded % 100_000 === 0) {
          process.stdout.write(`  copied ${loaded}\n`);
        }
      }
    }
    stream.end(chunk);
    await once(stream, 'finish');
    process.stdout.write('  rebuilding indexes\n');
    await client`set maintenance_work_mem = '512MB'`;
    for (const index of indexes) {
      await client.unsafe(index.definition);
    }
    await client`
      insert into order_ledger_versions (organization_id, version)
      select distinct organization_id, 1 from orders
      on conflict (organization_id) do update set version = order_ledger_versions.version + 1`;
  } finally {
    await client`alter table orders enable trigger orders_ledger_version`;
    await client.end();
  }
}

await main();
