/** @module Request and response schemas of pull connectors: credentials, sync state, sync requests. */
import { Type } from '@sinclair/typebox';
import { Nullable, OptionalNullable } from './common.js';

const Instant = Type.String({ format: 'date-time' });

export const CredentialsBody = Type.Object(
  {
    credentials: Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 4096 }), {
      description:
        'What the vendor API needs (Salla: access_token, refresh_token, client_id, client_secret; Syncaty: token, store_id; Orbitkit and OMS: api_key). Stored sealed; never returned.',
    }),
    base_url: OptionalNullable(
      Type.String({
        maxLength: 2000,
        description:
          "The vendor API's address: only where the operator allows overrides (and required for the OMS). null: the vendor's own.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const SyncRequestBody = Type.Object(
  {
    from: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Backfill orders placed from this instant (RFC 3339); omit for incremental',
      }),
    ),
  },
  { additionalProperties: false },
);

export const SyncSettingsBody = Type.Object(
  {
    schedule_minutes: OptionalNullable(
      Type.Integer({
        minimum: 1,
        maximum: 10_080,
        description: 'Incremental sync every N minutes; null: off',
      }),
    ),
    overlap_minutes: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 43_200,
        description: 'How far before the last run an incremental run re-reads',
      }),
    ),
  },
  { additionalProperties: false },
);

export const SyncView = Type.Object({
  install_id: Type.String(),
  app_slug: Type.String(),
  state: Type.Union([
    Type.Literal('idle'),
    Type.Literal('running'),
    Type.Literal('backing_off'),
    Type.Literal('failing'),
  ]),
  credentials_set: Type.Boolean(),
  credential_fields: Type.Array(Type.String()),
  base_url: Nullable(Type.String()),
  schedule_minutes: Nullable(Type.Number()),
  overlap_minutes: Type.Number(),
  run: Nullable(
    Type.Object({
      id: Type.String(),
      kind: Type.Union([Type.Literal('backfill'), Type.Literal('incremental')]),
      from: Nullable(Instant),
      started_at: Instant,
      phase: Type.String({ description: 'listing, catching_up, checking_removals or finishing' }),
      resumed: Type.Boolean({
        description: 'true when the run continues from a checkpoint after an interruption',
      }),
      pages: Type.Integer(),
      orders_fetched: Type.Integer(),
      orders_captured: Type.Integer({ description: 'new or changed orders stored in the intake feed' }),
      orders_promoted: Type.Integer(),
      orders_failed: Type.Integer(),
      orders_removed: Type.Integer(),
      estimated_total: Nullable(Type.Integer({ description: "the vendor's own count, when it gives one" })),
    }),
  ),
  requested: Nullable(Type.Object({ from: Nullable(Instant), at: Instant })),
  checkpoint: Nullable(Instant),
  last_success_at: Nullable(Instant),
  last_error: Nullable(Type.String()),
  last_error_at: Nullable(Instant),
  consecutive_failures: Type.Integer(),
  retry_at: Nullable(Instant),
  next_run_at: Nullable(Instant),
});

export const SyncResponse = Type.Object({
  success: Type.Literal(true),
  message: Type.Optional(Type.String()),
  timestamp: Type.String(),
  data: SyncView,
});
