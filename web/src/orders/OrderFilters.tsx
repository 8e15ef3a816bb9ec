/** @module The list's filter form: every filter of the API, the URL its state; behind a button on a phone. */
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { statusLabel } from '../format';
import { t } from '../i18n';
import { navigate, withQuery } from '../router';
import { FULFILLMENT_STATUSES, ORDER_STATUSES, PAYMENT_STATUSES } from '../workflow';
import {
  activeFilterCount,
  FILTER_NAMES,
  FILTER_SPECS,
  type FilterName,
  MORE_FILTERS,
  PRIMARY_FILTERS,
  toInstant,
  toLocalInput,
} from './filters';

const STATUS_OPTIONS: Partial<Record<FilterName, readonly string[]>> = {
  status: ORDER_STATUSES,
  payment_status: PAYMENT_STATUSES,
  fulfillment_status: FULFILLMENT_STATUSES,
};

type Draft = Record<FilterName, string>;

function FilterField({
  name,
  draft,
  setDraft,
}: {
  name: FilterName;
  draft: Draft;
  setDraft: (next: Draft) => void;
}) {
  const spec: { label: Parameters<typeof t>[0]; kind: string; placeholder?: Parameters<typeof t>[0] } =
    FILTER_SPECS[name];
  const value = draft[name];
  const set = (next: string) => setDraft({ ...draft, [name]: next });
  const id = `filter-${name}`;
  let control: ReactNode;
  if (spec.kind === 'status' || spec.kind === 'boolean') {
    const options = spec.kind === 'boolean' ? ['true', 'false'] : (STATUS_OPTIONS[name] ?? []);
    // A comma list in the URL (a saved view) is kept as one extra choice.
    const extra = value && !options.includes(value) ? [value] : [];
    control = (
      <select id={id} name={name} value={value} onChange={(event) => set(event.target.value)}>
        <option value="">{t('Any')}</option>
        {[...options, ...extra].map((option) => (
          <option key={option} value={option}>
            {spec.kind === 'boolean'
              ? option === 'true'
                ? t('Preorders only')
                : t('No preorders')
              : option.split(',').map(statusLabel).join(t(' or '))}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <input
        id={id}
        name={name}
        type={
          spec.kind === 'time'
            ? 'datetime-local'
            : spec.kind === 'number'
              ? 'number'
              : name === 'search'
                ? 'search'
                : 'text'
        }
        step={spec.kind === 'number' ? 'any' : undefined}
        placeholder={spec.placeholder ? t(spec.placeholder) : undefined}
        dir={name === 'search' ? 'auto' : undefined}
        value={value}
        onChange={(event) => set(event.target.value)}
      />
    );
  }
  return (
    <div className={`field field-${name}`}>
      <label htmlFor={id}>{t(spec.label)}</label>
      {control}
    </div>
  );
}

function draftFromQuery(query: URLSearchParams): Draft {
  return Object.fromEntries(
    FILTER_NAMES.map((name) => {
      const value = query.get(name) ?? '';
      return [name, FILTER_SPECS[name].kind === 'time' ? toLocalInput(value) : value];
    }),
  ) as Draft;
}

export function OrderFilters({ query }: { query: URLSearchParams }) {
  const [draft, setDraft] = useState(() => draftFromQuery(query));
  const [more, setMore] = useState(() => MORE_FILTERS.some((name) => query.get(name)));
  /** On a phone the form is closed until the merchant opens it (CSS shows it always on wider screens). */
  const [open, setOpen] = useState(false);
  const queryText = query.toString();
  // Back/forward or a shared link changes the URL: the form follows it.
  useEffect(() => setDraft(draftFromQuery(new URLSearchParams(queryText))), [queryText]);
  const active = activeFilterCount(query);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTER_NAMES) {
      const raw = draft[name].trim();
      const value = FILTER_SPECS[name].kind === 'time' ? toInstant(raw) : raw;
      if (value) {
        next.set(name, value);
      }
    }
    for (const keep of ['sort', 'limit']) {
      const value = query.get(keep);
      if (value) {
        next.set(keep, value);
      }
    }
    setOpen(false);
    navigate(withQuery('/orders', next));
  };
  const clear = () => {
    const next = new URLSearchParams();
    const sort = query.get('sort');
    if (sort) {
      next.set('sort', sort);
    }
    setOpen(false);
    navigate(withQuery('/orders', next));
  };

  return (
    <div className={`filters-wrap ${open ? 'open' : ''}`}>
      <button
        type="button"
        className="button filters-toggle"
        aria-expanded={open}
        aria-controls="order-filters"
        onClick={() => setOpen(!open)}
      >
        {active > 0 ? t('Filters ({count})', { count: active }) : t('Filters')}
      </button>
      <form id="order-filters" className="filters card" onSubmit={apply} aria-label={t('Filters')}>
        <div className="filters-grid">
          {PRIMARY_FILTERS.map((name) => (
            <FilterField key={name} name={name} draft={draft} setDraft={setDraft} />
          ))}
        </div>
        {more ? (
          <div className="filters-grid filters-more">
            {MORE_FILTERS.map((name) => (
              <FilterField key={name} name={name} draft={draft} setDraft={setDraft} />
            ))}
          </div>
        ) : null}
        <div className="filters-actions">
          <button type="submit" className="button button-primary">
            {t('Apply filters')}
          </button>
          <button type="button" className="button" onClick={clear} disabled={active === 0}>
            {t('Clear')}
          </button>
          <button
            type="button"
            className="button button-link"
            onClick={() => setMore(!more)}
            aria-expanded={more}
          >
            {more ? t('Fewer filters') : t('More filters')}
          </button>
        </div>
      </form>
    </div>
  );
}
