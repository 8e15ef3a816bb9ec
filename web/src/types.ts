/** @module Shapes of the API answers the dashboard reads (see /api/v1/openapi.json). */

export interface ProductLine {
  product_id: string | null;
  sku: string | null;
  name: string;
  quantity: number;
  price: number;
  total: number | null;
  thumbnail: string | null;
  variant: Record<string, unknown> | null;
}

export interface ShippingAddress {
  name?: string | null;
  phone?: string | null;
  line1?: string | null;
  line2?: string | null;
  district?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
}

export interface Order {
  id: string;
  organization_id: string;
  source_reference: string | null;
  source_transaction_id: string | null;
  source_timestamp: string | null;
  destination_id: string | null;
  destination_reference: string | null;
  order_status: string;
  fulfillment_status: string;
  payment_status: string;
  fulfillment_method: string | null;
  payment_method: string | null;
  currency: string;
  total_amount: number;
  discounts_amount: number | null;
  vat_amount: number | null;
  customer_name: string | null;
  customer_phone: string | null;
  customer_email: string | null;
  receiver_name: string | null;
  receiver_phone: string | null;
  skus: string[];
  products: ProductLine[];
  shipping_address: ShippingAddress | null;
  order_code: string | null;
  order_type: string | null;
  transport_type: string | null;
  comment: string | null;
  promised_for: string | null;
  is_preorder: boolean;
  delivery_fee: number | null;
  service_fee: number | null;
  subtotal: number | null;
  store_name: string | null;
  dispatch_routing: Record<string, unknown> | null;
  shipping_fulfillment: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
}

export interface OrderSnapshot {
  organization_app_id: string | null;
  app_slug: string | null;
  order: Order;
}

export interface Pagination {
  page: number;
  per_page: number;
  total_items: number;
  total_pages: number;
  has_next: boolean;
  has_prev: boolean;
  next_cursor?: string | null;
}

export interface OrdersListed {
  orders: OrderSnapshot[];
  pagination: Pagination;
}

export interface HistoryEvent {
  id: string;
  event_type: string;
  occurred_at: string;
  version: number;
  actor: { api_key_id: string | null; account_id: string | null; app_id: string | null };
  changes: Record<string, { from: unknown; to: unknown }> | null;
  stock_movements: { kind: string; sku: string; destination_id: string | null; quantity: number }[];
}

export interface OrderHistory {
  deleted: boolean;
  events: HistoryEvent[];
  has_more: boolean;
}

export interface BulkResult {
  succeeded: number;
  failed: number;
  errors: Record<string, string>;
}

export interface Membership {
  id: string;
  name: string;
  role: string;
}

export interface Me {
  account: { id: string; email: string | null; name: string | null };
  api_key: { id: string; scopes: string[] };
  organization: Membership;
  organizations: Membership[];
}

export interface Install {
  id: string;
  app_slug: string;
  name: string | null;
  destination_id: string | null;
  store_name: string | null;
  webhook_url: string;
  created_at: string;
}

export interface IntakeItem {
  id: string;
  status: string;
  error: string | null;
  vendor_order_id: string | null;
  order_id: string | null;
  channel: string;
  event_type: string | null;
  attempts: number;
  received_at: string;
  processed_at: string | null;
}

export interface WebhookSubscription {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  disabled_reason: string | null;
  created_at: string;
}

export interface WebhookDelivery {
  id: string;
  event_id: string;
  event_type: string;
  order_id: string;
  status: string;
  attempt_count: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  created_at: string;
}
