// The admin console in a real browser (Chromium, playwright-core) on the local runtime: Manage →
// Users → Remove as the help article describes it, the refusals, deactivation, scheduling,
// decisions and a member's read-only view — found by the accessible names the console promises
// (docs/console.md), each screen checked with axe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { givenAccount, stores, userOf, removalRequest } from '../support/accounts.ts';
import { useApiRuntime } from '../support/api.ts';
import { expectAccessible, launchBrowser, signedInPage } from '../support/browser.ts';
import { eventually } from '../support/eventually.ts';

const api = useApiRuntime();
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const OWNS = [
  { type: 'PHONE_NUMBER' as const, id: 'num-1', name: '+1 555 0001', ownerId: 'dan' },
  { type: 'CALL_FLOW' as const, id: 'flow-1', name: 'Support IVR', ownerId: 'dan' },
  { type: 'TEAM' as const, id: 'team-1', name: 'Night shift', ownerId: 'amir', members: ['dan', 'gus'] },
];

async function consoleAs(castId: string, spec: Parameters<typeof givenAccount>[0] = {}) {
  const accountId = await givenAccount({ resources: OWNS, ...spec, uniqueUserIds: true });
  const page = await signedInPage(browser, `${api.runtime.apiUrl}/`, userOf(accountId, castId));
  return { accountId, page, user: (castId: string) => userOf(accountId, castId) };
}

const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });

