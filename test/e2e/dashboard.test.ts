/**
 * The dashboard end to end: the real service serves a fresh build of web/, Debian's Chromium drives it
 * through sign-in, saved views, filters, an order (structured fields, history sentences, fulfil with
 * tracking), a status change, bulk status and bulk "mark as shipped" from CSV, print preview, an export,
 * the create form's 422, installing an app, connecting it to a vendor simulator (credentials, a sync with
 * its progress bar, schedule, backfill), status mappings, API keys (secret once, revoke, owners only),
 * webhook subscriptions, the Arabic UI and a phone screen; after
 * each step the page is checked against the API, and no page may show JSON. Screenshots of every page in
 * both languages go to web/screenshots/ (git-ignored; two are copied to docs/screenshots/).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_TRANSITIONS } from '../../src/domain/order-status.js';
import { organizations } from '../../src/storage/schema.js';
import { createTenantsRepository } from '../../src/storage/tenants-repository.js';
import { startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { fixtureText } from '../helpers/fixtures.js';
import { deliverSalla, installApp } from '../helpers/integrations.js';
import { createOrder } from '../helpers/orders.js';
import { syncState, testConnectors } from '../helpers/sync.js';
import { OrbitkitSimulator } from '../simulators/orbitkit.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(import.meta.dirname, '../../web/screenshots');
const STEP_TIMEOUT = 60_000;
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`dashboard e2e skipped: ${CHROMIUM} is missing (apt-get install chromium; CI installs it)`);
}

/** Intl puts a no-break space between currency and amount; compare the text as a reader sees it. */
const spaced = (text: string | null) => text?.replace(/\s/g, ' ');

