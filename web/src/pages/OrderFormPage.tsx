/**
 * @module Create (POST) and edit (PUT) an order. The API is the one validator: the form sends what was
 * typed and shows the 422 `details` next to the fields they name. An edit starts from every stored
 * field (web/src/order-body.ts), so fields the form does not show are kept, whatever they are.
 */
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { ApiError, apiJson, describeError } from '../api';
import { ErrorBanner, Link, Loading } from '../components/ui';
import { statusLabel } from '../format';
import { fieldLabel } from '../history';
import { type MessageKey, t } from '../i18n';
import { replaceBody, storedLine } from '../order-body';
import { navigate } from '../router';
import { useSession } from '../session';
import type { OrderSnapshot, ProductLine } from '../types';
import { useResource } from '../use-resource';
import { ORDER_STATUSES, PAYMENT_STATUSES } from '../workflow';

interface LineDraft {
  name: string;
  sku: string;
  quantity: string;
  price: string;
  /** An edited line as stored: its other fields (product id, image, options) are kept. */
  original?: ProductLine;
}

/** The body's own names (the payload's), so a 422 names the field the form shows. */
const TEXT_FIELDS = ['customer_name', 'customer_email', 'customer_phone', 'store_name', 'comment'] as const;
const MONEY_FIELDS = ['subtotal', 'vat_amount', 'discounts_amount', 'delivery_fee', 'total_amount'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type MoneyField = (typeof MONEY_FIELDS)[number];
type Draft = Record<
  TextField | MoneyField | 'source' | 'currency' | 'order_status' | 'payment_status',
  string
>;
const LINE_FIELDS = ['name', 'sku', 'quantity', 'price'] as const;
const LINE_LABELS: Record<(typeof LINE_FIELDS)[number], MessageKey> = {
  name: 'Name',
  sku: 'SKU',
  quantity: 'Quantity',
  price: 'Price',
};

const EMPTY_LINE: LineDraft = { name: '', sku: '', quantity: '1', price: '' };

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
    order_status: 'pending',
    payment_status: 'pending',
    customer_name: '',
    customer_email: '',
    customer_phone: '',
    store_name: '',
    comment: '',
    subtotal: '',
    vat_amount: '',
    discounts_amount: '',
    delivery_fee: '',
    total_amount: '',
  };
}

const text = (value: number | string | null | undefined) =>
  value === null || value === undefined ? '' : String(value);