async function openRowAction(page: Page, name: string, action: string) {
  await page.getByRole('button', { name: `More actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: action }).click();
}

const resourcesOf = async (accountId: string, as: string) =>
  (await api.call('GET', `/v1/accounts/${accountId}/resources`, { as })).body.resources as {
    id: string;
    ownerId: string;
    members: string[];
  }[];

describe('signing in', () => {
  it('R6 signs in with a token from `npx offboard token`; a token that is not valid is refused on the sign-in page', async () => {
    const { page } = await consoleAs('amir');
    await expectAccessible(page, 'the Users page');
    for (const link of ['Users', 'Removals', 'Audit log', 'Seats'])
      await expect(page.getByRole('link', { name: link }).isVisible()).resolves.toBe(true);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expectAccessible(page, 'the sign-in page');
    await page.getByRole('textbox', { name: 'Access token' }).fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/token/i);
    await expect(page.getByRole('textbox', { name: 'Access token' }).isVisible()).resolves.toBe(true);
  });
});

describe('Manage → Users → Remove', () => {
  it('R4 R5 R8 removes a user with a default target and a per-resource override, shows the steps until Completed, and the user leaves the list', async () => {
    const { accountId, page, user } = await consoleAs('amir', { statuses: { gus: 'INACTIVE' } });
    const dansToken = await api.call('POST', `/v1/accounts/${accountId}/api-tokens`, {
      as: user('dan'),
      body: { name: 'CRM sync' },
    });
    await openRowAction(page, 'Dan Member', 'Remove');
    const dialog = page.getByRole('dialog', { name: 'Remove Dan Member' });
    await dialog.getByText('number “+1 555 0001”', { exact: true }).waitFor();
    // R14 the integrations that stop with Dan are named before anyone confirms.
    await expect(dialog.getByText('API token: CRM sync', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(dialog.getByText('team “Night shift” — the last active member').isVisible()).resolves.toBe(true);
    await expect(dialog.getByText(/The seat is free as soon as the removal completes/).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'the removal dialog');

    await dialog.getByRole('combobox', { name: 'Reassign everything to' }).selectOption(user('bea'));
    await dialog.getByRole('combobox', { name: 'Reassign call flow “Support IVR” to' }).selectOption(user('erin'));
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Left the company');
    const removeButton = dialog.getByRole('button', { name: 'Remove user' });
    await dialog.getByRole('textbox', { name: `Type dan@${accountId}.test to confirm` }).fill('dan@wrong.test');
    await expect(removeButton.isDisabled()).resolves.toBe(true);
    await dialog.getByRole('textbox', { name: `Type dan@${accountId}.test to confirm` }).fill(`dan@${accountId}.test`);
    await removeButton.click();

    const progress = page.getByRole('status', { name: 'Removal progress' });
    await progress.getByText('Completed', { exact: true }).waitFor({ timeout: 30_000 });
    await expect(progress.textContent()).resolves.toMatch(
      /Requested.*Access ended.*Scanned.*Reassigning: 2 of 2 resources.*Removed/,
    );
    await expectAccessible(page, 'the Users page with a completed removal');
    await row(page, 'Dan Member').waitFor({ state: 'detached' });
    const withDansToken = await api.call('GET', `/v1/accounts/${accountId}/users`, {
      authorization: `Bearer ${dansToken.body.token}`,
    });
    expect(withDansToken.body).toMatchObject({ status: 401, code: 'ACCESS_REVOKED' });

    const owners = Object.fromEntries((await resourcesOf(accountId, user('amir'))).map((r) => [r.id, r]));
    expect(owners['num-1']?.ownerId).toBe(user('bea'));
    expect(owners['flow-1']?.ownerId).toBe(user('erin'));
    expect(owners['team-1']?.members).toEqual([user('bea'), user('gus')].sort());
    // Removals still names the removed user, who is no longer a user of the account.
    await page.getByRole('link', { name: 'Removals' }).click();
    await row(page, 'Dan Member').getByRole('cell', { name: 'Completed' }).waitFor();
  });

  it('R2 the owner cannot be removed: the dialog says why and links to the ownership transfer, and the API refuses a confirmation anyway', async () => {
    const { accountId, page } = await consoleAs('amir');
    await openRowAction(page, 'Olivia Owner', 'Remove');
    const dialog = page.getByRole('dialog', { name: 'Remove Olivia Owner' });
    const blocker = dialog.getByRole('alert');
    await expect(blocker.textContent()).resolves.toMatch(/transfer ownership/i);
    await expect(blocker.getByRole('link', { name: 'Transfer ownership' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'the removal dialog of the owner');

    await dialog
      .getByRole('textbox', { name: `Type olivia@${accountId}.test to confirm` })
      .fill(`olivia@${accountId}.test`);
    await dialog.getByRole('button', { name: 'Remove user' }).click();
    await dialog.getByText('The account owner must transfer ownership first').waitFor();
    await expect(dialog.getByRole('alert').count()).resolves.toBe(2);
    expect((await stores().users.getUser(accountId, userOf(accountId, 'olivia')))?.status).toBe('ACTIVE');
  });

  it('R8 invites a user (Invite user), who joins the list; a full seat-based plan is refused in the dialog', async () => {
    const { accountId, page } = await consoleAs('amir', { plan: 'SWIFT' });
    const invite = async (email: string, name: string) => {
      await page.getByRole('button', { name: 'Invite user' }).click();
      const dialog = page.getByRole('dialog', { name: 'Invite user' });
      await dialog.getByRole('textbox', { name: 'Email' }).fill(email);
      await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
      await dialog.getByRole('combobox', { name: 'Role' }).selectOption('MEMBER');
      return dialog;
    };
    const first = await invite(`nina@${accountId}.test`, 'Nina New');
    await expectAccessible(page, 'the invite dialog');
    await first.getByRole('button', { name: 'Send invitation' }).click();
    await row(page, 'Nina New').waitFor();

    // SWIFT has 10 seats: the cast holds 7, Nina the 8th; two more fill it, the next is refused.
    for (const name of ['Omar', 'Pia']) {
      await (
        await invite(`${name.toLowerCase()}@${accountId}.test`, name)
      )
        .getByRole('button', { name: 'Send invitation' })
        .click();
      await row(page, name).waitFor();
    }
    const full = await invite(`quinn@${accountId}.test`, 'Quinn');
    await full.getByRole('button', { name: 'Send invitation' }).click();
    await full.getByRole('alert').getByText(/seat/i).first().waitFor();
  });

  it('R1 R2 makes a member an admin from the row menu ("Change role"); the owner’s row offers no role change', async () => {
    const { accountId, page, user } = await consoleAs('amir');
    await openRowAction(page, 'Dan Member', 'Change role');
    const dialog = page.getByRole('dialog', { name: 'Change role of Dan Member' });
    await expect(dialog.getByRole('combobox', { name: 'Role' }).inputValue()).resolves.toBe('ADMIN');
    await expectAccessible(page, 'the change-role dialog');
    await dialog.getByRole('button', { name: 'Save role' }).click();

    await row(page, 'Dan Member').getByRole('cell', { name: 'Admin', exact: true }).waitFor();
    expect((await stores().users.getUser(accountId, user('dan')))?.role).toBe('ADMIN');
    await page.getByRole('button', { name: 'More actions for Olivia Owner' }).click();
    await expect(page.getByRole('menuitem').allTextContents()).resolves.not.toContain('Change role');
  });

  it('R1 R9 deactivates and activates a user from the row menu, by keyboard too, which offers only what the status allows', async () => {
    const { page } = await consoleAs('amir');
    await page.getByRole('button', { name: 'More actions for Erin Member' }).click();
    await expect(page.getByRole('menuitem').allTextContents()).resolves.toEqual([
      'Deactivate',
      'Remove',
      'Change role',
    ]);
    await expectAccessible(page, 'the open row menu');
    // The first item has the focus; arrows move it, Escape closes the menu and gives focus back.
    await page.keyboard.press('ArrowDown');
    await expect(
      page.getByRole('menuitem', { name: 'Remove' }).evaluate((el) => el === el.ownerDocument.activeElement),
    ).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu').count()).resolves.toBe(0);
    await page.keyboard.press('Enter'); // the focused menu button opens it again
    await page.keyboard.press('Enter'); // on its first item: Deactivate
    await row(page, 'Erin Member').getByRole('cell', { name: 'Inactive' }).waitFor();

    await openRowAction(page, 'Erin Member', 'Activate');
    await row(page, 'Erin Member').getByRole('cell', { name: 'Active', exact: true }).waitFor();
  });

  it('R11 schedules a removal for later, then cancels it from Removals', async () => {
    const { accountId, page, user } = await consoleAs('amir');
    await openRowAction(page, 'Farah Member', 'Remove');
    const dialog = page.getByRole('dialog', { name: 'Remove Farah Member' });
    await dialog
      .getByRole('textbox', { name: `Type farah@${accountId}.test to confirm` })
      .fill(`farah@${accountId}.test`);
    const inAWeek = new Date(Date.now() + 7 * 86_400_000);
    const local = new Date(inAWeek.getTime() - inAWeek.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await dialog.getByLabel('Remove at').fill(local);
    await dialog.getByRole('button', { name: 'Remove user' }).click();
    await page
      .getByRole('status', { name: 'Removal progress' })
      .getByText(/Scheduled for/)
      .waitFor();

    await page.getByRole('link', { name: 'Removals' }).click();
    await page.getByRole('heading', { name: 'Removals', level: 1 }).waitFor();
    await expectAccessible(page, 'the Removals page');
    await row(page, 'Farah Member').getByRole('button', { name: 'Cancel removal' }).click();
    await row(page, 'Farah Member').getByRole('cell', { name: 'Cancelled' }).waitFor();
    expect((await stores().users.getUser(accountId, user('farah')))?.pendingRemovalId).toBeUndefined();
  });

  it('R11 gives a waiting removal its decision from Removals, and it completes with the chosen target', async () => {
    const { accountId, page, user } = await consoleAs('amir', { fallbackUserId: 'gus', statuses: { gus: 'INACTIVE' } });
    // An HR termination with no manager and an INACTIVE fallback user waits for an admin.
    const request = removalRequest(accountId, user('dan'), {
      by: { type: 'HR_SYSTEM', id: 'hr.system' },
      policy: {},
    });
    await api.runtime.startRemoval(request);
    await eventually(async () =>
      expect((await stores().removals.getRemoval(request.removalId))?.status).toBe('AWAITING_DECISION'),
    );

    await page.getByRole('link', { name: 'Removals' }).click();
    const decide = page.getByRole('form', { name: 'Decide for Dan Member' });
    await expectAccessible(page, 'the Removals page with a waiting removal');
    await decide.getByRole('combobox', { name: 'Reassign everything to' }).selectOption(user('bea'));
    await decide.getByRole('button', { name: 'Decide' }).click();
    await row(page, 'Dan Member').getByRole('cell', { name: 'Completed' }).waitFor({ timeout: 30_000 });
    const owners = Object.fromEntries((await resourcesOf(accountId, user('amir'))).map((r) => [r.id, r.ownerId]));
    expect(owners['num-1']).toBe(user('bea'));
  });
});

describe('ownership', () => {
  it('R2 the owner hands the account to an active admin and becomes an admin, as the Users list then shows', async () => {
    const { page, user } = await consoleAs('olivia');
    await page.getByRole('link', { name: 'transfer ownership' }).click();
    await page.getByRole('heading', { name: 'Ownership', level: 1 }).waitFor();
    await expectAccessible(page, 'the Ownership page');
    await page.getByRole('combobox', { name: 'New owner' }).selectOption(user('bea'));
    await page.getByRole('button', { name: 'Transfer ownership' }).click();
    await page.getByRole('status').getByText('Ownership transferred.').waitFor();

    await page.getByRole('link', { name: 'Users' }).click();
    await row(page, 'Bea Admin').getByRole('cell', { name: 'Owner' }).waitFor();
    await expect(row(page, 'Olivia Owner').getByRole('cell', { name: 'Admin' }).isVisible()).resolves.toBe(true);
  });
});

describe('Users at any size', () => {
  it('R7 pages Users on the server, searches names and emails there, filters by status, and never lists a removed user', async () => {
    const { accountId, page, user } = await consoleAs('amir', { plan: 'ENTERPRISE' });
    // 7 cast users and 50 more: two pages of 50.
    for (let i = 0; i < 50; i++) {
      const n = String(i).padStart(2, '0');
      const invited = await api.call('POST', `/v1/accounts/${accountId}/users`, {
        as: user('amir'),
        body: { email: `zz-${n}@${accountId}.test`, displayName: `Zed ${n}`, role: 'MEMBER' },
      });
      expect(invited.status).toBe(201);
    }
    await page.reload();
    const users = page.getByRole('table', { name: 'Users of the account' });
    await row(page, 'Amir Admin').waitFor();
    expect(await users.getByRole('rowheader').count()).toBe(50);
    await expectAccessible(page, 'a page of users');
    await page.getByRole('button', { name: 'Next page' }).click();
    await row(page, 'Zed 49').waitFor();
    expect(await users.getByRole('rowheader').count()).toBe(7);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await row(page, 'Amir Admin').waitFor();

    // By email prefix (the names start otherwise), then by name, without regard to case.
    await page.getByRole('searchbox', { name: 'Search users' }).fill('ZZ-07');
    await eventually(async () => expect(await users.getByRole('rowheader').allTextContents()).toEqual(['Zed 07']));
    await page.getByRole('searchbox', { name: 'Search users' }).fill('amir');
    await eventually(async () => expect(await users.getByRole('rowheader').allTextContents()).toEqual(['Amir Admin']));
    await page.getByRole('searchbox', { name: 'Search users' }).fill('nobody here');
    await page.getByText('No user matches.').waitFor();
    await page.getByRole('searchbox', { name: 'Search users' }).fill('');
    await page.getByRole('combobox', { name: 'Status' }).selectOption('INACTIVE');
    await eventually(async () => expect(await users.getByRole('rowheader').allTextContents()).toEqual(['Gus Member']));
  });
});

describe('what everyone sees', () => {
  it('R1 a member sees users, removals, the audit log and seats, and no action that would be refused', async () => {
    const { page } = await consoleAs('erin');
    await row(page, 'Dan Member').waitFor();
    await expect(page.getByRole('button', { name: /More actions for/ }).count()).resolves.toBe(0);
    await expectAccessible(page, "a member's Users page");

    await page.getByRole('link', { name: 'Removals' }).click();
    await page.getByRole('heading', { name: 'Removals', level: 1 }).waitFor();
    await expect(page.getByRole('button', { name: 'Cancel removal' }).count()).resolves.toBe(0);
  });

  it('R8 the Seats page shows used, limit, billed and the adjustments pending; the Audit log pages with Next page', async () => {
    const { accountId, page, user } = await consoleAs('amir');
    // 30 entries: more than a page of the audit log.
    for (let i = 0; i < 15; i++) {
      await api.call('POST', `/v1/accounts/${accountId}/users/${user('erin')}/deactivate`, { as: user('amir') });
      await api.call('POST', `/v1/accounts/${accountId}/users/${user('erin')}/activate`, { as: user('amir') });
    }
    await page.getByRole('link', { name: 'Seats' }).click();
    await page.getByRole('heading', { name: 'Seats', level: 1 }).waitFor();
    await page.getByRole('term').filter({ hasText: 'Billed this cycle' }).waitFor();
    for (const term of ['Used', 'Limit', 'Billed this cycle', 'Available'])
      await expect(page.getByRole('term').filter({ hasText: term }).count()).resolves.toBe(1);
    await expect(page.getByRole('definition').first().textContent()).resolves.toBe('SWIFT');
    await expectAccessible(page, 'the Seats page');

    await page.getByRole('link', { name: 'Audit log' }).click();
    const table = page.getByRole('table');
    await table.getByRole('cell', { name: 'User activated' }).first().waitFor();
    const firstPage = await table.getByRole('row').allTextContents();
    expect(firstPage).toHaveLength(26); // header + 25
    await expectAccessible(page, 'the Audit log page');
    await page.getByRole('button', { name: 'Next page' }).click();
    await eventually(async () => {
      const next = await page.getByRole('table').getByRole('row').allTextContents();
      expect(next.length).toBeGreaterThan(1);
      expect(next.slice(1)).not.toEqual(firstPage.slice(1));
    });
  });
});
