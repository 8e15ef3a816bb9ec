/** Stock set-up and reads for inventory tests, over the real HTTP API. */
import type { TestApp, TestTenant } from './app.js';
import { orderBody } from './orders.js';

/** Sets on hand of a SKU (at the pool unless a destination is given) and fails loudly otherwise. */
export async function setStock(
  app: TestApp,
  tenant: TestTenant,
  sku: string,
  onHand: number,
  destinationId: string | null = null,
): Promise<void> {
  const response = await app.call('PUT', `/api/v1/inventory/${encodeURIComponent(sku)}`, {
    key: tenant.key,
    body: { on_hand: onHand, destination_id: destinationId },
  });
  if (response.status !== 200) {
    throw new Error(`set stock failed: ${response.status} ${response.text}`);
  }
}

/** The SKU's stock row at a location (the pool by default). */
export async function stockOf(
  app: TestApp,
  tenant: TestTenant,
  sku: string,
  destinationId: string | null = null,
) {
  const response = await app.call('GET', `/api/v1/inventory/${encodeURIComponent(sku)}`, { key: tenant.key });
  if (response.status !== 200) {
    throw new Error(`read stock failed: ${response.status} ${response.text}`);
  }
  return response.body.data.find(
    (row: { destination_id: string | null }) => row.destination_id === destinationId,
  );
}

/** A create body whose lines are `{sku: quantity}`. */
export function bodyWithLines(lines: Record<string, number>, overrides: Record<string, unknown> = {}) {
  return orderBody({
    products: Object.entries(lines).map(([sku, quantity], index) => ({
      product_id: `prd_${index}`,
      sku,
      name: sku,
      quantity,
      price: 10,
    })),
    ...overrides,
  });
}
