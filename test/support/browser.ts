// A real browser for the console tests: Debian's Chromium (/usr/bin/chromium, installed by .ci/run
// when missing) driven by playwright-core, one browser per test file and a fresh context per test.
// Every page the tests visit is checked with axe: no serious or critical violation.
import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { signLocalJwt } from '#local/jwt.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH)`);
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
}

/** A new page signed in to the console as `userId`, through the sign-in page's token field. */
export async function signedInPage(browser: Browser, consoleUrl: string, userId: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(consoleUrl);
  await page.getByRole('textbox', { name: 'Access token' }).fill(await signLocalJwt(userId));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
  return page;
}

/** axe on what the page shows now: no serious or critical violation (WCAG 2.x A/AA rules). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const grave = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
  expect(grave, `accessibility of ${what}`).toEqual([]);
}