const humanize = (value: string) => {
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

describe.skipIf(!hasChromium)('merchant dashboard in Chromium', () => {
  let app: TestApp;
  let tenant: TestTenant;
  let context: BrowserContext;
  let page: Page;
  let webRoot: string;
  let profileDir: string;
  const ids: Record<string, string> = {};
  let subscriptionId = '';
  let branch: TestTenant;
  let posInstallId = '';
  let sallaInstallId = '';
  let vendor: OrbitkitSimulator;
  /** A third organization the account owns, so the 250 pulled orders stay out of the other steps' lists. */
  let shop: TestTenant;

  const api = async (path: string) => {
    const response = await app.call('GET', `/api/v1${path}`, { key: tenant.key });
    expect(response.status).toBe(200);
    return response.body;
  };
  /** How far the page sticks out to the right at the current width, and the elements that do. */
  const overflow = () =>
    page.evaluate(() => {
      // Runs in the page (serialized): its globals, untyped here because the test project has no DOM lib.
      const window = globalThis as any;
      const wide = [...window.document.querySelectorAll('body *')]
        .filter((element: any) => element.getBoundingClientRect().right > window.innerWidth + 1)
        .map((element: any) => `${element.tagName}.${element.className}`)
        .slice(0, 5);
      return { by: window.document.documentElement.scrollWidth - window.innerWidth, wide };
    });
  /** Order ids in the table, in display order. */
  const rowIds = () =>
    page
      .locator('tbody tr[data-order-id]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-order-id')));
  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  /** What a merchant reads on the page holds no JSON object or array (no `{"`, `["`, `":`). */
  const expectNoJson = async () => {
    // innerText, not textContent: what is rendered for a reader, not hidden markup.
    // biome-ignore lint/performance/useDomNodeTextContent: see above
    const text: string = await page.evaluate(() => (globalThis as any).document.body.innerText);
    expect(text).not.toMatch(/[{[]\s*"|"\s*:\s*["{[\d]/);
  };
  let sallaOrderId = '';

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'linkit-web-'));
    // Build the page under test from the current sources (never a stale web/dist).
    await build({
      configFile: join(import.meta.dirname, '../../web/vite.config.ts'),
      build: { outDir: webRoot, emptyOutDir: true, sourcemap: false },
      logLevel: 'silent',
    });
    // Private targets: the subscription below points at loopback, so no DNS is needed; nothing is sent.
    // Connectors as the sync tests set them: the Orbitkit simulator on 127.0.0.1 is a replaced base URL.
    app = await startTestApp({
      webRoot,
      webhooks: { allowPrivateTargets: true, dispatcher: false, timeoutMs: 1000 },
      connectors: testConnectors,
    });
    vendor = await OrbitkitSimulator.start({ orders: 250, pageCap: 50 });
    tenant = await app.newTenant();
    // A second organization the same account belongs to: the header offers a switcher.
    branch = await app.newTenant();
    await createTenantsRepository(app.database.db).upsertMembership(
      branch.organizationId,
      tenant.accountId,
      'admin',
    );
    ids.branch = await createOrder(app, branch.key, { customer_name: 'Branch Customer' });
    shop = await app.newTenant();
    await createTenantsRepository(app.database.db).upsertMembership(
      shop.organizationId,
      tenant.accountId,
      'owner',
    );
    for (const [id, name] of [
      [tenant.organizationId, 'Riyadh Dates Co.'],
      [branch.organizationId, 'Riyadh Dates Co. — Kuwait branch'],
      [shop.organizationId, 'Riyadh Dates Co. — Online shop'],
    ] as const) {
      await app.database.db.update(organizations).set({ name }).where(eq(organizations.id, id));
    }
    // Sent through the API (source `api`): the edit step proves a PUT round trip keeps that source.
    ids.arabic = await createOrder(app, tenant.key, {
      source: 'api',
      customer_name: 'محمد العتيبي',
      customer_email: 'mohammed@example.sa',
      store_name: 'متجر الرياض',
    });
    ids.kuwait = await createOrder(app, tenant.key, {
      customer_name: 'Fatima Al-Sabah',
      customer_email: 'fatima@example.kw',
      currency: 'KWD',
      products: [{ name: 'Dates box', quantity: 1, price: 12.345 }],
      subtotal: 12.345,
      tax: 0,
      delivery_fee: 0,
      total_amount: 12.345,
    });
    ids.first = await createOrder(app, tenant.key, { customer_name: 'Sarah Smith', store_name: 'Jeddah' });
    ids.second = await createOrder(app, tenant.key, { customer_name: 'Omar Haddad', store_name: 'Jeddah' });
    const salla = await installApp(app, tenant, 'salla-orders', {
      name: 'Salla main store',
      store_name: 'متجر سلة',
    });
    sallaInstallId = salla.id;
    const delivered = await deliverSalla(app, salla, fixtureText('salla', 'webhook-order-created.json'));
    expect(delivered.status).toBeLessThan(300);
    const fromSalla = await app.call('GET', `/api/v1/orders?source=${salla.id}`, { key: tenant.key });
    sallaOrderId = fromSalla.body.orders[0].order.id;
    const install = { status: 201 };
    // An install whose first payload fails in intake (no currency, no default): the page offers a retry.
    const pos = await app.call('POST', '/api/v1/apps', {
      key: tenant.key,
      body: { app_slug: 'syncaty-orders', name: 'Syncaty POS' },
    });
    posInstallId = pos.body.data.id;
    const { currency: _currency, ...withoutCurrency } = JSON.parse(fixtureText('syncaty', 'order.json'));
    const intake = await app.call('POST', `/api/v1/apps/${posInstallId}/orders`, {
      key: tenant.key,
      body: withoutCurrency,
    });
    expect(intake.body.data.items[0].status).toBe('failed');
    const subscription = await app.call('POST', '/api/v1/webhooks', {
      key: tenant.key,
      body: { url: 'http://127.0.0.1:9/linkit', events: ['*'], description: 'ERP sync' },
    });
    expect([install.status, subscription.status]).toEqual([201, 201]);
    subscriptionId = subscription.body.data.id;

    mkdirSync(SCREENSHOTS, { recursive: true });
    profileDir = mkdtempSync(join(tmpdir(), 'linkit-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      acceptDownloads: true,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    await vendor?.close();
    for (const dir of [webRoot, profileDir]) {
      if (dir) {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it(
    'signs in with a key and lists what the API lists',
    async () => {
      await page.goto(`${app.url}/`);
      await page.getByLabel('API key').fill('lk_not_a_real_key');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('That API key was not accepted (unknown key).').waitFor();
      await page.getByLabel('API key').fill(tenant.key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('tbody tr[data-order-id]').first().waitFor();

      const listed = await api('/orders');
      expect(await rowIds()).toEqual(listed.orders.map((snapshot: any) => snapshot.order.id));
      await expect
        .poll(() => page.getByTestId('total-count').textContent())
        .toBe(`${listed.pagination.total_items} orders`);
      // Money in the currency's own digits: KWD has three.
      const kuwaitRow = page.locator(`tr[data-order-id="${ids.kuwait}"]`);
      expect(spaced(await kuwaitRow.locator('.total').textContent())).toBe('KWD 12.345');
      // Arabic names keep their own direction inside the left-to-right table.
      const arabicName = page.locator(`tr[data-order-id="${ids.arabic}"] .customer-name`);
      expect(await arabicName.textContent()).toBe('محمد العتيبي');
      expect(await arabicName.evaluate((cell) => (globalThis as any).getComputedStyle(cell).direction)).toBe(
        'rtl',
      );
      await shot('orders');
    },
    STEP_TIMEOUT,
  );

  it(
    'live refresh polls with the ETag: 304 while nothing changes, the new order once one is created',
    async () => {
      const polls: number[] = [];
      const onResponse = (response: { url(): string; status(): number }) => {
        if (new URL(response.url()).pathname === '/api/v1/orders') {
          polls.push(response.status());
        }
      };
      page.on('response', onResponse);
      await page.getByLabel('Live refresh').check();
      await expect.poll(() => polls.includes(304), { timeout: 15_000 }).toBe(true);

      ids.live = await createOrder(app, tenant.key, { customer_name: 'Live Arrival' });
      await expect.poll(rowIds, { timeout: 15_000 }).toContain(ids.live);
      expect(await rowIds()).toEqual((await api('/orders')).orders.map((snapshot: any) => snapshot.order.id));
      await page.getByLabel('Live refresh').uncheck();
      page.off('response', onResponse);
    },
    STEP_TIMEOUT,
  );

  it(
    'filters through the URL, and the back button undoes a filter',
    async () => {
      await page.getByLabel('Search').fill('محمد');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((url) => url.searchParams.get('search') === 'محمد');
      const filtered = await api(`/orders?search=${encodeURIComponent('محمد')}`);
      await expect.poll(rowIds).toEqual(filtered.orders.map((snapshot: any) => snapshot.order.id));
      expect(filtered.orders).toHaveLength(1);

      await page.goBack();
      await page.waitForURL((url) => !url.searchParams.has('search'));
      await expect.poll(async () => (await rowIds()).length).toBe((await api('/orders')).orders.length);

      // Sorting by a header is in the URL as well.
      await page.getByRole('button', { name: /^Total/ }).click();
      await page.waitForURL((url) => url.searchParams.get('sort') === '-total_amount');
      const sorted = await api('/orders?sort=-total_amount');
      await expect.poll(rowIds).toEqual(sorted.orders.map((snapshot: any) => snapshot.order.id));
    },
    STEP_TIMEOUT,
  );

  it(
    'opens an order and offers exactly the moves the workflow allows',
    async () => {
      await page.locator(`tr[data-order-id="${ids.arabic}"] .order-link`).click();
      await page.waitForURL(`**/orders/${ids.arabic}`);
      const { order } = await api(`/orders/${ids.arabic}`);
      expect(await page.getByTestId('order-code').textContent()).toBe(order.order_code);
      expect(spaced(await page.getByTestId('order-total').textContent())).toBe('SAR 83.98');
      await page.getByText('متجر الرياض').first().waitFor();
      const moves = await page.locator('[data-field="order_status"] .status-moves button').allTextContents();
      expect(moves).toEqual(ORDER_TRANSITIONS.pending.map(humanize));
      await page.locator('.timeline li[data-event-type="order.created"]').waitFor();
      await shot('order-detail');
    },
    STEP_TIMEOUT,
  );

  it(
    'changes the status, and the page, the API and the history agree',
    async () => {
      await page
        .locator('[data-field="order_status"]')
        .getByRole('button', { name: 'Confirmed', exact: true })
        .click();
      await page.getByText('Status changed to Confirmed.').waitFor();
      const { order } = await api(`/orders/${ids.arabic}`);
      expect(order.order_status).toBe('confirmed');
      expect(await page.locator('[data-field="order_status"] .badge').textContent()).toBe('Confirmed');
      const moves = await page.locator('[data-field="order_status"] .status-moves button').allTextContents();
      expect(moves).toEqual(ORDER_TRANSITIONS.confirmed.map(humanize));
      await page.locator('.timeline li[data-event-type="order.status_changed"]').waitFor();
      // History reads as a sentence, with the actor named.
      await page.locator('.timeline').getByText('Status changed from Pending to Confirmed by you').waitFor();
    },
    STEP_TIMEOUT,
  );

  it(
    'edits the order: the changed field is saved, every field the form does not show is kept',
    async () => {
      const before = (await api(`/orders/${ids.arabic}`)).order;
      await page.getByRole('link', { name: 'Edit', exact: true }).click();
      await page.waitForURL(`**/orders/${ids.arabic}/edit`);
      await page.getByLabel('Phone').fill('+966500000001');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.waitForURL(`**/orders/${ids.arabic}`);
      await page.locator('.timeline li[data-event-type="order.updated"]').waitFor();

      const after = (await api(`/orders/${ids.arabic}`)).order;
      expect(after.customer_phone).toBe('+966500000001');
      const { customer_phone: _a, updated_at: _b, ...keptAfter } = after;
      const { customer_phone: _c, updated_at: _d, ...keptBefore } = before;
      expect(keptAfter).toEqual(keptBefore);
      await page.getByRole('region', { name: 'Customer' }).getByText('+966500000001').waitFor();
      await page
        .locator('.timeline')
        .getByText(/Phone changed from .* to \+966500000001 by you/)
        .waitFor();
    },
    STEP_TIMEOUT,
  );

  it(
    'bulk-updates two orders and shows the per-item result',
    async () => {
      await page.getByRole('link', { name: '← Orders' }).click();
      await page.locator('tbody tr[data-order-id]').first().waitFor();
      await page.locator(`tr[data-order-id="${ids.first}"] input[type=checkbox]`).check();
      await page.locator(`tr[data-order-id="${ids.second}"] input[type=checkbox]`).check();
      await page.getByLabel('New status').selectOption('preparing');
      await page.getByRole('button', { name: 'Apply status' }).click();
      await page.getByTestId('bulk-succeeded').waitFor();
      expect(await page.getByTestId('bulk-succeeded').textContent()).toBe('2 succeeded');
      expect(await page.getByTestId('bulk-failed').textContent()).toBe('0 failed');
      for (const id of [ids.first, ids.second]) {
        expect((await api(`/orders/${id}`)).order.order_status).toBe('preparing');
        await expect
          .poll(() => page.locator(`tr[data-order-id="${id}"] .badge-order`).textContent())
          .toBe('Preparing');
      }
      await shot('bulk-result');
    },
    STEP_TIMEOUT,
  );

  it(
    'exports the filtered orders as CSV',
    async () => {
      await page.getByLabel('Payment').selectOption('pending');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((url) => url.searchParams.get('payment_status') === 'pending');
      await page.getByLabel('Export format').selectOption('csv');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^orders-\d{8}T\d{6}Z\.csv$/);
      const file = await download.path();
      const rows: Record<string, string>[] = parse(readFileSync(file, 'utf8'), { columns: true, bom: true });
      const listed = await api('/orders?payment_status=pending&limit=100');
      expect(rows.map((row) => row.id).sort()).toEqual(
        listed.orders.map((snapshot: any) => snapshot.order.id).sort(),
      );
      await page.getByText(/^Exported orders-/).waitFor();
    },
    STEP_TIMEOUT,
  );

  it(
    'shows the API’s 422 messages next to the create form’s fields',
    async () => {
      await page.getByRole('link', { name: 'New order' }).first().click();
      await page.waitForURL('**/orders/new');
      await page.getByLabel('Customer name').fill('ليلى');
      await page.getByLabel('Price').fill('abc');
      await page.getByRole('button', { name: 'Create order' }).click();
      await page.locator('.field-error').first().waitFor();

      const answer = await app.call('POST', '/api/v1/orders', {
        key: tenant.key,
        body: {
          source: 'manual',
          currency: 'SAR',
          status: 'pending',
          payment_status: 'pending',
          customer_name: 'ليلى',
          products: [{ name: '', quantity: 1, price: 'abc' }],
        },
      });
      expect(answer.status).toBe(422);
      for (const [field, message] of Object.entries(answer.body.details)) {
        expect(await page.locator(`[data-error-for="${field}"]`).textContent()).toBe(message);
      }
      expect((await api('/orders?search=%D9%84%D9%8A%D9%84%D9%89')).orders).toHaveLength(0);
      await shot('create-form-422');
    },
    STEP_TIMEOUT,
  );

  it(
    'lists installs and webhook subscriptions',
    async () => {
      await page.getByRole('link', { name: 'Integrations' }).click();
      await page.getByRole('heading', { name: 'Salla main store' }).waitFor();
      const pos = page.getByRole('region', { name: 'Install Syncaty POS' });
      const failed = await api(`/apps/${posInstallId}/intake?status=failed`);
      expect(failed.data).toHaveLength(1);
      await pos.getByText(failed.data[0].error).waitFor();
      await shot('integrations');

      // Fix the cause (a default currency), then retry from the page: the payload becomes an order.
      await app.call('PATCH', `/api/v1/apps/${posInstallId}`, {
        key: tenant.key,
        body: { config: { default_currency: 'SAR' } },
      });
      await pos.getByRole('button', { name: 'Retry' }).click();
      await pos.getByText(/is in the list now/).waitFor();
      await pos.getByText('No failed orders').waitFor();
      expect((await api(`/apps/${posInstallId}/intake?status=failed`)).data).toEqual([]);
      expect((await api(`/orders?source=${posInstallId}`)).orders).toHaveLength(1);

      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('heading', { name: 'http://127.0.0.1:9/linkit' }).waitFor();
      // The status changes above were queued for this subscription (no dispatcher runs here).
      const deliveries = await api(`/webhooks/${subscriptionId}/deliveries?limit=10`);
      expect(deliveries.data.length).toBeGreaterThan(0);
      await expect
        .poll(() =>
          page
            .locator('.delivery-row')
            .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-delivery-id'))),
        )
        .toEqual(deliveries.data.map((delivery: any) => delivery.id));
      await shot('webhooks');
    },
    STEP_TIMEOUT,
  );

  it(
    'installs an app from the page: the full webhook URL to copy, the secret shown once',
    async () => {
      await page.getByRole('link', { name: 'Integrations' }).click();
      const form = page.getByRole('form', { name: 'Install an app' });
      await form.getByLabel('Marketplace').selectOption('salla-orders');
      await form.getByLabel('Label').fill('Riyadh branch');
      await form.getByRole('button', { name: 'Install' }).click();
      const secret = await page.getByTestId('webhook-secret').textContent();
      const installs = (await api('/apps')).data;
      const created = installs.find((install: any) => install.name === 'Riyadh branch');
      expect(created.app_slug).toBe('salla-orders');
      expect(secret?.length).toBeGreaterThan(16);
      // The URL is absolute (the marketplace needs it whole) and is what the API answers, on this host.
      const card = page.locator(`[data-install-id="${created.id}"]`);
      expect(await card.getByTestId('webhook-url').textContent()).toBe(`${app.url}${created.webhook_url}`);
      await expectNoJson();
      await shot('integrations-installed');
      await page.getByRole('button', { name: 'I have copied it' }).click();
      expect(await page.getByTestId('webhook-secret').count()).toBe(0);
    },
    STEP_TIMEOUT,
  );

  it(
    'connects an install to its vendor: credentials, a sync whose progress bar runs to done, schedule, backfill',
    async () => {
      const shopApi = async (path: string) => {
        const response = await app.call('GET', `/api/v1${path}`, { key: shop.key });
        expect(response.status).toBe(200);
        return response.body;
      };
      await page.getByLabel('Organization').selectOption(shop.organizationId);
      await page.waitForURL('**/orders');
      await page.getByRole('link', { name: 'Integrations' }).click();
      const form = page.getByRole('form', { name: 'Install an app' });
      await form.getByLabel('Marketplace').selectOption('orbitkit-orders');
      await form.getByLabel('Label').fill('Orbit shop');
      await form.getByRole('button', { name: 'Install' }).click();
      await page.getByTestId('webhook-secret').waitFor();
      await page.getByRole('button', { name: 'I have copied it' }).click();
      const install = (await shopApi('/apps')).data.find((item: any) => item.name === 'Orbit shop');
      const card = page.locator(`[data-install-id="${install.id}"]`);
      await expect.poll(() => card.getByTestId('sync-state').textContent()).toBe('Not connected');

      // The fields are the adapter's (Orbitkit: an API key); the simulator stands for the vendor.
      const connect = card.getByRole('form', { name: 'Connection' });
      await connect.getByLabel('API key').fill(vendor.apiKey);
      await connect.getByLabel('API address').fill(vendor.baseUrl);
      // A slow vendor (six pages of 50, each answered after 700 ms), so the bar is seen moving.
      vendor.server.fail({ on: 'list', times: 6, delayMs: 700 });
      await connect.getByRole('button', { name: 'Save credentials' }).click();
      await card.getByText('Credentials saved: a sync starts now.').waitFor();

      const seen: { value: number; max: number; text: string }[] = [];
      const progress = card.getByTestId('sync-progress');
      await expect
        .poll(
          async () => {
            if (await progress.isVisible()) {
              const sample = await progress.evaluate((bar: any) => ({
                value: Number(bar.value),
                max: Number(bar.max),
                text: String(bar.parentElement.textContent),
              }));
              if (sample.value > 0 && !seen.some((earlier) => earlier.value > 0)) {
                await shot('integrations-sync-running');
              }
              seen.push(sample);
            }
            return seen.some((sample) => sample.value > 0 && sample.max === 250);
          },
          // A busy machine may start the run late; the bar then still moves for six slow pages.
          { timeout: 60_000, interval: 200 },
        )
        .toBe(true);
      // The bar's numbers in words as well.
      const moving = seen.find((sample) => sample.value > 0) as (typeof seen)[number];
      expect(moving.text).toContain(`${moving.value} of 250 orders read`);
      // Done: back to idle with a last success, and the ledger holds every vendor order.
      await expect.poll(() => card.getByTestId('sync-state').textContent(), { timeout: 90_000 }).toBe('Idle');
      expect(await card.getByTestId('sync-last-success').textContent()).not.toBe('Never');
      expect(await card.getByTestId('sync-progress').count()).toBe(0);
      const values = seen.map((sample) => sample.value).filter((value) => value > 0);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect((await shopApi(`/orders?source=${install.id}&limit=1`)).pagination.total_items).toBe(250);
      const state = await syncState(app, shop, install.id);
      expect(state).toMatchObject({ state: 'idle', credentials_set: true, last_error: null });
      // Credentials are never shown back: the form is empty, the page does not hold the key.
      // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees
      expect(await page.evaluate(() => (globalThis as any).document.body.innerText)).not.toContain(
        vendor.apiKey,
      );
      await card.getByText('Change credentials').click();
      expect(await connect.getByLabel('API key').inputValue()).toBe('');

      // Sync now: an incremental run, finished when the last success moves.
      await card.getByRole('button', { name: 'Sync now' }).click();
      await expect
        .poll(async () => (await syncState(app, shop, install.id)).last_success_at, { timeout: 20_000 })
        .not.toBe(state.last_success_at);
      const afterSyncNow = (await syncState(app, shop, install.id)).last_success_at;
      // Backfill from a day: the run is a backfill of orders placed from that day.
      await card.getByRole('button', { name: 'Backfill from…' }).click();
      await card.getByLabel('Orders placed from').fill('2020-01-01');
      await card.getByRole('button', { name: 'Start backfill' }).click();
      await card.getByText('Backfill requested.').waitFor();
      await expect
        .poll(async () => (await syncState(app, shop, install.id)).last_success_at, { timeout: 20_000 })
        .not.toBe(afterSyncNow);
      // The schedule: every hour, then off.
      await card.getByLabel('Automatic sync').selectOption('60');
      await expect.poll(async () => (await syncState(app, shop, install.id)).schedule_minutes).toBe(60);
      await card.getByLabel('Automatic sync').selectOption('off');
      await expect.poll(async () => (await syncState(app, shop, install.id)).schedule_minutes).toBe(null);
      await expect.poll(() => card.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toBe('Idle');
      await expectNoJson();
      await card.scrollIntoViewIfNeeded();
      await shot('integrations-sync');

      // A vendor that refuses the key: failing, the reason in words; once it answers again, idle.
      vendor.server.fail({ on: 'list', status: 401, times: 10_000 });
      await card.getByRole('button', { name: 'Sync now' }).click();
      await expect
        .poll(() => card.getByTestId('sync-state').textContent(), { timeout: 20_000 })
        .toBe('Failing');
      const failing = await syncState(app, shop, install.id);
      expect(failing.last_error).toBeTruthy();
      await expect.poll(() => card.getByTestId('sync-error').textContent()).toContain(failing.last_error);
      await expectNoJson();
      await shot('integrations-sync-failing');
      vendor.server.clearFaults();
      await expect.poll(() => card.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toBe('Idle');
      expect(await card.getByTestId('sync-error').count()).toBe(0);
      await page.getByLabel('Organization').selectOption(tenant.organizationId);
      await page.waitForURL('**/orders');
    },
    // Three syncs of a slow vendor, each waited for with room for a busy machine.
    4 * STEP_TIMEOUT,
  );

  it(
    'maps a store status onto Linkit statuses',
    async () => {
      await page.getByRole('link', { name: 'Integrations' }).click();
      const card = page.locator(`[data-install-id="${sallaInstallId}"]`);
      await card.getByTestId('status-mappings').locator('summary').click();
      const mappings = card.getByTestId('status-mappings');
      await mappings.getByRole('button', { name: 'Add a status' }).click();
      // Saved without choosing what it means: refused on the page, in words, nothing sent.
      await mappings.getByLabel('Status at the store').fill('awaiting_production');
      await mappings.getByRole('button', { name: 'Save mappings' }).click();
      await mappings.getByText('Choose at least one status it means.').waitFor();
      await mappings.getByLabel('Order status').selectOption('preparing');
      await mappings.getByLabel('Fulfillment').selectOption('processing');
      await mappings.getByRole('button', { name: 'Save mappings' }).click();
      await mappings.getByText(/Status mappings saved/).waitFor();
      expect((await api(`/apps/${sallaInstallId}/status-mappings`)).data).toEqual([
        {
          vendor_status: 'awaiting_production',
          order_status: 'preparing',
          payment_status: null,
          fulfillment_status: 'processing',
        },
      ]);
      await expectNoJson();
      await mappings.scrollIntoViewIfNeeded();
      await shot('integrations-status-mappings');
    },
    STEP_TIMEOUT,
  );

  it(
    'creates an API key (its secret shown once), rotates and revokes it; a non-owner is told why there are no keys',
    async () => {
      await page.getByRole('link', { name: 'API keys' }).click();
      const form = page.getByRole('form', { name: 'New API key' });
      await form.getByLabel('Name').fill('Warehouse scanner');
      await form.getByLabel('Change orders').check();
      await form.getByRole('button', { name: 'Create key' }).click();
      const secret = (await page.getByTestId('api-key-secret').textContent()) ?? '';
      expect(secret).toMatch(/^lk_/);
      const created = (await api('/keys')).data.find((key: any) => key.name === 'Warehouse scanner');
      expect(created).toMatchObject({ scopes: ['order:read', 'order:write'], revoked_at: null });
      expect(secret.startsWith(created.prefix)).toBe(true);
      expect((await app.call('GET', '/api/v1/me', { key: secret })).status).toBe(200);
      const row = page.locator(`tr[data-key-id="${created.id}"]`);
      await row.getByText('Warehouse scanner').waitFor();
      await expectNoJson();
      await shot('keys-created');
      // Once: gone when dismissed, and not there after a reload.
      await page.getByRole('button', { name: 'I have copied it' }).click();
      expect(await page.getByTestId('api-key-secret').count()).toBe(0);
      await page.reload();
      await row.waitFor();
      expect(await page.getByTestId('api-key-secret').count()).toBe(0);
      // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees
      expect(await page.evaluate(() => (globalThis as any).document.body.innerText)).not.toContain(secret);

      // Rotate: a new secret, shown once; the old key keeps working for the overlap (a day).
      await row.getByRole('button', { name: 'Rotate' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Rotate' }).click();
      const rotated = (await page.getByTestId('api-key-secret').textContent()) ?? '';
      expect(rotated).toMatch(/^lk_/);
      expect(rotated).not.toBe(secret);
      const named = (await api('/keys')).data.filter((key: any) => key.name === 'Warehouse scanner');
      expect(named).toHaveLength(2);
      const successor = named.find((key: any) => key.id !== created.id);
      expect(rotated.startsWith(successor.prefix)).toBe(true);
      expect(Date.parse(named.find((key: any) => key.id === created.id).expires_at)).toBeGreaterThan(
        Date.now() + 23 * 3600_000,
      );
      expect((await app.call('GET', '/api/v1/me', { key: rotated })).status).toBe(200);
      await page.getByRole('button', { name: 'I have copied it' }).click();

      // Revoke both: each stops at once.
      for (const id of [created.id, successor.id]) {
        const keyRow = page.locator(`tr[data-key-id="${id}"]`);
        await keyRow.getByRole('button', { name: 'Revoke' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
        await expect.poll(() => keyRow.locator('.badge').textContent()).toBe('Revoked');
        expect((await api('/keys')).data.find((key: any) => key.id === id).revoked_at).not.toBeNull();
      }
      for (const revoked of [secret, rotated]) {
        expect((await app.call('GET', '/api/v1/me', { key: revoked })).status).toBe(401);
      }
      await shot('keys');

      // In the branch the account is an admin, not an owner: the API refuses, the page says why.
      const refused = await app.call('GET', '/api/v1/keys', {
        key: tenant.key,
        headers: { 'x-organization-id': branch.organizationId },
      });
      expect([refused.status, refused.body.error]).toEqual([403, 'INSUFFICIENT_ROLE']);
      await page.getByLabel('Organization').selectOption(branch.organizationId);
      await page.waitForURL('**/orders');
      await page.getByRole('link', { name: 'API keys' }).click();
      await page.getByTestId('keys-not-owner').getByText('Only owners manage API keys').waitFor();
      expect(await page.getByRole('form', { name: 'New API key' }).count()).toBe(0);
      await shot('keys-not-owner');
      await page.getByLabel('Organization').selectOption(tenant.organizationId);
      await page.waitForURL('**/orders');
    },
    STEP_TIMEOUT,
  );

  it(
    'creates a webhook subscription, edits its events, pauses it and rotates its secret',
    async () => {
      await page.getByRole('link', { name: 'Webhooks' }).click();
      const form = page.getByRole('form', { name: 'New subscription' });
      await form.getByLabel('Receiver URL').fill('http://127.0.0.1:9/orders-feed');
      await form.getByLabel('Description').fill('Warehouse');
      await form.getByLabel('Every event').uncheck();
      await form.getByLabel('Order created').check();
      await form.getByRole('button', { name: 'Subscribe' }).click();
      const secret = await page.getByTestId('signing-secret').first().textContent();
      expect(secret).toMatch(/^whsec_/);
      const listed = (await api('/webhooks')).data.find(
        (item: any) => item.url === 'http://127.0.0.1:9/orders-feed',
      );
      expect(listed.events).toEqual(['order.created']);
      const card = page.locator(`[data-subscription-id="${listed.id}"]`);
      await card.getByRole('button', { name: 'Edit events' }).click();
      await card.getByLabel('Status changed').check();
      await card.getByRole('button', { name: 'Save events' }).click();
      await expect
        .poll(async () => (await api(`/webhooks/${listed.id}`)).data.events.sort())
        .toEqual(['order.created', 'order.status_changed']);
      await card.getByRole('button', { name: 'Pause' }).click();
      await card.getByRole('button', { name: 'Resume' }).waitFor();
      expect((await api(`/webhooks/${listed.id}`)).data.active).toBe(false);
      await card.getByRole('button', { name: 'Rotate secret' }).click();
      const rotated = await card.getByTestId('signing-secret').textContent();
      expect(rotated).toMatch(/^whsec_/);
      expect(rotated).not.toBe(secret);
      expect((await api(`/webhooks/${listed.id}`)).data.previous_secret_expires_at).not.toBeNull();
      await expectNoJson();
      await shot('webhooks-managed');
    },
    STEP_TIMEOUT,
  );

  it(
    'saved views: built-in tabs count what the API counts, and a merchant saves their own',
    async () => {
      await page.getByRole('link', { name: 'Orders', exact: true }).click();
      const tab = page.locator('[data-view="to-confirm"]');
      const pending = (await api('/orders?status=pending&limit=1')).pagination.total_items;
      await expect.poll(() => tab.getByTestId('view-count').textContent()).toBe(String(pending));
      await tab.click();
      await page.waitForURL((url) => url.searchParams.get('status') === 'pending');
      await expect.poll(async () => (await rowIds()).length).toBe(Math.min(pending, 20));
      expect(await tab.getAttribute('aria-selected')).toBe('true');

      await page.getByRole('tab', { name: /All orders/ }).click();
      await page.waitForURL((url) => !url.searchParams.has('status'));
      await page.getByLabel('Search').fill('Jeddah');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((url) => url.searchParams.get('search') === 'Jeddah');
      await page.getByRole('button', { name: 'Save these filters as a view' }).click();
      await page.getByLabel('View name').fill('Jeddah orders');
      await page.getByRole('button', { name: 'Save view' }).click();
      const own = page.getByRole('tab', { name: /Jeddah orders/ });
      const jeddah = (await api('/orders?search=Jeddah&limit=1')).pagination.total_items;
      await expect.poll(() => own.getByTestId('view-count').textContent()).toBe(String(jeddah));
      expect(await own.getAttribute('aria-selected')).toBe('true');
      // Kept in this browser for this organization: still there after a reload.
      await page.reload();
      await page.getByRole('tab', { name: /Jeddah orders/ }).waitFor();
      await shot('orders-views');
      await page.getByRole('tab', { name: /All orders/ }).click();
    },
    STEP_TIMEOUT,
  );

  it(
    'renders a Salla order for people: options, source, history by the store; fulfils it with tracking',
    async () => {
      await page.goto(`${app.url}/orders/${sallaOrderId}`);
      const { order } = await api(`/orders/${sallaOrderId}`);
      await page.getByTestId('order-code').waitFor();
      await page.getByTestId('variant').first().getByText('المقاس: L').waitFor();
      await page.getByText('Salla · Salla main store').first().waitFor();
      await page
        .locator('.timeline')
        .getByText('Order received from Salla store «Salla main store»')
        .waitFor();
      await expectNoJson();
      await shot('order-detail-salla');

      const fulfil = page.getByRole('form', { name: 'Fulfil' });
      await fulfil.getByLabel('Carrier').fill('SMSA');
      await fulfil.getByLabel('Tracking number', { exact: true }).fill('290000000001');
      await fulfil.getByLabel('Tracking link (optional)').fill('https://track.example.com/290000000001');
      await fulfil.getByRole('button', { name: /Mark as shipped|Save tracking/ }).click();
      await page.getByText('Shipment saved.').waitFor();
      const after = (await api(`/orders/${sallaOrderId}`)).order;
      expect(after.shipping_fulfillment).toMatchObject({
        carrier: 'SMSA',
        tracking_number: '290000000001',
        tracking_link: 'https://track.example.com/290000000001',
      });
      expect(after.order_status).toBe(
        ORDER_TRANSITIONS[order.order_status as 'pending'].includes('shipped')
          ? 'shipped'
          : order.order_status,
      );
      // Every other field as it was (the full update carried them).
      const strip = ({
        shipping_fulfillment: _a,
        updated_at: _b,
        order_status: _c,
        fulfillment_status: _d,
        ...rest
      }: any) => rest;
      expect(strip(after)).toEqual(strip(order));
      expect(await page.getByTestId('tracking-link').getAttribute('href')).toBe(
        'https://track.example.com/290000000001',
      );
      await expectNoJson();
    },
    STEP_TIMEOUT,
  );

  it(
    'marks orders as shipped in bulk from pasted CSV, and prints their packing slips',
    async () => {
      await page.getByRole('link', { name: 'Orders', exact: true }).click();
      await page.locator('tbody tr[data-order-id]').first().waitFor();
      const codes: string[] = [];
      for (const id of [ids.first, ids.second]) {
        await page.locator(`tr[data-order-id="${id}"] input[type=checkbox]`).check();
        codes.push((await api(`/orders/${id}`)).order.order_code);
      }
      await page
        .getByRole('toolbar', { name: 'Bulk actions' })
        .getByRole('button', { name: 'Mark as shipped' })
        .click();
      const csv = [
        'order,carrier,tracking_number',
        `${codes[0]},Aramex,AX-1001`,
        `"${codes[1]}",SMSA,"SM-2002"`,
        'ORD-NOPE,DHL,D-1',
      ].join('\n');
      await page.getByLabel('Tracking numbers (CSV)').fill(csv);
      await page.getByRole('button', { name: 'Mark 3 as shipped' }).click();
      await page.getByTestId('ship-succeeded').waitFor();
      expect(await page.getByTestId('ship-succeeded').textContent()).toBe('2 shipped');
      expect(await page.getByTestId('ship-failed').textContent()).toBe('1 failed');
      await page.getByText(/line 4: ORD-NOPE no such order/).waitFor();
      for (const [id, tracking] of [
        [ids.first, 'AX-1001'],
        [ids.second, 'SM-2002'],
      ] as const) {
        const { order } = await api(`/orders/${id}`);
        expect(order.order_status).toBe('shipped');
        expect(order.shipping_fulfillment.tracking_number).toBe(tracking);
      }

      for (const id of [ids.first, ids.second]) {
        await page.locator(`tr[data-order-id="${id}"] input[type=checkbox]`).check();
      }
      await page
        .getByRole('toolbar', { name: 'Bulk actions' })
        .getByRole('button', { name: 'Print' })
        .click();
      await page.waitForURL('**/print?ids=*');
      await expect.poll(() => page.locator('.print-sheet').count()).toBe(2);
      await page.getByRole('button', { name: 'Invoice' }).click();
      const first = (await api(`/orders/${ids.first}`)).order;
      await expect
        .poll(async () =>
          spaced(
            await page
              .locator(`.print-sheet[data-order-id="${ids.first}"] [data-testid="print-total"]`)
              .textContent(),
          ),
        )
        .toBe(
          spaced(
            new Intl.NumberFormat('en-US', { style: 'currency', currency: first.currency }).format(
              first.total_amount,
            ),
          ),
        );
      await page.locator(`.print-sheet[data-order-id="${ids.first}"]`).getByText('AX-1001').waitFor();
      await page.emulateMedia({ media: 'print' });
      // On paper: no app header or buttons, each order on its own page.
      expect(await page.locator('.topbar').isVisible()).toBe(false);
      expect(
        await page
          .locator('.print-sheet')
          .first()
          .evaluate((sheet) => (globalThis as any).getComputedStyle(sheet).breakAfter),
      ).toBe('page');
      await shot('print');
      await page.emulateMedia({ media: 'screen' });
      await expectNoJson();
    },
    STEP_TIMEOUT,
  );

  it(
    'switches organization: the list is the other organization’s, as the API says',
    async () => {
      await page.getByRole('link', { name: 'Orders', exact: true }).click();
      await page.getByLabel('Organization').selectOption(branch.organizationId);
      await expect.poll(rowIds, { timeout: 15_000 }).toEqual([ids.branch]);
      const asBranch = await app.call('GET', '/api/v1/orders', {
        key: tenant.key,
        headers: { 'x-organization-id': branch.organizationId },
      });
      expect(asBranch.body.orders.map((snapshot: any) => snapshot.order.id)).toEqual([ids.branch]);
      await page.getByLabel('Organization').selectOption(tenant.organizationId);
      await expect
        .poll(async () => (await rowIds()).length, { timeout: 15_000 })
        .toBe((await api('/orders')).orders.length);
    },
    STEP_TIMEOUT,
  );

  it(
    'fits a phone screen: filters behind a button, orders as cards, no paging-mode toggle',
    async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('link', { name: 'Orders', exact: true }).click();
      await page.locator('tbody tr[data-order-id]').first().waitFor();
      const orders = await overflow();
      expect(orders.by, orders.wide.join(' ')).toBeLessThanOrEqual(0);
      // The filter form is closed until asked for; the button opens it.
      expect(await page.locator('#order-filters').isVisible()).toBe(false);
      await shot('orders-phone');
      await page.getByRole('button', { name: /^Filters/ }).click();
      await page.getByLabel('Search').waitFor();
      await shot('orders-phone-filters');
      await page.getByRole('button', { name: /^Filters/ }).click();
      // Each order is a card: the row is a grid, its header row hidden, the checkbox big enough for a thumb.
      const row = page.locator('tbody tr[data-order-id]').first();
      expect(await row.evaluate((element) => (globalThis as any).getComputedStyle(element).display)).toBe(
        'grid',
      );
      expect(await page.locator('.orders-table thead').isVisible()).toBe(false);
      const box = await row.locator('input[type=checkbox]').boundingBox();
      expect(box?.width).toBeGreaterThanOrEqual(20);
      expect(await page.getByRole('button', { name: 'Cursor' }).count()).toBe(0);
      // The settings pages fit as well: installs with their sync panels, and the keys.
      for (const [link, name] of [
        ['Integrations', 'integrations-phone'],
        ['API keys', 'keys-phone'],
      ] as const) {
        await page.getByRole('link', { name: link }).click();
        await page.locator('.state-loading').first().waitFor({ state: 'detached' });
        const settings = await overflow();
        expect(settings.by, `${link}: ${settings.wide.join(' ')}`).toBeLessThanOrEqual(0);
        await shot(name);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
    },
    STEP_TIMEOUT,
  );

  it(
    'shows the whole dashboard in Arabic, right to left, and remembers the choice',
    async () => {
      await page.getByRole('link', { name: 'Orders', exact: true }).click();
      await page.getByTestId('language-switch').click();
      await page.getByRole('heading', { name: 'الطلبات' }).waitFor();
      const root = async () =>
        page.evaluate(() => {
          const html = (globalThis as any).document.documentElement;
          return { lang: html.lang, dir: html.dir };
        });
      expect(await root()).toEqual({ lang: 'ar', dir: 'rtl' });
      await page.reload();
      await page.getByRole('heading', { name: 'الطلبات' }).waitFor();
      expect(await root()).toEqual({ lang: 'ar', dir: 'rtl' });
      // Numbers and money in the locale's digits.
      const kuwaitTotal = await page.locator(`tr[data-order-id="${ids.kuwait}"] .total`).textContent();
      expect(kuwaitTotal).toMatch(/١٢٫٣٤٥/);
      await expectNoJson();
      await shot('ar-orders');
      const pages: [string, string, string][] = [
        [`/orders/${sallaOrderId}`, 'ar-order-detail', 'السجل'],
        ['/orders/new', 'ar-create-form', 'طلب جديد'],
        ['/integrations', 'ar-integrations', 'التكاملات'],
        ['/webhooks', 'ar-webhooks', 'Webhooks'],
        ['/keys', 'ar-keys', 'مفاتيح API'],
        [`/print?ids=${sallaOrderId}`, 'ar-print', 'قائمة التعبئة'],
      ];
      for (const [path, name, heading] of pages) {
        await page.goto(`${app.url}${path}`);
        await page.getByRole('heading', { name: heading }).first().waitFor();
        await page.locator('.state-loading').first().waitFor({ state: 'detached' });
        await expectNoJson();
        await shot(name);
      }
      // The connected install of the online shop, in Arabic.
      await page.evaluate(
        (id) => (globalThis as any).sessionStorage.setItem('linkit.organizationId', id),
        shop.organizationId,
      );
      await page.goto(`${app.url}/integrations`);
      await page.getByTestId('sync-state').first().getByText('جاهزة').waitFor();
      await expectNoJson();
      await shot('ar-integrations-sync');
      await page.evaluate(() => (globalThis as any).sessionStorage.removeItem('linkit.organizationId'));
      await page.goto(`${app.url}/orders`);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator('tbody tr[data-order-id]').first().waitFor();
      await shot('ar-orders-phone');
      await page.setViewportSize({ width: 1280, height: 800 });
      // The Salla order in Arabic: the option reads "المقاس: L", the history names the store.
      await page.goto(`${app.url}/orders/${sallaOrderId}`);
      await page.getByTestId('variant').first().getByText('المقاس: L').waitFor();
      await page.locator('.timeline').getByText('وصل الطلب من متجر Salla «Salla main store»').waitFor();
      await page.getByTestId('language-switch').click();
      await page.getByRole('heading', { name: 'History' }).waitFor();
      expect(await root()).toEqual({ lang: 'en', dir: 'ltr' });
    },
    STEP_TIMEOUT * 2,
  );
});
