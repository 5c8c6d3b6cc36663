// Who is signed in: the token the console sends as a bearer, kept for this browser tab only
// (sessionStorage), and the two ways to get one — a token pasted from `npx offboard token` (local
// runtime) or the identity provider's hosted UI with the authorization code flow and PKCE (Cognito
// in AWS, its emulator locally). The console's runtime settings come from /config.json, written
// when the console is deployed (or served by the local runtime).

import type { ConsoleSettings } from '../console-settings.ts';

const TOKEN_KEY = 'offboard.token';
const PKCE_KEY = 'offboard.pkce';

export const loadConfig = async (): Promise<ConsoleSettings> => {
  const response = await fetch('/config.json');
  if (!response.ok) throw new Error(`The console's settings (/config.json) answered ${response.status}`);
  return (await response.json()) as ConsoleSettings;
};

export const storedToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const storeToken = (token: string) => sessionStorage.setItem(TOKEN_KEY, token);
export const forgetToken = () => sessionStorage.removeItem(TOKEN_KEY);

/** Where the hosted UI sends the browser back: the console itself (a registered callback URL). */
const redirectUri = () => `${window.location.origin}/`;

const base64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomText = () => base64Url(crypto.getRandomValues(new Uint8Array(32)));

/** Sends the browser to the hosted UI with a fresh PKCE verifier and state kept for the way back. */
export async function beginHostedSignIn(hostedUi: NonNullable<ConsoleSettings['hostedUi']>): Promise<void> {
  const verifier = randomText();
  const state = randomText();
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const url = new URL(hostedUi.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: hostedUi.clientId,
    redirect_uri: redirectUri(),
    scope: hostedUi.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

/**
 * On the way back from the hosted UI (`?code=…&state=…`): the code exchanged for tokens with the
 * kept verifier, the ID token stored, the query removed from the address bar. Null when this page
 * load is not a return from the hosted UI.
 */
export async function completeHostedSignIn(config: ConsoleSettings): Promise<string | null> {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  if (!code || !config.hostedUi) return null;
  const kept = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
  if (!kept || kept.state !== params.get('state')) throw new Error('The sign-in did not start here; sign in again');
  const response = await fetch(config.hostedUi.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.hostedUi.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: kept.verifier,
    }),
  });
  if (!response.ok) throw new Error(`The identity provider refused the sign-in (${response.status})`);
  const { id_token: idToken } = (await response.json()) as { id_token?: string };
  if (!idToken) throw new Error('The identity provider sent no ID token');
  storeToken(idToken);
  return idToken;
}
