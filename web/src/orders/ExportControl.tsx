/** @module Export the orders matching the list's filters and sort, as CSV, JSON lines or Excel. */
import { useState } from 'react';
import { describeError } from '../api';
import { downloadFile } from '../download';
import { t } from '../i18n';
import { useSession } from '../session';
import { exportQuery } from './filters';

export function ExportControl(props: {
  query: URLSearchParams;
  onDone: (message: string) => void;
  onError: (message: string) => void;
}) {
  const { session } = useSession();
  const [format, setFormat] = useState('csv');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const name = await downloadFile(
        session,
        `/orders/export?${exportQuery(props.query, format).toString()}`,
        `orders.${format}`,
      );
      props.onDone(t('Exported {name}', { name }));
    } catch (failure) {
      props.onError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="export">
      <select
        aria-label={t('Export format')}
        value={format}
        onChange={(event) => setFormat(event.target.value)}
      >
        <option value="csv">CSV</option>
        <option value="xlsx">Excel (XLSX)</option>
        <option value="jsonl">{t('JSON lines (for developers)')}</option>
      </select>
      <button type="button" className="button" onClick={() => void run()} disabled={busy}>
        {t('Export')}
      </button>
    </div>
  );
}
