/**
 * @module Bulk "mark as shipped": tracking numbers pasted as CSV (order, carrier, tracking number,
 * tracking link), each line fulfilled in turn with the order's ETag; every line's outcome is shown.
 */
import { useState } from 'react';
import { describeError } from '../api';
import { findOrder, fulfilOrder } from '../fulfil';
import { t } from '../i18n';
import { useSession } from '../session';
import { parseShipmentsCsv, type ShipmentLineError } from '../shipments-csv';

const reasonText = (error: ShipmentLineError) =>
  error.reason === 'missing'
    ? t('needs an order and a tracking number')
    : t('the tracking link is not a web address');

export interface ShipOutcome {
  line: number;
  reference: string;
  ok: boolean;
  message: string;
}

export function ShipDialog(props: {
  references: string[];
  onDone: (outcomes: ShipOutcome[]) => void;
  onCancel: () => void;
}) {
  const { session } = useSession();
  const [text, setText] = useState(() =>
    [
      'order,carrier,tracking_number,tracking_link',
      ...props.references.map((reference) => `${reference},,,`),
    ].join('\n'),
  );
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState(0);
  const parsed = parseShipmentsCsv(text);

  const run = async () => {
    setBusy(true);
    const outcomes: ShipOutcome[] = parsed.errors.map((error) => ({
      line: error.line,
      reference: '',
      ok: false,
      message: reasonText(error),
    }));
    let done = 0;
    for (const shipment of parsed.shipments) {
      try {
        const id = await findOrder(session, shipment.reference);
        await fulfilOrder(session, id, shipment);
        outcomes.push({
          line: shipment.line,
          reference: shipment.reference,
          ok: true,
          message: t('shipped'),
        });
      } catch (failure) {
        outcomes.push({
          line: shipment.line,
          reference: shipment.reference,
          ok: false,
          message: describeError(failure),
        });
      }
      setProgress(++done);
    }
    outcomes.sort((a, b) => a.line - b.line);
    setBusy(false);
    props.onDone(outcomes);
  };

  return (
    <div className="dialog-backdrop">
      <div className="dialog dialog-wide" role="dialog" aria-modal="true" aria-labelledby="ship-title">
        <h2 id="ship-title">{t('Mark as shipped')}</h2>
        <div className="dialog-body">
          <p className="muted">
            {t(
              'One order per line: order number, carrier, tracking number, tracking link (optional). Paste from a spreadsheet or the carrier’s file.',
            )}
          </p>
          <label className="field">
            <span>{t('Tracking numbers (CSV)')}</span>
            <textarea
              rows={8}
              className="mono"
              dir="ltr"
              spellCheck={false}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </label>
          <p className="small muted" data-testid="ship-summary">
            {t('{count} shipments ready', { count: parsed.shipments.length })}
            {parsed.errors.length > 0
              ? ` · ${t('{count} lines need fixing', { count: parsed.errors.length })}: ${parsed.errors
                  .map((error) => t('line {line}: {reason}', { line: error.line, reason: reasonText(error) }))
                  .join('; ')}`
              : ''}
          </p>
          {busy ? (
            <progress max={parsed.shipments.length} value={progress} aria-label={t('Progress')} />
          ) : null}
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={props.onCancel} disabled={busy}>
            {t('Cancel')}
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void run()}
            disabled={busy || parsed.shipments.length === 0}
          >
            {busy ? t('Working…') : t('Mark {count} as shipped', { count: parsed.shipments.length })}
          </button>
        </div>
      </div>
    </div>
  );
}
