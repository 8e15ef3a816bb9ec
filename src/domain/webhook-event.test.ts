import { describe, expect, it } from 'vitest';
import { renderWebhookEvent, type WebhookEventSource } from './webhook-event.js';

const snapshot = JSON.stringify({
  id: 'r0123456789abcdef',
  order_status: 'confirmed',
  payment_status: 'paid',
  fulfillment_status: 'unfulfilled',
});

const event = (overrides: Partial<WebhookEventSource> = {}): WebhookEventSource => ({
  id: 'evt_0123456789abcdef',
  organization_id: 'org_1',
  organization_app_id: null,
  app_slug: null,
  event_type: 'order.created',
  order_version: 1,
  occurred_at_nanos: 1_713_694_200_123_456_000n,
  changes: null,
  snapshot,
  ...overrides,
});

describe('renderWebhookEvent', () => {
  it('renders the contract envelope around the stored snapshot, as valid JSON', () => {
    expect(JSON.parse(renderWebhookEvent(event()))).toEqual({
      spec_version: '2026-04-01',
      event_id: 'evt_0123456789abcdef',
      event_type: 'order.created',
      occurred_at: '2024-04-21T10:10:00.123456000Z',
      organization_id: 'org_1',
      organization_app_id: null,
      app_slug: null,
      order_version: 1,
      order: JSON.parse(snapshot),
    });
  });

  it('adds the previous statuses to a status change, changed ones from the event, others as they are', () => {
    const body = JSON.parse(
      renderWebhookEvent(
        event({
          event_type: 'order.status_changed',
          organization_app_id: 'app_1',
          app_slug: 'salla-orders',
          changes: {
            order_status: { from: 'pending', to: 'confirmed' },
            payment_status: { from: 'pending', to: 'paid' },
          },
        }),
      ),
    );
    expect(body.previous).toEqual({
      order_status: 'pending',
      payment_status: 'pending',
      fulfillment_status: 'unfulfilled',
    });
    expect(body.app_slug).toBe('salla-orders');
  });

  it('has no previous block for other event types', () => {
    const body = JSON.parse(renderWebhookEvent(event({ event_type: 'order.updated', changes: {} })));
    expect(body).not.toHaveProperty('previous');
  });
});
