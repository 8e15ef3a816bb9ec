/** @module A page that lists one kind of resource as cards: heading, error, loading and empty states. */
import type { ReactNode } from 'react';
import { ErrorBanner, Loading } from './ui';

export function ListPage<T>(props: {
  title: string;
  description: string;
  items: T[] | null;
  error: string | null;
  reload: () => Promise<void>;
  /** Shown when the list is empty. */
  empty: ReactNode;
  render: (item: T) => ReactNode;
}) {
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{props.title}</h1>
          <p className="muted">{props.description}</p>
        </div>
      </div>
      {props.error ? <ErrorBanner message={props.error} onRetry={() => void props.reload()} /> : null}
      {!props.items && !props.error ? <Loading /> : null}
      {props.items && props.items.length === 0 ? <div className="card">{props.empty}</div> : null}
      {props.items?.map(props.render)}
    </div>
  );
}
