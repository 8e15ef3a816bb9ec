/**
 * @module Structured order fields (variant options, fulfillment, dispatch routing) rendered for people:
 * labelled values, links, dates in the reader's locale. Never JSON: a value of an unknown shape is
 * still shown as labelled fields, nested as deep as it goes.
 */
import type { ReactNode } from 'react';
import { formatDateTime, humanize } from '../format';
import { type MessageKey, t } from '../i18n';

/** Labels of the keys the normalizers write (see src/integrations/*.ts); others are humanized. */
const KEY_LABELS: Record<string, MessageKey> = {
  carrier: 'Carrier',
  company: 'Carrier',
  shipment_id: 'Shipment',
  tracking_number: 'Tracking number',
  tracking: 'Tracking number',
  tracking_link: 'Tracking link',
  tracking_url: 'Tracking link',
  shipping_method: 'Shipping method',
  shipped_at: 'Shipped',
  delivered_at: 'Delivered',
  cancelled_at: 'Cancelled',
  completed_at: 'Completed',
  fulfillments: 'Shipments',
  state: 'State',
  key: 'Reference',
  branch: 'Branch',
  driver: 'Driver',
  zone: 'Zone',
  size: 'Size',
  colour: 'Colour',
  color: 'Colour',
};

export function keyLabel(key: string): string {
  const known = KEY_LABELS[key];
  return known ? t(known) : humanize(key);
}

const isUrl = (value: string) => /^https?:\/\/\S+$/i.test(value);
const isTime = (key: string, value: string) =>
  (/_at$|_time$|^date$/.test(key) || /^\d{4}-\d\d-\d\dT/.test(value)) && !Number.isNaN(Date.parse(value));

function scalar(key: string, value: unknown): ReactNode {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  if (typeof value === 'boolean') {
    return value ? t('Yes') : t('No');
  }
  if (typeof value === 'string' && isUrl(value)) {
    return (
      <a href={value} target="_blank" rel="noreferrer noopener" className="break">
        {key.includes('tracking') ? t('Track shipment') : value}
      </a>
    );
  }
  if (typeof value === 'string' && isTime(key, value)) {
    return formatDateTime(value);
  }
  return <bdi>{String(value)}</bdi>;
}

function entriesOf(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).filter(([, item]) => item !== null && item !== undefined && item !== '');
}

/** A labelled list of an object's fields; nested objects and lists become nested lists. */
export function StructuredFields({ value, empty }: { value: unknown; empty?: string }): ReactNode {
  if (
    value === null ||
    value === undefined ||
    (typeof value === 'object' && entriesOf(value as object as Record<string, unknown>).length === 0)
  ) {
    return <p className="muted">{empty ?? t('None.')}</p>;
  }
  if (Array.isArray(value)) {
    return (
      <ol className="structured-list">
        {value.map((item, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a position in a vendor list is its identity
          <li key={index}>
            {typeof item === 'object' && item !== null ? <StructuredFields value={item} /> : scalar('', item)}
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value !== 'object') {
    return <span>{scalar('', value)}</span>;
  }
  return (
    <dl className="kv-list structured">
      {entriesOf(value as Record<string, unknown>).map(([key, item]) => (
        <div className="kv" key={key} data-key={key}>
          <dt>{keyLabel(key)}</dt>
          <dd dir="auto">
            {typeof item === 'object' && item !== null ? (
              <StructuredFields value={item} />
            ) : (
              scalar(key, item)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function optionText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'object') {
    const named = value as { name?: unknown; value?: unknown; label?: unknown };
    return optionText(named.name ?? named.label ?? named.value ?? '');
  }
  return String(value);
}

/**
 * A product line's variant as "Size: L · Colour: Black". Salla sends `{options: [{name, value: {name}}]}`;
 * other sources a flat `{size: 'L'}`. Each pair is isolated (`<bdi>`) so Arabic names keep their order.
 */
export function variantPairs(variant: Record<string, unknown> | null | undefined): [string, string][] {
  if (!variant) {
    return [];
  }
  const options = (variant as { options?: unknown }).options;
  if (Array.isArray(options)) {
    return options
      .map((option): [string, string] => {
        if (option && typeof option === 'object') {
          const { name, value } = option as { name?: unknown; value?: unknown };
          return [optionText(name), optionText(value)];
        }
        return ['', optionText(option)];
      })
      .filter(([, value]) => value !== '');
  }
  return entriesOf(variant).map(([key, value]): [string, string] => [
    keyLabel(key),
    typeof value === 'object'
      ? variantPairs(value as Record<string, unknown>)
          .map((pair) => pair.join(': '))
          .join(', ')
      : optionText(value),
  ]);
}

export function VariantText({ variant }: { variant: Record<string, unknown> | null | undefined }) {
  const pairs = variantPairs(variant);
  if (pairs.length === 0) {
    return null;
  }
  return (
    <div className="muted small variant" data-testid="variant">
      {pairs.map(([name, value], index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an option's position is its identity on the line
        <span key={`${name}-${index}`}>
          {index > 0 ? ' · ' : ''}
          <bdi>{name ? `${name}: ${value}` : value}</bdi>
        </span>
      ))}
    </div>
  );
}

/** Fulfillment as carrier, tracking number (a link when there is one), shipped and delivered times. */
export function FulfillmentSummary({ value }: { value: Record<string, unknown> | null }) {
  if (!value || entriesOf(value).length === 0) {
    return <p className="muted">{t('Not shipped yet.')}</p>;
  }
  const text = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : null);
  const link = text('tracking_link') ?? text('tracking_url');
  const number = text('tracking_number');
  const known = new Set([
    'carrier',
    'tracking_number',
    'tracking_link',
    'tracking_url',
    'shipped_at',
    'delivered_at',
  ]);
  const rest = Object.fromEntries(entriesOf(value).filter(([key]) => !known.has(key)));
  return (
    <div className="fulfillment" data-testid="fulfillment">
      <dl className="kv-list">
        {text('carrier') ? (
          <div className="kv">
            <dt>{t('Carrier')}</dt>
            <dd dir="auto">{text('carrier')}</dd>
          </div>
        ) : null}
        {number || link ? (
          <div className="kv">
            <dt>{t('Tracking number')}</dt>
            <dd>
              {link ? (
                <a href={link} target="_blank" rel="noreferrer noopener" data-testid="tracking-link">
                  {number ?? t('Track shipment')}
                </a>
              ) : (
                <bdi>{number}</bdi>
              )}
            </dd>
          </div>
        ) : null}
        {text('shipped_at') ? (
          <div className="kv">
            <dt>{t('Shipped')}</dt>
            <dd>{formatDateTime(text('shipped_at'))}</dd>
          </div>
        ) : null}
        {text('delivered_at') ? (
          <div className="kv">
            <dt>{t('Delivered')}</dt>
            <dd>{formatDateTime(text('delivered_at'))}</dd>
          </div>
        ) : null}
      </dl>
      {Object.keys(rest).length > 0 ? <StructuredFields value={rest} /> : null}
    </div>
  );
}
