/**
 * @module Fulfilling an order: carrier and tracking into `shipping_fulfillment`, and the status moves
 * the workflow allows toward "shipped" / "fulfilled", in one full update guarded by the order's ETag.
 */
import { apiFetch, apiJson, type Session, toApiError } from './api';
import { t } from './i18n';
import { replaceBody } from './order-body';
import type { Shipment } from './shipments-csv';
import type { Order, OrderSnapshot, OrdersListed } from './types';
import { canTransition } from './workflow';

export type { Shipment };

/** The PUT body that records `shipment` on `order` (the stored fulfillment details kept). */
export function fulfilBody(order: Order, shipment: Shipment, now = new Date()) {
  const stored = (order.shipping_fulfillment ?? {}) as Record<string, unknown>;
  const shipping_fulfillment: Record<string, unknown> = {
    ...stored,
    carrier: shipment.carrier,
    tracking_number: shipment.tracking_number,
    shipped_at: (stored.shipped_at as string | undefined) ?? now.toISOString(),
  };
  if (shipment.tracking_link) {
    shipping_fulfillment.tracking_link = shipment.tracking_link;
  }
  const changes: Record<string, unknown> = { shipping_fulfillment };
  if (order.order_status !== 'shipped' && canTransition('order_status', order.order_status, 'shipped')) {
    changes.order_status = 'shipped';
  }
  if (
    order.fulfillment_status !== 'fulfilled' &&
    canTransition('fulfillment_status', order.fulfillment_status, 'fulfilled')
  ) {
    changes.fulfillment_status = 'fulfilled';
  }
  return replaceBody(order, changes);
}

/** GET the order (for its ETag), then PUT the fulfilment with If-Match: a concurrent change is a 412. */
export async function fulfilOrder(session: Session, orderId: string, shipment: Shipment): Promise<void> {
  const path = `/orders/${encodeURIComponent(orderId)}`;
  const response = await apiFetch(session, path);
  if (!response.ok) {
    throw await toApiError(response);
  }
  const etag = response.headers.get('etag');
  const { order } = (await response.json()) as OrderSnapshot;
  await apiJson(session, path, {
    method: 'PUT',
    body: fulfilBody(order, shipment),
    headers: etag ? { 'if-match': etag } : {},
  });
}

/** The one order a reference names (its number, id or source reference), or why none. */
export async function findOrder(session: Session, reference: string): Promise<string> {
  const answer = await apiJson<OrdersListed>(
    session,
    `/orders?search=${encodeURIComponent(reference)}&limit=20`,
  );
  const exact = answer.orders.filter(
    ({ order }) =>
      order.id === reference || order.order_code === reference || order.source_reference === reference,
  );
  if (exact.length === 1 && exact[0]) {
    return exact[0].order.id;
  }
  if (exact.length === 0) {
    // An order id is not part of the search text: read it directly.
    const response = await apiFetch(session, `/orders/${encodeURIComponent(reference)}`);
    if (response.ok) {
      return reference;
    }
  }
  throw new Error(exact.length === 0 ? t('no such order') : t('more than one order has this reference'));
}
