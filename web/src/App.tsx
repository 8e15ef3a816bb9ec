/** @module The shell: sign-in gate, header with navigation and organization switcher, and the routes. */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, apiJson, describeError, loadSession, type Session, saveSession } from './api';
import { ErrorBanner, Link, Loading } from './components/ui';
import { applyLang, currentLang, type Lang, t } from './i18n';
import { OrdersPage } from './orders/OrdersPage';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { KeysPage } from './pages/KeysPage';
import { OrderDetailPage } from './pages/OrderDetailPage';
import { OrderFormPage } from './pages/OrderFormPage';
import { PrintPage } from './pages/PrintPage';
import { SignInPage } from './pages/SignInPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { navigate, useUrl } from './router';
import { SessionContext, type SessionState } from './session';
import type { Me } from './types';

function Routes() {
  const { path, query } = useUrl();
  const detail = /^\/orders\/([^/]+)(\/edit)?$/.exec(path);
  if (path === '/' || path === '/orders') {
    return <OrdersPage />;
  }
  if (path === '/orders/new') {
    return <OrderFormPage />;
  }
  if (detail?.[1]) {
    const id = decodeURIComponent(detail[1]);
    return detail[2] ? (
      <OrderFormPage orderId={id} key={`edit-${id}`} />
    ) : (
      <OrderDetailPage id={id} key={id} />
    );
  }
  if (path === '/print') {
    return <PrintPage ids={(query.get('ids') ?? '').split(',').filter(Boolean)} />;
  }
  if (path === '/integrations') {
    return <IntegrationsPage />;
  }
  if (path === '/webhooks') {
    return <WebhooksPage />;
  }
  if (path === '/keys') {
    return <KeysPage />;
  }
  return (
    <div className="page">
      <h1>{t('Page not found')}</h1>
      <p>
        {t('There is nothing at this address.')} <Link to="/orders">{t('Go to the orders')}</Link>
      </p>
    </div>
  );
}

function NavLink({ to, label }: { to: string; label: string }) {
  const { path } = useUrl();
  const active =
    to === '/orders' ? path === '/' || (path.startsWith('/orders') && path !== '/orders/new') : path === to;
  return (
    <Link to={to} className={`nav-link ${active ? 'active' : ''}`}>
      {label}
    </Link>
  );
}

/** English ⇄ Arabic; each language's name in itself. */
export function LanguageSwitch({ onChange }: { onChange: (lang: Lang) => void }) {
  const other: Lang = currentLang() === 'ar' ? 'en' : 'ar';
  return (
    <button
      type="button"
      className="button button-small lang-switch"
      lang={other}
      data-testid="language-switch"
      onClick={() => onChange(other)}
    >
      {other === 'ar' ? 'العربية' : 'English'}
    </button>
  );
}

function Header({ state }: { state: SessionState & { setLang: (lang: Lang) => void } }) {
  const { me } = state;
  return (
    <header className="topbar">
      <Link to="/orders" className="brand">
        <span className="brand-mark" aria-hidden="true">
          L
        </span>
        Linkit Orders
      </Link>
      <nav className="nav" aria-label="Main">
        <NavLink to="/orders" label={t('Orders')} />
        <NavLink to="/orders/new" label={t('New order')} />
        <NavLink to="/integrations" label={t('Integrations')} />
        <NavLink to="/webhooks" label={t('Webhooks')} />
        <NavLink to="/keys" label={t('API keys')} />
      </nav>
      <div className="topbar-right">
        {me.organizations.length > 1 ? (
          <label className="org-switcher">
            <span className="visually-hidden">{t('Organization')}</span>
            <select
              aria-label={t('Organization')}
              value={me.organization.id}
              dir="auto"
              onChange={(event) => state.switchOrganization(event.target.value)}
            >
              {me.organizations.map((organization) => (
                <option key={organization.id} value={organization.id}>
                  {organization.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="org-name" title={me.organization.id} dir="auto">
            {me.organization.name}
          </span>
        )}
        <span className="account" title={me.api_key.scopes.join(', ')}>
          {me.account.email ?? me.account.id}
        </span>
        <LanguageSwitch onChange={state.setLang} />
        <button type="button" className="button button-small" onClick={state.signOut}>
          {t('Sign out')}
        </button>
      </div>
    </header>
  );
}

export function App() {
  const [lang, setLangState] = useState<Lang>(() => currentLang());
  const setLang = (next: Lang) => {
    applyLang(next);
    setLangState(next);
  };
  useEffect(() => applyLang(lang), [lang]);
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadMe = useCallback(async (candidate: Session) => {
    setError(null);
    try {
      const answer = await apiJson<{ data: Me }>(candidate, '/me');
      setMe(answer.data);
    } catch (failure) {
      if (failure instanceof ApiError && (failure.status === 401 || failure.status === 403)) {
        // A wrong or revoked key, or a lost membership: start over at the sign-in page, saying why.
        saveSession(null);
        setSession(null);
        setMe(null);
        const reason =
          failure.details.reason ?? failure.details.required_scope ?? failure.details.organization_id;
        setError(
          failure.status === 401
            ? reason
              ? t('That API key was not accepted ({reason}).', { reason: String(reason).replace(/_/g, ' ') })
              : t('That API key was not accepted.')
            : t('This key cannot open the dashboard: {reason}', { reason: describeError(failure) }),
        );
        return;
      }
      setError(describeError(failure));
    }
  }, []);

  useEffect(() => {
    if (session) {
      void loadMe(session);
    }
  }, [session, loadMe]);

  const signIn = (key: string) => {
    const next = { key, organizationId: null };
    saveSession(next);
    setMe(null);
    setSession(next);
  };

  if (!session) {
    return (
      <SignInPage
        onSignIn={signIn}
        error={error}
        key={lang}
        languageSwitch={<LanguageSwitch onChange={setLang} />}
      />
    );
  }
  if (!me) {
    return error ? (
      <div className="page">
        <ErrorBanner message={error} onRetry={() => void loadMe(session)} />
      </div>
    ) : (
      <Loading label={t('Signing in…')} />
    );
  }

  const state: SessionState = {
    session,
    me,
    switchOrganization(organizationId) {
      const next = { key: session.key, organizationId };
      saveSession(next);
      setMe(null);
      setSession(next);
      navigate('/orders');
    },
    signOut() {
      saveSession(null);
      setSession(null);
      setMe(null);
      setError(null);
      navigate('/');
    },
  };

  return (
    <SessionContext.Provider value={state}>
      <Header state={{ ...state, setLang }} />
      <main key={`${session.organizationId ?? 'own'}-${lang}`}>
        <Routes />
      </main>
    </SessionContext.Provider>
  );
}
