/**
 * @module Create (POST) and edit (PUT) an order. The API is the one validator: the form sends what was
 * typed and shows the 422 `details` next to the fields they name.
 */
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { ApiError, apiFetch, apiJson, describeError, toApiError } from '../api';
import { ErrorBanner, Link, Loading } from '../components/ui';
import { humanize } from '../format';
import { navigate } from '../router';
import { useSession } from '../session';
import type { Order, OrderSnapshot, ProductLine } from '../types';
import { ORDER_STATUSES, PAYMENT_STATUSES } from '../workflow';

interface LineDraft {
  name: string;
  sku: string;
  quantity: string;
  price: string;
  /** An edited line's stored fields the form does not show (kept as they are), and what it was. */
  original?: ProductLine;
}

const TEXT_FIELDS = ['customer_name', 'customer_email', 'customer_phone', 'store_name', 'comment'] as const;
const MONEY_FIELDS = ['subtotal', 'tax', 'discounts_amount', 'delivery_fee', 'total_amount'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type MoneyField = (typeof MONEY_FIELDS)[number];
type Draft = Record<TextField | MoneyField | 'source' | 'currency' | 'status' | 'payment_status', string>;

const EMPTY_LINE: LineDraft = { name: '', sku: '', quantity: '1', price: '' };
const LABELS: Record<string, string> = {
  customer_name: 'Customer name',
  customer_email: 'Email',
  customer_phone: 'Phone',
  store_name: 'Store',
  comment: 'Comment',
  subtotal: 'Subtotal',
  tax: 'VAT',
  discounts_amount: 'Discounts',
  delivery_fee: 'Delivery fee',
  total_amount: 'Total',
};

/**
 * Typed text → JSON value: a plain decimal becomes a JSON number (a decimal of up to 15 digits
 * survives `Number` exactly, so `12.345` KWD stays `12.345`); anything else is sent as typed, so the
 * API's 422 names the field instead of the page guessing.
 */
function amount(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function emptyDraft(): Draft {
  return {
    source: 'manual',
    currency: 'SAR',
    status: 'pending',
    payment_status: 'pending',
    customer_name: '',
    customer_email: '',
    customer_phone: '',
    store_name: '',
    comment: '',
    subtotal: '',
    tax: '',
    discounts_amount: '',
    delivery_fee: '',
    total_amount: '',
  };
}

const text = (value: number | string | null | undefined) =>
  value === null || value === undefined ? '' : String(value);

function draftFromOrder(snapshot: OrderSnapshot): { draft: Draft; lines: LineDraft[] } {
  const { order } = snapshot;
  return {
    draft: {
      source: snapshot.organization_app_id ?? 'manual',
      currency: order.currency,
      status: order.order_status,
      payment_status: order.payment_status,
      customer_name: text(order.customer_name),
      customer_email: text(order.customer_email),
      customer_phone: text(order.customer_phone),
      store_name: text(order.store_name),
      comment: text(order.comment),
      subtotal: text(order.subtotal),
      tax: text(order.vat_amount),
      discounts_amount: text(order.discounts_amount),
      delivery_fee: text(order.delivery_fee),
      total_amount: text(order.total_amount),
    },
    lines: order.products.map((line) => ({
      name: line.name ?? '',
      sku: text(line.sku),
      quantity: String(line.quantity),
      price: text(line.price),
      original: line,
    })),
  };
}

/** The fields of the stored order the form does not show: an edit (PUT replaces) must carry them. */
function untouchedFields(order: Order): Record<string, unknown> {
  const keep = [
    'source_reference',
    'source_transaction_id',
    'source_timestamp',
    'destination_id',
    'destination_reference',
    'fulfillment_status',
    'fulfillment_method',
    'payment_method',
    'receiver_name',
    'receiver_phone',
    'shipping_address',
    'order_code',
    'order_type',
    'transport_type',
    'promised_for',
    'is_preorder',
    'service_fee',
    'dispatch_routing',
    'shipping_fulfillment',
  ] as const;
  return Object.fromEntries(keep.map((field) => [field, order[field]]).filter(([, value]) => value !== null));
}

/** `name` is the API's field name: the control's id suffix, and the key of its 422 message. */
function FormField(props: { label: string; name: string; error: string | undefined; children: ReactNode }) {
  return (
    <div className={`field ${props.error ? 'has-error' : ''}`}>
      <label htmlFor={`field-${props.name}`}>{props.label}</label>
      {props.children}
      {props.error ? (
        <span className="field-error" data-error-for={props.name}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

export function OrderFormPage({ orderId }: { orderId?: string }) {
  const { session } = useSession();
  const editing = orderId !== undefined;
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [lines, setLines] = useState<LineDraft[]>([{ ...EMPTY_LINE }]);
  const [original, setOriginal] = useState<{ snapshot: OrderSnapshot; etag: string | null } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const orderPath = orderId ? `/orders/${encodeURIComponent(orderId)}` : '';

  useEffect(() => {
    if (!orderPath) {
      return;
    }
    void (async () => {
      try {
        const response = await apiFetch(session, orderPath);
        if (!response.ok) {
          throw await toApiError(response);
        }
        const snapshot = (await response.json()) as OrderSnapshot;
        const loaded = draftFromOrder(snapshot);
        setDraft(loaded.draft);
        setLines(loaded.lines);
        setOriginal({ snapshot, etag: response.headers.get('etag') });
      } catch (error) {
        setFailure(describeError(error));
      }
    })();
  }, [session, orderPath]);

  const set = (field: keyof Draft, value: string) => setDraft({ ...draft, [field]: value });
  const setLine = (index: number, field: 'name' | 'sku' | 'quantity' | 'price', value: string) =>
    setLines(lines.map((line, at) => (at === index ? { ...line, [field]: value } : line)));

  const body = () => {
    const payload: Record<string, unknown> = original ? untouchedFields(original.snapshot.order) : {};
    // An order's source never changes; an edit omits it and the API keeps the stored one.
    if (!editing) {
      payload.source = draft.source.trim();
    }
    payload.currency = draft.currency.trim().toUpperCase();
    payload.status = draft.status;
    payload.payment_status = draft.payment_status;
    for (const field of TEXT_FIELDS) {
      const value = draft[field].trim();
      if (value) {
        payload[field] = value;
      }
    }
    for (const field of MONEY_FIELDS) {
      const value = amount(draft[field]);
      if (value !== undefined) {
        payload[field] = value;
      }
    }
    payload.products = lines.map((line) => {
      const product: Record<string, unknown> = {};
      const kept = line.original;
      if (kept) {
        for (const field of ['product_id', 'thumbnail', 'variant'] as const) {
          if (kept[field] !== null) {
            product[field] = kept[field];
          }
        }
        // A stored line total may differ from price × quantity (a line discount): keep it while
        // neither changed, else let the API compute it again.
        if (
          kept.total !== null &&
          line.quantity === String(kept.quantity) &&
          line.price === text(kept.price)
        ) {
          product.total = kept.total;
        }
      }
      product.name = line.name.trim();
      product.quantity = amount(line.quantity) ?? 0;
      product.price = amount(line.price) ?? '';
      if (line.sku.trim()) {
        product.sku = line.sku.trim();
      }
      return product;
    });
    return payload;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      if (editing) {
        await apiJson(session, orderPath, {
          method: 'PUT',
          body: body(),
          headers: original?.etag ? { 'if-match': original.etag } : {},
        });
        navigate(orderPath);
      } else {
        const created = await apiJson<{ data: { id: string } }>(session, '/orders', {
          method: 'POST',
          body: body(),
        });
        navigate(`/orders/${encodeURIComponent(created.data.id)}`);
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) {
        setErrors(error.fieldMessages());
        setFailure('The order was not saved. Fix the fields marked below.');
      } else if (error instanceof ApiError && error.status === 412) {
        setFailure(
          'Someone changed this order since you opened it. Reload the page to edit the current version.',
        );
      } else {
        setFailure(describeError(error));
      }
    } finally {
      setBusy(false);
    }
  };

  if (editing && !original) {
    return <div className="page">{failure ? <ErrorBanner message={failure} /> : <Loading />}</div>;
  }
  const shown = new Set<string>([
    'source',
    'currency',
    'status',
    'payment_status',
    'products',
    ...TEXT_FIELDS,
    ...MONEY_FIELDS,
    ...lines.flatMap((_, index) =>
      ['name', 'sku', 'quantity', 'price'].map((field) => `products[${index}].${field}`),
    ),
  ]);
  const otherErrors = Object.entries(errors).filter(([field]) => !shown.has(field));

  return (
    <div className="page">
      <Link to={editing ? orderPath : '/orders'} className="back-link">
        ← {editing ? 'Order' : 'Orders'}
      </Link>
      <h1>{editing ? `Edit ${original?.snapshot.order.order_code ?? orderId}` : 'New order'}</h1>
      <form
        className="order-form"
        onSubmit={submit}
        noValidate
        aria-label={editing ? 'Edit order' : 'New order'}
      >
        {failure ? <ErrorBanner message={failure} /> : null}
        {otherErrors.length > 0 ? (
          <ul className="form-errors">
            {otherErrors.map(([field, message]) => (
              <li key={field}>
                <code>{field}</code> {message}
              </li>
            ))}
          </ul>
        ) : null}

        <section className="card">
          <h2>Customer</h2>
          <div className="form-grid">
            {(['customer_name', 'customer_email', 'customer_phone', 'store_name'] as const).map((field) => (
              <FormField key={field} label={LABELS[field] ?? field} name={field} error={errors[field]}>
                <input
                  id={`field-${field}`}
                  name={field}
                  dir="auto"
                  value={draft[field]}
                  onChange={(event) => set(field, event.target.value)}
                />
              </FormField>
            ))}
          </div>
        </section>

        <section className="card">
          <h2>Products</h2>
          {errors.products ? <p className="field-error">{errors.products}</p> : null}
          <div className="lines">
            {lines.map((line, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity until saved
              <div className="line-row" key={index}>
                {(['name', 'sku', 'quantity', 'price'] as const).map((field) => (
                  <FormField
                    key={field}
                    label={humanize(field)}
                    name={`products[${index}].${field}`}
                    error={errors[`products[${index}].${field}`]}
                  >
                    <input
                      id={`field-products[${index}].${field}`}
                      name={`products[${index}].${field}`}
                      dir={field === 'name' ? 'auto' : undefined}
                      inputMode={field === 'quantity' ? 'numeric' : field === 'price' ? 'decimal' : undefined}
                      value={line[field]}
                      onChange={(event) => setLine(index, field, event.target.value)}
                    />
                  </FormField>
                ))}
                <button
                  type="button"
                  className="button button-small button-link"
                  onClick={() => setLines(lines.filter((_, at) => at !== index))}
                  disabled={lines.length === 1}
                  aria-label={`Remove line ${index + 1}`}
                >
                  Remove
                </button>
              </div>
            ))}
          </div>
          <button
            type="button"
            className="button button-small"
            onClick={() => setLines([...lines, { ...EMPTY_LINE }])}
          >
            Add line
          </button>
        </section>

        <section className="card">
          <h2>Amounts & status</h2>
          <div className="form-grid">
            <FormField label="Currency" name="currency" error={errors.currency}>
              <input
                id="field-currency"
                name="currency"
                value={draft.currency}
                maxLength={3}
                onChange={(event) => set('currency', event.target.value)}
              />
            </FormField>
            {MONEY_FIELDS.map((field) => (
              <FormField key={field} label={LABELS[field] ?? field} name={field} error={errors[field]}>
                <input
                  id={`field-${field}`}
                  name={field}
                  inputMode="decimal"
                  value={draft[field]}
                  onChange={(event) => set(field, event.target.value)}
                />
              </FormField>
            ))}
            <FormField label="Order status" name="status" error={errors.status}>
              <select
                id="field-status"
                name="status"
                value={draft.status}
                onChange={(event) => set('status', event.target.value)}
              >
                {ORDER_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {humanize(status)}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField label="Payment" name="payment_status" error={errors.payment_status}>
              <select
                id="field-payment_status"
                name="payment_status"
                value={draft.payment_status}
                onChange={(event) => set('payment_status', event.target.value)}
              >
                {PAYMENT_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {humanize(status)}
                  </option>
                ))}
              </select>
            </FormField>
            {editing ? null : (
              <FormField label="Source" name="source" error={errors.source}>
                <input
                  id="field-source"
                  name="source"
                  value={draft.source}
                  onChange={(event) => set('source', event.target.value)}
                />
              </FormField>
            )}
          </div>
          <FormField label="Comment" name="comment" error={errors.comment}>
            <textarea
              id="field-comment"
              name="comment"
              dir="auto"
              rows={3}
              value={draft.comment}
              onChange={(event) => set('comment', event.target.value)}
            />
          </FormField>
        </section>

        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save changes' : 'Create order'}
          </button>
          <Link to={editing ? orderPath : '/orders'} className="button">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
