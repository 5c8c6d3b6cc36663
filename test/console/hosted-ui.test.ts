// Signing in to the console through the identity provider's hosted UI (authorization code + PKCE),
// in a real browser, on the local Cognito emulator: the console sends the browser to the hosted UI,
// takes the code back, exchanges it with its verifier and acts with the ID token — as it does with
// Cognito in AWS (the stack writes the same settings into /config.json).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser } from 'playwright-core';
import type { LocalIdentityProvider } from '#local/identity/identity-provider.ts';
import { useApiRuntime } from '../support/api.ts';
import { expectAccessible, launchBrowser } from '../support/browser.ts';
import { identityHelpers, NEW_PASSWORD, seedSignInAccount } from '../support/identity.ts';

const api = useApiRuntime({ identityProvider: { port: 0 } });
const idp = (): LocalIdentityProvider => api.runtime.identity!;
const { withCognito, acceptInvitation } = identityHelpers(idp);
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  // The API's port is chosen at start: register the console (at /) as a callback of the client.
  await withCognito((client) =>
    client.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: idp().userPoolId,
        ClientId: idp().clientId,
        CallbackURLs: [`${api.runtime.apiUrl}/`],
      }),
    ),
  );
});
afterAll(() => browser?.close());

describe('R6 sign-in through the hosted UI', () => {
  it('signs an invited admin in with email and password on the hosted UI, and the console acts as them', async () => {
    const { accountId, id } = await seedSignInAccount(api.runtime);
    const amir = id('amir');
    await acceptInvitation(amir, `amir@${accountId}.test`); // the first sign-in chooses a password

    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${api.runtime.apiUrl}/`);
    await page.getByRole('button', { name: 'Sign in with the identity provider' }).click();
    await page.getByLabel('Username:').fill(`amir@${accountId}.test`);
    await page.getByLabel('Password:').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await expect(page.getByText(`amir · admin · ${accountId}`).isVisible()).resolves.toBe(true);
    await page.getByRole('rowheader', { name: 'olivia' }).waitFor();
    expect(page.url()).toBe(`${api.runtime.apiUrl}/#/users`); // the code and state left the address bar
    await expectAccessible(page, 'the Users page after a hosted-UI sign-in');
  });

  it('refuses a return from the hosted UI that this browser did not start (state mismatch)', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${api.runtime.apiUrl}/?code=stolen-code&state=not-ours`);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/did not start here/);
    await expect(page.getByRole('button', { name: 'Sign in with the identity provider' }).isVisible()).resolves.toBe(
      true,
    );
  });
});