function draftFromOrder(snapshot: OrderSnapshot): { draft: Draft; lines: LineDraft[] } {
  const { order } = snapshot;
  const draft = emptyDraft();
  draft.source = snapshot.organization_app_id ?? 'manual';
  draft.currency = order.currency;
  draft.order_status = order.order_status;
  draft.payment_status = order.payment_status;
  for (const field of [...TEXT_FIELDS, ...MONEY_FIELDS]) {
    draft[field] = text(order[field]);
  }
  return {
    draft,
    lines: order.products.map((line) => ({
      name: line.name ?? '',
      sku: text(line.sku),
      quantity: String(line.quantity),
      price: text(line.price),
      original: line,
    })),
  };
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
  const orderPath = orderId ? `/orders/${encodeURIComponent(orderId)}` : '';
  const stored = useResource<OrderSnapshot>(editing ? orderPath : null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [lines, setLines] = useState<LineDraft[]>([{ ...EMPTY_LINE }]);
  const [loaded, setLoaded] = useState(!editing);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The stored order fills the form once; later reloads must not overwrite what is being typed.
  useEffect(() => {
    if (stored.data && !loaded) {
      const next = draftFromOrder(stored.data);
      setDraft(next.draft);
      setLines(next.lines);
      setLoaded(true);
    }
  }, [stored.data, loaded]);

  const set = (field: keyof Draft, value: string) => setDraft({ ...draft, [field]: value });
  const setLine = (index: number, field: (typeof LINE_FIELDS)[number], value: string) =>
    setLines(lines.map((line, at) => (at === index ? { ...line, [field]: value } : line)));

  const body = () => {
    const shown: Record<string, unknown> = {
      currency: draft.currency.trim().toUpperCase(),
      order_status: draft.order_status,
      payment_status: draft.payment_status,
    };
    for (const field of TEXT_FIELDS) {
      // Emptied on the form = cleared (undefined removes it from the body).
      shown[field] = draft[field].trim() || undefined;
    }
    for (const field of MONEY_FIELDS) {
      shown[field] = amount(draft[field]);
    }
    shown.products = lines.map((line) => {
      const kept = line.original;
      const product: Record<string, unknown> = kept ? { ...storedLine(kept) } : {};
      // A stored line total may differ from price × quantity (a line discount): keep it while neither
      // changed, else let the API compute it again.
      if (kept && !(line.quantity === String(kept.quantity) && line.price === text(kept.price))) {
        delete product.total;
      }
      product.name = line.name.trim();
      product.quantity = amount(line.quantity) ?? 0;
      product.price = amount(line.price) ?? '';
      if (line.sku.trim()) {
        product.sku = line.sku.trim();
      } else {
        delete product.sku;
      }
      return product;
    });
    if (stored.data) {
      // An order's source never changes; an edit omits it and the API keeps the stored one.
      return replaceBody(stored.data.order, shown);
    }
    const created = Object.fromEntries(Object.entries(shown).filter(([, value]) => value !== undefined));
    return { source: draft.source.trim(), ...created };
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
          headers: stored.etag ? { 'if-match': stored.etag } : {},
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
        setFailure(t('The order was not saved. Fix the fields marked below.'));
      } else if (error instanceof ApiError && error.status === 412) {
        setFailure(
          t('Someone changed this order since you opened it. Reload the page to edit the current version.'),
        );
      } else {
        setFailure(describeError(error));
      }
    } finally {
      setBusy(false);
    }
  };

  if (editing && !loaded) {
    return (
      <div className="page">
        {stored.error ? <ErrorBanner message={describeError(stored.error)} /> : <Loading />}
      </div>
    );
  }
  const shownNames = new Set<string>([
    'source',
    'currency',
    'order_status',
    'payment_status',
    'products',
    ...TEXT_FIELDS,
    ...MONEY_FIELDS,
    ...lines.flatMap((_, index) => LINE_FIELDS.map((field) => `products[${index}].${field}`)),
  ]);
  const otherErrors = Object.entries(errors).filter(([field]) => !shownNames.has(field));
  const code = stored.data?.order.order_code ?? orderId;

  return (
    <div className="page">
      <Link to={editing ? orderPath : '/orders'} className="back-link">
        {editing ? t('← Order') : t('← Orders')}
      </Link>
      <h1>{editing ? t('Edit {code}', { code: code ?? '' }) : t('New order')}</h1>
      <form
        className="order-form"
        onSubmit={submit}
        noValidate
        aria-label={editing ? t('Edit order') : t('New order')}
      >
        {failure ? <ErrorBanner message={failure} /> : null}
        {otherErrors.length > 0 ? (
          <ul className="form-errors">
            {otherErrors.map(([field, message]) => (
              <li key={field}>
                {fieldLabel(field)}: {message}
              </li>
            ))}
          </ul>
        ) : null}

        <section className="card">
          <h2>{t('Customer')}</h2>
          <div className="form-grid">
            {(['customer_name', 'customer_email', 'customer_phone', 'store_name'] as const).map((field) => (
              <FormField key={field} label={fieldLabel(field)} name={field} error={errors[field]}>
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
          <h2>{t('Products')}</h2>
          {errors.products ? <p className="field-error">{errors.products}</p> : null}
          <div className="lines">
            {lines.map((line, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity until saved
              <div className="line-row" key={index}>
                {LINE_FIELDS.map((field) => (
                  <FormField
                    key={field}
                    label={t(LINE_LABELS[field])}
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
                  aria-label={t('Remove line {number}', { number: index + 1 })}
                >
                  {t('Remove')}
                </button>
              </div>
            ))}
          </div>
          <button
            type="button"
            className="button button-small"
            onClick={() => setLines([...lines, { ...EMPTY_LINE }])}
          >
            {t('Add line')}
          </button>
        </section>

        <section className="card">
          <h2>{t('Amounts & status')}</h2>
          <div className="form-grid">
            <FormField label={t('Currency')} name="currency" error={errors.currency}>
              <input
                id="field-currency"
                name="currency"
                dir="ltr"
                value={draft.currency}
                maxLength={3}
                onChange={(event) => set('currency', event.target.value)}
              />
            </FormField>
            {MONEY_FIELDS.map((field) => (
              <FormField key={field} label={fieldLabel(field)} name={field} error={errors[field]}>
                <input
                  id={`field-${field}`}
                  name={field}
                  inputMode="decimal"
                  value={draft[field]}
                  onChange={(event) => set(field, event.target.value)}
                />
              </FormField>
            ))}
            <FormField label={t('Order status')} name="order_status" error={errors.order_status}>
              <select
                id="field-order_status"
                name="order_status"
                value={draft.order_status}
                onChange={(event) => set('order_status', event.target.value)}
              >
                {ORDER_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {statusLabel(status)}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField label={t('Payment')} name="payment_status" error={errors.payment_status}>
              <select
                id="field-payment_status"
                name="payment_status"
                value={draft.payment_status}
                onChange={(event) => set('payment_status', event.target.value)}
              >
                {PAYMENT_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {statusLabel(status)}
                  </option>
                ))}
              </select>
            </FormField>
          </div>
          <FormField label={t('Comment')} name="comment" error={errors.comment}>
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
            {busy ? t('Saving…') : editing ? t('Save changes') : t('Create order')}
          </button>
          <Link to={editing ? orderPath : '/orders'} className="button">
            {t('Cancel')}
          </Link>
        </div>
      </form>
    </div>
  );
}
