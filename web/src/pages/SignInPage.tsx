import { type FormEvent, useState } from 'react';
import { ErrorBanner } from '../components/ui';

export function SignInPage({ onSignIn, error }: { onSignIn: (key: string) => void; error: string | null }) {
  const [key, setKey] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim()) {
      onSignIn(key.trim());
    }
  };
  return (
    <div className="signin">
      <form className="card signin-card" onSubmit={submit}>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            L
          </span>
          Linkit Orders
        </div>
        <h1>Sign in</h1>
        <p className="muted">
          Paste an API key. The first start of the service prints an owner key; more come from{' '}
          <code>npx linkit key create</code>. The key stays in this tab only (session storage).
        </p>
        {error ? <ErrorBanner message={error} /> : null}
        <label className="field">
          <span>API key</span>
          <input
            name="api-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            onChange={(event) => setKey(event.target.value)}
            placeholder="lk_…"
          />
        </label>
        <button type="submit" className="button button-primary button-block" disabled={!key.trim()}>
          Sign in
        </button>
      </form>
    </div>
  );
}
