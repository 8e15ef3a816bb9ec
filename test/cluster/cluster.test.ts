/**
 * The scaled-out deployment of scripts/cluster.sh, tested from outside: PostgreSQL primary + streaming
 * replica, PgBouncer (transaction pooling), two `api` nodes and one `worker` behind HAProxy. Run by
 * `npm run test:cluster` (scripts/cluster-test.sh starts the cluster and always stops it), not by
 * `npm test`. The tests run in order and share the cluster's one organization (the bootstrap key's).
 */

import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody } from '../helpers/orders.js';
import { type Receiver, startReceiver } from '../helpers/webhook-receiver.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this suite with npm run test:cluster`);
  }
  return value;
};
const CLUSTER_DIR = env('CLUSTER_DIR');
const BALANCER = env('CLUSTER_URL');
const KEY = env('CLUSTER_KEY');
const NODES = { api1: env('CLUSTER_API1_URL'), api2: env('CLUSTER_API2_URL') };

const primary = postgres(env('CLUSTER_PRIMARY_URL'), { max: 2, onnotice: () => {} });
const replica = postgres(env('CLUSTER_REPLICA_URL'), { max: 2, onnotice: () => {} });

function cluster(...args: string[]): void {
  execFileSync('scripts/cluster.sh', [args[0] as string, CLUSTER_DIR, ...args.slice(1)], {
    stdio: 'inherit',
  });
}

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers = {},
): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

async function createOrder(base = BALANCER): Promise<{ id: string; order_number: string }> {
  const created = await call(base, 'POST', '/api/v1/orders', orderBody({ customer_name: 'Cluster Buyer' }));
  expect(created.status).toBe(201);
  return created.body.data;
}

async function totalItems(base: string): Promise<{ total: number; etag: string }> {
  const listed = await call(base, 'GET', '/api/v1/orders?limit=1');
  expect(listed.status).toBe(200);
  return { total: listed.body.pagination.total_items, etag: listed.headers.get('etag') as string };
}

