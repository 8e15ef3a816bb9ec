/**
 * @module A merchant's mappings of vendor statuses (custom ones included) onto the canonical
 * `order_status` / `payment_status` / `fulfillment_status`, per install. Promotion reads them; an
 * unknown status with no mapping fails its intake row until one exists (decision 0162).
 */

import type { FulfillmentStatus, OrderStatus, PaymentStatus } from '../domain/order-status.js';
import type { StatusMapping } from '../integrations/normalized-order.js';
import type { Install } from '../storage/apps-repository.js';
import type { StatusMappingRow, StatusMappingsRepository } from '../storage/status-mappings-repository.js';

export interface StatusMappingEntry {
  vendor_status: string;
  order_status: OrderStatus | null;
  payment_status: PaymentStatus | null;
  fulfillment_status: FulfillmentStatus | null;
}

function toEntry(row: StatusMappingRow): StatusMappingEntry {
  return {
    vendor_status: row.vendorStatus,
    order_status: row.orderStatus as OrderStatus | null,
    payment_status: row.paymentStatus as PaymentStatus | null,
    fulfillment_status: row.fulfillmentStatus as FulfillmentStatus | null,
  };
}

export function createStatusMappingsService(deps: {
  repository: StatusMappingsRepository;
  clock?: () => Date;
}) {
  const { repository } = deps;
  const clock = deps.clock ?? (() => new Date());
  return {
    async list(install: Install): Promise<StatusMappingEntry[]> {
      return (await repository.list(install.organizationId, install.id)).map(toEntry);
    },

    /** Replaces the install's mappings with `entries` (already validated: unique, each naming a status). */
    async replace(install: Install, entries: readonly StatusMappingEntry[]): Promise<StatusMappingEntry[]> {
      const rows = await repository.replaceAll(
        install.organizationId,
        install.id,
        entries.map((entry) => ({
          vendorStatus: entry.vendor_status,
          orderStatus: entry.order_status,
          paymentStatus: entry.payment_status,
          fulfillmentStatus: entry.fulfillment_status,
        })),
        clock(),
      );
      return rows.map(toEntry).sort((a, b) => (a.vendor_status < b.vendor_status ? -1 : 1));
    },

    /** The mappings as a normalizer reads them: by vendor status code. */
    async forNormalizing(install: Install): Promise<Record<string, StatusMapping>> {
      const rows = await repository.list(install.organizationId, install.id);
      return Object.fromEntries(
        rows.map((row) => [
          row.vendorStatus,
          {
            order_status: (row.orderStatus ?? undefined) as OrderStatus | undefined,
            payment_status: (row.paymentStatus ?? undefined) as PaymentStatus | undefined,
            fulfillment_status: (row.fulfillmentStatus ?? undefined) as FulfillmentStatus | undefined,
          },
        ]),
      );
    },
  };
}

export type StatusMappingsService = ReturnType<typeof createStatusMappingsService>;
