/** @module Small shared pieces: badges, states (loading, empty, error), links and the confirm dialog. */
import { type MouseEvent, type ReactNode, useState } from 'react';
import { statusLabel } from '../format';
import { t } from '../i18n';
import { navigate } from '../router';

export function StatusBadge({
  kind,
  value,
}: {
  kind: 'order' | 'payment' | 'fulfillment' | 'plain';
  value: string;
}) {
  return (
    <span className={`badge badge-${kind} badge-${value}`} data-status={value}>
      {statusLabel(value)}
    </span>
  );
}

export function Loading({ label }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('Loading…')}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children ? <div>{children}</div> : null}
    </div>
  );
}

export function ErrorBanner({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="banner banner-error" role="alert">
      <span>{message}</span>
      {onRetry ? (
        <button type="button" className="button button-small" onClick={onRetry}>
          {t('Try again')}
        </button>
      ) : null}
    </div>
  );
}

export function Notice({ children, tone = 'success' }: { children: ReactNode; tone?: 'success' | 'info' }) {
  return (
    <div className={`banner banner-${tone}`} role="status">
      {children}
    </div>
  );
}

/** An in-app link: a real `<a href>` (open in a new tab works) that navigates without a reload. */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className}>
      {children}
    </a>
  );
}

/** A value to copy (a webhook URL, a secret): shown in full, with a Copy button. */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // No clipboard permission (plain http): the value is selectable on screen.
      setCopied(false);
    }
  };
  return (
    <div className="copy-field">
      <span className="muted small">{label}</span>
      <div className="copy-row">
        <code className="break" data-testid={testId} dir="ltr">
          {value}
        </code>
        <button type="button" className="button button-small" onClick={() => void copy()}>
          {copied ? t('Copied') : t('Copy')}
        </button>
      </div>
    </div>
  );
}

export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title">
        <h2 id="dialog-title">{props.title}</h2>
        <div className="dialog-body">{props.children}</div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={props.onCancel} disabled={props.busy}>
            {t('Cancel')}
          </button>
          <button
            type="button"
            className={`button ${props.danger ? 'button-danger' : 'button-primary'}`}
            onClick={props.onConfirm}
            disabled={props.busy}
          >
            {props.busy ? t('Working…') : props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Per-item outcome of a bulk call: counts, then every failure by order id. */
export function BulkResultPanel(props: {
  action: string;
  result: { succeeded: number; failed: number; errors: Record<string, string> };
  onClose: () => void;
}) {
  const failures = Object.entries(props.result.errors);
  return (
    <section
      className={`bulk-result ${props.result.failed > 0 ? 'has-failures' : ''}`}
      aria-label={t('Bulk result')}
    >
      <div className="bulk-result-head">
        <strong>{props.action}:</strong>
        <span className="count-ok" data-testid="bulk-succeeded">
          {t('{count} succeeded', { count: props.result.succeeded })}
        </span>
        <span className="count-failed" data-testid="bulk-failed">
          {t('{count} failed', { count: props.result.failed })}
        </span>
        <button type="button" className="button button-small" onClick={props.onClose}>
          {t('Dismiss')}
        </button>
      </div>
      {failures.length > 0 ? (
        <ul className="bulk-errors">
          {failures.map(([id, message]) => (
            <li key={id}>
              <code>{id}</code> {message}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