let probes = 0;
/** Transactions the replica has run, less this suite's own probes: the reads the nodes routed to it. */
async function replicaTransactions(): Promise<number> {
  probes += 1;
  const [row] = await replica`select xact_commit::int as n from pg_stat_database where datname = 'linkit'`;
  return (row?.n as number) - probes;
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`not within ${timeoutMs} ms: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

afterAll(async () => {
  await primary.end();
  await replica.end({ timeout: 1 }).catch(() => {});
});

describe('cluster', () => {
  it('ran the migrations once although all three nodes started together', async () => {
    const files = readdirSync('migrations').filter((name) => name.endsWith('.sql'));
    const [row] = await primary`select count(*)::int as applied, count(distinct applied_at)::int as runs
      from schema_migrations`;
    // One transaction applied them all (one `now()`); a second run would have failed a node's start.
    expect(row).toEqual({ applied: files.length, runs: 1 });
    const [orgs] = await primary`select count(*)::int as n from organizations`;
    expect(orgs?.n).toBe(1); // bootstrapped once
    for (const url of [...Object.values(NODES), env('CLUSTER_WORKER_URL')]) {
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    }
  });

  it('reads writes back at once through every node, with reads served by the replica', async () => {
    const before = await replicaTransactions();
    let { total, etag } = await totalItems(BALANCER);
    for (let i = 0; i < 15; i += 1) {
      const order = await createOrder();
      for (const node of Object.values(NODES)) {
        const read = await call(node, 'GET', `/api/v1/orders/${order.id}`);
        expect(read.status).toBe(200);
        expect(read.body.order.id).toBe(order.id);
        expect(read.body.order.order_code).toBe(order.order_number);
        const listed = await totalItems(node);
        // total_items and the list's ETag move with the write on every node, at once.
        expect(listed.total).toBe(total + 1);
        expect(listed.etag).not.toBe(etag);
      }
      ({ total, etag } = await totalItems(BALANCER));
    }
    // An unchanged list is a 304 on either node with the tag the other gave.
    const tag = (await totalItems(NODES.api1)).etag;
    const again = await call(NODES.api2, 'GET', '/api/v1/orders?limit=1', undefined, {
      'if-none-match': tag,
    });
    expect(again.status).toBe(304);
    // 15 rounds × (2 gets + 2 lists) + lists through the balancer: well over the probes' own count.
    await eventually(async () => (await replicaTransactions()) - before >= 60, 'reads reach the replica');
  });

  it('skips a replica that lags: reads stay fresh while its replay is paused', async () => {
    await replica`select pg_wal_replay_pause()`;
    try {
      const { total } = await totalItems(BALANCER);
      const order = await createOrder();
      for (const node of Object.values(NODES)) {
        expect((await call(node, 'GET', `/api/v1/orders/${order.id}`)).status).toBe(200);
        expect((await totalItems(node)).total).toBe(total + 1);
      }
      const [lag] = await replica`select count(*)::int as n from orders where id = ${order.id}`;
      expect(lag?.n).toBe(0); // the replica really is behind
    } finally {
      await replica`select pg_wal_replay_resume()`;
    }
  });

  describe('events', () => {
    let receiver: Receiver;
    beforeAll(async () => {
      receiver = await startReceiver();
    });
    afterAll(async () => {
      await receiver.close();
    });

    it('delivers every event once, from the worker alone, and the change feed has each once', async () => {
      const subscribed = await call(BALANCER, 'POST', '/api/v1/webhooks', {
        url: receiver.url('/cluster'),
        events: ['*'],
      });
      expect(subscribed.status).toBe(201);
      const subscriptionId = subscribed.body.data.id;

      cluster('node-stop', 'worker');
      const orderIds: string[] = [];
      try {
        for (let i = 0; i < 10; i += 1) {
          const node = i % 2 === 0 ? NODES.api1 : NODES.api2;
          const order = await createOrder(node);
          orderIds.push(order.id);
          const patched = await call(node, 'PATCH', `/api/v1/orders/${order.id}/status`, {
            status: 'confirmed',
          });
          expect(patched.status).toBe(200);
        }
        // The API nodes poll for due deliveries every second when they dispatch; they must not.
        await new Promise((resolve) => setTimeout(resolve, 3000));
        expect(receiver.requests).toHaveLength(0);
        const [pending] = await primary`select count(*)::int as n from webhook_deliveries
          where subscription_id = ${subscriptionId} and status = 'pending' and attempts = 0`;
        expect(pending?.n).toBe(20);
      } finally {
        cluster('node-cont', 'worker');
      }

      await receiver.waitFor(() => receiver.at('/cluster').length >= 20, 90_000);
      await new Promise((resolve) => setTimeout(resolve, 1000)); // a duplicate would arrive meanwhile
      const received = receiver.at('/cluster').map((request) => request.json);
      const eventIds = received.map((event) => event.event_id);
      expect(new Set(eventIds).size).toBe(eventIds.length);
      expect(eventIds).toHaveLength(20);
      expect(new Set(received.map((event) => event.order.id))).toEqual(new Set(orderIds));
      const attempts = await primary`select status, attempts from webhook_deliveries
        where subscription_id = ${subscriptionId}`;
      expect(attempts.every((row) => row.status === 'succeeded' && row.attempts === 1)).toBe(true);

      // The change feed, paged through alternating nodes, has each of those events exactly once.
      const seen: string[] = [];
      await eventually(async () => {
        seen.length = 0;
        let cursor = '';
        for (let page = 0; ; page += 1) {
          const node = page % 2 === 0 ? NODES.api1 : NODES.api2;
          const feed = await call(
            node,
            'GET',
            `/api/v1/orders/changes?limit=50${cursor ? `&after=${cursor}` : ''}`,
          );
          expect(feed.status).toBe(200);
          seen.push(...feed.body.events.map((event: { event_id: string }) => event.event_id));
          cursor = feed.body.next_cursor;
          if (!feed.body.has_more) {
            break;
          }
        }
        return eventIds.every((id) => seen.includes(id));
      }, 'the change feed shows every event');
      expect(new Set(seen).size).toBe(seen.length);
    });
  });

  it('moves reads to the primary without errors when the replica stops', async () => {
    cluster('replica-stop');
    try {
      for (let i = 0; i < 5; i += 1) {
        const { total } = await totalItems(BALANCER);
        const order = await createOrder();
        for (const node of Object.values(NODES)) {
          expect((await call(node, 'GET', `/api/v1/orders/${order.id}`)).status).toBe(200);
          expect((await totalItems(node)).total).toBe(total + 1);
        }
      }
    } finally {
      cluster('replica-start');
    }
  });

  it('loses no acknowledged write when an API node is killed mid-traffic', async () => {
    const acknowledged: string[] = [];
    let failed = 0;
    let killed = false;
    let next = 0;
    const TOTAL = 120;
    async function writer() {
      while (next < TOTAL) {
        next += 1;
        try {
          const response = await fetch(`${BALANCER}/api/v1/orders`, {
            method: 'POST',
            headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
            body: JSON.stringify(orderBody({ customer_name: 'Kill Test' })),
          });
          const body = (await response.json().catch(() => undefined)) as
            | { data?: { id: string } }
            | undefined;
          if (response.status === 201 && body?.data) {
            acknowledged.push(body.data.id);
          } else {
            failed += 1;
          }
        } catch {
          failed += 1;
        }
        if (!killed && acknowledged.length >= 30) {
          killed = true;
          cluster('node-kill', 'api1');
        }
      }
    }
    await Promise.all(Array.from({ length: 8 }, writer));
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(60); // the balancer moved traffic to api2
    for (const id of acknowledged) {
      const read = await call(BALANCER, 'GET', `/api/v1/orders/${id}`);
      expect(read.status, `acknowledged order ${id}`).toBe(200);
    }
    const [stored] = await primary`select count(*)::int as n from orders where id = any(${acknowledged})`;
    expect(stored?.n).toBe(acknowledged.length);
    console.info(`kill test: ${acknowledged.length} acknowledged, ${failed} failed while api1 died`);
  });
});
