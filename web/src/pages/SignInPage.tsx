// Sign-in: the identity provider's hosted UI (authorization code + PKCE) where there is one, and on
// the local runtime a token field for tokens from `npx offboard token`.
import { useState, type FormEvent } from 'react';
import { beginHostedSignIn, storeToken } from '../session.ts';
import type { ConsoleSettings } from '../../console-settings.ts';

export function SignInPage({
  config,
  notice,
  onSignedIn,
}: {
  config: ConsoleSettings;
  notice: string | null;
  onSignedIn: (token: string) => void;
}) {
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim();
    if (!trimmed) return;
    storeToken(trimmed);
    onSignedIn(trimmed);
  };
  return (
    <main className="sign-in">
      <h1>offboard admin console</h1>
      {notice && <p role="alert">{notice}</p>}
      {config.hostedUi && (
        <section aria-labelledby="idp-heading">
          <h2 id="idp-heading">Sign in with your account</h2>
          <button type="button" onClick={() => void beginHostedSignIn(config.hostedUi!)}>
            Sign in with the identity provider
          </button>
        </section>
      )}
      {config.tokenSignIn && (
        <section aria-labelledby="token-heading">
          <h2 id="token-heading">Sign in with a token</h2>
          <form onSubmit={submit}>
            <label htmlFor="access-token">Access token</label>
            <p id="access-token-hint" className="hint">
              Local runtime: <code>npx offboard token u-amir</code> prints one.
            </p>
            <textarea
              id="access-token"
              aria-describedby="access-token-hint"
              rows={4}
              value={token}
              onChange={(e) => setToken(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <button type="submit">Sign in</button>
          </form>
        </section>
      )}
    </main>
  );
}
