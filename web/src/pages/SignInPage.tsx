import { type FormEvent, type ReactNode, useState } from 'react';
import { ErrorBanner } from '../components/ui';
import { t } from '../i18n';

export function SignInPage({
  onSignIn,
  error,
  languageSwitch,
}: {
  onSignIn: (key: string) => void;
  error: string | null;
  languageSwitch: ReactNode;
}) {
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
        <div className="signin-lang">{languageSwitch}</div>
        <h1>{t('Sign in')}</h1>
        <p className="muted">
          {t(
            'Paste an API key. The first start of the service prints an owner key. The key stays in this tab only.',
          )}
        </p>
        {error ? <ErrorBanner message={error} /> : null}
        <label className="field">
          <span>{t('API key')}</span>
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
          {t('Sign in')}
        </button>
      </form>
    </div>
  );
}
