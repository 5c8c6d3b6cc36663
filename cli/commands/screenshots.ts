// `offboard screenshots`: the console's main screens as PNG files in docs/img, taken in Chromium on a
// local runtime seeded with the demo account (Amir, an admin, removes Dan) — how the pictures in
// the README and docs/console.md are made, so they stay true to the console.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { freePort } from '#local/ports.ts';
import { signLocalJwt } from '#local/jwt.ts';
import { buildConsole } from '#local/console.ts';
import { DEMO_FIXTURE_PATH, readFixtureFile, startLocalRuntime } from '#local/runtime.ts';

const OUT_DIR = 'docs/img';
const say = (line: string) => process.stdout.write(`${line}\n`);

export async function screenshots(): Promise<number> {
  await buildConsole(say);
  say('starting the local runtime with the demo account …');
  const runtime = await startLocalRuntime({
    dynamodb: { port: await freePort() },
    eventsPort: 0,
    apiPort: 0,
    tableName: `offboard-screenshots-${Date.now()}`,
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    await runtime.seed(await readFixtureFile(DEMO_FIXTURE_PATH));
    mkdirSync(OUT_DIR, { recursive: true });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const shoot = async (name: string, target: Page = page) => {
      await target.screenshot({ path: join(OUT_DIR, `console-${name}.png`), fullPage: true });
      say(`  ${OUT_DIR}/console-${name}.png`);
    };
    await page.goto(`${runtime.apiUrl}/`);
    await shoot('sign-in');
    await page.getByRole('textbox', { name: 'Access token' }).fill(await signLocalJwt('u-amir'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('rowheader', { name: 'Dan Member' }).waitFor();
    await shoot('users');

    await page.getByRole('button', { name: 'More actions for Dan Member' }).click();
    await shoot('row-menu');
    await page.getByRole('menuitem', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove Dan Member' });
    await dialog.getByRole('combobox', { name: 'Reassign everything to' }).selectOption('u-beatriz');
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Left the company');
    await dialog.getByRole('textbox', { name: /to confirm$/ }).fill('dan@acme.test');
    // Tall enough for the whole dialog (a modal dialog scrolls inside the viewport).
    await page.setViewportSize({ width: 1280, height: 1500 });
    await shoot('remove-dialog');
    await page.setViewportSize({ width: 1280, height: 800 });
    await dialog.getByRole('button', { name: 'Remove user' }).click();
    await page.getByRole('status', { name: 'Removal progress' }).getByText('Completed', { exact: true }).waitFor();
    await shoot('removal-completed');

    for (const [link, name] of [
      ['Removals', 'removals'],
      ['Audit log', 'audit-log'],
      ['Seats', 'seats'],
    ] as const) {
      await page.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: link, level: 1 }).waitFor();
      await page.getByRole('table').or(page.getByRole('term').first()).first().waitFor();
      await shoot(name);
    }
    return 0;
  } finally {
    await browser.close();
    await runtime.stop();
  }
}
