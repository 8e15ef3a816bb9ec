/**
 * @module The unified order as the ledger stores it: the fields a writer decides, and the record the
 * ledger keeps. Its contract form is `order-payload.ts`; `order-render.ts` turns one into the other.
 * Field names are the contract's.
 */
import type { FulfillmentStatus, OrderStatus, PaymentStatus } from './order-status.js';

/** A line item as stored: money as decimal strings. */
export interface ProductLine {
  product_id: string | null;
  sku: string | null;
  name: string | null;
  quantity: number;
  price: string | null;
  total: string | null;
  thumbnail: string | null;
  variant: Record<string, unknown> | null;
}

export interface ShippingAddress {
  name: string | null;
  phone: string | null;
  line1: string | null;
  line2: string | null;
  district: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
}

export const SHIPPING_ADDRESS_FIELDS = [
  'name',
  'phone',
  'line1',
  'line2',
  'district',
  'city',
  'state',
  'postal_code',
  'country',
] as const satisfies ReadonlyArray<keyof ShippingAddress>;

/** Everything about an order that a writer decides; money as exact decimal strings. */
export interface OrderFields {
  source_reference: string | null;
  source_transaction_id: string | null;
  source_timestamp: Date | null;
  destination_id: string | null;
  destination_reference: string | null;
  order_status: OrderStatus;
  fulfillment_status: FulfillmentStatus;
  payment_status: PaymentStatus;
  fulfillment_method: string | null;
  payment_method: string | null;
  currency: string;
  total_amount: string;
  discounts_amount: string | null;
  vat_amount: string | null;
  customer_name: string | null;
  customer_phone: string | null;
  customer_email: string | null;
  receiver_name: string | null;
  receiver_phone: string | null;
  products: ProductLine[];
  shipping_address: ShippingAddress | null;
  order_code: string | null;
  order_type: string | null;
  transport_type: string | null;
  comment: string | null;
  promised_for: Date | null;
  is_preorder: boolean;
  delivery_fee: string | null;
  service_fee: string | null;
  subtotal: string | null;
  store_name: string | null;
  dispatch_routing: Record<string, unknown> | null;
  shipping_fulfillment: Record<string, unknown> | null;
  /** The buyer's id at the source, when an integration knows it; not part of the payload. */
  source_customer_id?: string | null;
}

/** A stored order: the writer's fields plus what the ledger assigns. */
export interface OrderRecord extends OrderFields {
  id: string;
  organization_id: string;
  order_seq: number;
  order_number: string;
  /** `manual`, `api` or an install id. */
  source: string;
  app_slug: string | null;
  skus: string[];
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  version: number;
}

/** What the ledger assigns to a new order beside the writer's fields. */
export type NewOrderAssignments = Pick<
  OrderRecord,
  'id' | 'organization_id' | 'order_seq' | 'order_number' | 'source' | 'app_slug' | 'created_at'
>;

/** Sku codes of the lines, in line order, each once. */
export function skusOf(products: readonly ProductLine[]): string[] {
  return [...new Set(products.map((line) => line.sku).filter((sku): sku is string => Boolean(sku)))];
}
