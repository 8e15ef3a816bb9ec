/** @module Request and response schemas of app installs and their intake feed. */
import { type TSchema, Type } from '@sinclair/typebox';
import { APP_SLUGS } from '../../domain/app-catalog.js';
import { INTAKE_STATUSES } from '../../domain/intake.js';
import {
  FulfillmentStatusSchema,
  OrderStatusSchema,
  PaymentStatusSchema,
} from '../../domain/order-payload.js';
import { Nullable, OptionalNullable } from './common.js';
import { PaginationBlock } from './envelope.js';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const InstallConfig = Type.Object(
  {
    default_currency: OptionalNullable(
      Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency for payloads without one' }),
    ),
  },
  { additionalProperties: false },
);

export const InstallCreateBody = Type.Object(
  {
    app_slug: Type.Union(
      APP_SLUGS.map((slug) => Type.Literal(slug)),
      { description: 'Catalog app' },
    ),
    name: OptionalNullable(Text(200)),
    destination_id: OptionalNullable(Text(200)),
    store_name: OptionalNullable(Text(500)),
    config: Type.Optional(InstallConfig),
    credentials: Type.Optional(
      Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 4096 }), {
        description:
          'Install and connect in one call: the vendor API credentials, as `PUT /api/v1/apps/{install_id}/credentials` takes them (checked, sealed, never returned). A refused set installs nothing.',
      }),
    ),
    base_url: OptionalNullable(
      Type.String({
        maxLength: 2000,
        description:
          "The vendor API's address, as the credentials route takes it: only where the operator allows overrides (required for the OMS). null or absent: the vendor's own.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const InstallUpdateBody = Type.Object(
  {
    name: OptionalNullable(Text(200)),
    destination_id: OptionalNullable(Text(200)),
    store_name: OptionalNullable(Text(500)),
    config: Type.Optional(InstallConfig),
  },
  { additionalProperties: false },
);

export const InstallIdParams = Type.Object({ install_id: Type.String({ minLength: 1, maxLength: 100 }) });

export const IntakeItemParams = Type.Object({
  install_id: Type.String({ minLength: 1, maxLength: 100 }),
  intake_id: Type.String({ minLength: 1, maxLength: 100 }),
});

export const InstallView = Type.Object({
  id: Type.String({ description: 'Install id: what orders from this app store as `source`' }),
  app_slug: Type.String(),
  name: Nullable(Type.String()),
  destination_id: Nullable(Type.String()),
  store_name: Nullable(Type.String()),
  config: Type.Object({}, { additionalProperties: true }),
  webhook_url: Type.String({ description: 'Path that receives this install’s signed vendor webhooks' }),
  created_at: Type.String({ format: 'date-time' }),
});

export const InstallCreated = Type.Object({
  success: Type.Literal(true),
  data: Type.Composite([
    InstallView,
    Type.Object({ webhook_secret: Type.String({ description: 'Shown only in this response' }) }),
  ]),
});

export const InstallResponse = Type.Object({ success: Type.Literal(true), data: InstallView });
export const InstallList = Type.Object({ success: Type.Literal(true), data: Type.Array(InstallView) });

export const IntakeItem = Type.Object({
  id: Type.String(),
  status: Type.Union(INTAKE_STATUSES.map((status) => Type.Literal(status))),
  error: Nullable(Type.String({ description: 'Why the payload was not promoted' })),
  vendor_order_id: Nullable(Type.String()),
  order_id: Nullable(Type.String({ description: 'The unified order it was promoted into' })),
  channel: Type.String({ description: '`api` or `webhook`' }),
  event_type: Nullable(Type.String()),
  attempts: Type.Integer(),
  received_at: Type.String({ format: 'date-time' }),
  processed_at: Nullable(Type.String({ format: 'date-time' })),
});

export const IntakeReceived = Type.Object({
  success: Type.Literal(true),
  data: Type.Object({
    received: Type.Integer(),
    promoted: Type.Integer(),
    failed: Type.Integer(),
    items: Type.Array(IntakeItem),
  }),
});

export const IntakeListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union(INTAKE_STATUSES.map((status) => Type.Literal(status)))),
    page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

export const IntakeList = Type.Object({
  success: Type.Literal(true),
  data: Type.Array(IntakeItem),
  pagination: PaginationBlock,
});

export const IntakeItemResponse = Type.Object({ success: Type.Literal(true), data: IntakeItem });

export const WebhookAccepted = Type.Object({
  received: Type.Literal(true),
  intake_id: Type.String(),
  status: Type.String(),
});

const nullableStatus = <T extends TSchema>(schema: T, description: string) =>
  Type.Optional(Type.Union([schema, Type.Null()], { description }));

/** One vendor status mapped onto canonical statuses (decision 0162). */
export const StatusMappingEntry = Type.Object(
  {
    vendor_status: Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'The status code at the source, as `source_status.code` (or `parent_code`) shows it: a Salla slug or ' +
        'customized status id, a WooCommerce status, a Zid status code',
    }),
    order_status: nullableStatus(OrderStatusSchema, 'Canonical order status it means'),
    payment_status: nullableStatus(PaymentStatusSchema, 'Payment status it means (null: the source decides)'),
    fulfillment_status: nullableStatus(FulfillmentStatusSchema, 'Fulfillment status it means'),
  },
  { additionalProperties: false },
);

export const StatusMappingsBody = Type.Object(
  { mappings: Type.Array(StatusMappingEntry, { maxItems: 500, description: 'The whole set: replaces it' }) },
  { additionalProperties: false },
);

const StatusMappingView = Type.Object({
  vendor_status: Type.String(),
  order_status: Type.Union([OrderStatusSchema, Type.Null()]),
  payment_status: Type.Union([PaymentStatusSchema, Type.Null()]),
  fulfillment_status: Type.Union([FulfillmentStatusSchema, Type.Null()]),
});

export const StatusMappingsResponse = Type.Object({
  success: Type.Literal(true),
  data: Type.Array(StatusMappingView),
});
