// Numbers, Call flows, Teams and Routing rules in the console (Chromium, playwright-core) on the
// local runtime: create (a number into the pool too), reassign, rename, delete, a rotation's
// members with the last-member refusal shown (R5), owner pickers of ACTIVE users only (R12), a
// user's row linking to what they own, and a member's read-only view — by the accessible names
// docs/console.md promises, each screen checked with axe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { givenAccount, userOf } from '../support/accounts.ts';
import { useApiRuntime } from '../support/api.ts';
import { expectAccessible, launchBrowser, signedInPage } from '../support/browser.ts';

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

async function consoleAs(castId: string) {
  const accountId = await givenAccount({ resources: OWNS, uniqueUserIds: true });
  const page = await signedInPage(browser, `${api.runtime.apiUrl}/`, userOf(accountId, castId));
  return { accountId, page, user: (id: string) => userOf(accountId, id) };
}

const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });

async function openRowAction(page: Page, name: string, action: string) {
  await page.getByRole('button', { name: `More actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: action }).click();
}

const resource = async (accountId: string, type: string, id: string, as: string) =>
  (await api.call('GET', `/v1/accounts/${accountId}/resources/${type}/${id}`, { as })).body;

describe('R12 Manage → Numbers and Call flows', () => {
  it('creates a number into the pool, reassigns one to an ACTIVE user, renames and deletes, and searches', async () => {
    const { accountId, page, user } = await consoleAs('amir');
    await page.getByRole('link', { name: 'Numbers' }).click();
    const numbers = page.getByRole('table', { name: 'Numbers' });
    await row(page, '+1 555 0001').getByRole('cell', { name: 'Dan Member' }).waitFor();
    await expectAccessible(page, 'the Numbers page');

    await page.getByRole('button', { name: 'New number' }).click();
    const create = page.getByRole('dialog', { name: 'New number' });
    await create.getByRole('textbox', { name: 'Name' }).fill('+1 555 0199 Front desk');
    await create.getByRole('combobox', { name: 'Owner' }).selectOption({ label: 'Number pool (unassigned)' });
    // gus is INACTIVE: he is not offered as an owner (R12).
    await expect(
      create.getByRole('combobox', { name: 'Owner' }).locator('option').allTextContents(),
    ).resolves.not.toContain('Gus Member');
    await expectAccessible(page, 'the new-number dialog');
    await create.getByRole('button', { name: 'Create number' }).click();
    await row(page, '+1 555 0199 Front desk').getByRole('cell', { name: 'Number pool' }).waitFor();

    await openRowAction(page, '+1 555 0001', 'Reassign');
    const reassign = page.getByRole('dialog', { name: 'Reassign +1 555 0001' });
    await reassign.getByRole('combobox', { name: 'Owner' }).selectOption(user('erin'));
    await reassign.getByRole('button', { name: 'Reassign' }).click();
    await row(page, '+1 555 0001').getByRole('cell', { name: 'Erin Member' }).waitFor();
    expect((await resource(accountId, 'PHONE_NUMBER', 'num-1', user('amir'))).ownerId).toBe(user('erin'));

    await openRowAction(page, '+1 555 0001', 'Rename');
    const rename = page.getByRole('dialog', { name: 'Rename +1 555 0001' });
    await rename.getByRole('textbox', { name: 'Name' }).fill('Support');
    await rename.getByRole('button', { name: 'Save name' }).click();
    // A number's name is its number: the API's refusal is shown in the dialog.
    await rename
      .getByRole('alert')
      .getByText(/number/i)
      .first()
      .waitFor();
    await rename.getByRole('button', { name: 'Cancel' }).click();

    // The search is the server's (by name, from the start): the request carries it.
    const searched = page.waitForRequest((request) => new URL(request.url()).searchParams.get('q') === '+1 555 0199');
    await page.getByRole('searchbox', { name: 'Search' }).fill('+1 555 0199');
    await searched;
    await expect.poll(() => numbers.getByRole('rowheader').allTextContents()).toEqual(['+1 555 0199 Front desk']);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');

    await page.getByRole('link', { name: 'Call flows' }).click();
    await openRowAction(page, 'Support IVR', 'Delete');
    const remove = page.getByRole('dialog', { name: 'Delete Support IVR?' });
    await expectAccessible(page, 'the delete dialog');
    await remove.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No call flows yet.').waitFor();
    expect(
      (await api.call('GET', `/v1/accounts/${accountId}/resources/CALL_FLOW/flow-1`, { as: user('amir') })).status,
    ).toBe(404);
  });
});

describe('R5 Manage → Teams: members', () => {
  it('refuses to take out the last member who takes calls, in the dialog; adds one, then the first may leave', async () => {
    const { accountId, page, user } = await consoleAs('amir');
    await page.getByRole('link', { name: 'Teams' }).click();
    await openRowAction(page, 'Night shift', 'Members');
    const members = page.getByRole('dialog', { name: 'Members of Night shift' });
    await expectAccessible(page, 'the members dialog');

    await members.getByRole('button', { name: 'Remove Dan Member' }).click();
    // The problem's title and detail both say so.
    await members
      .getByRole('alert')
      .getByText(/last active member/i)
      .first()
      .waitFor();

    await members.getByRole('combobox', { name: 'Add member' }).selectOption(user('erin'));
    await members.getByRole('button', { name: 'Add member' }).click();
    await members.getByRole('button', { name: 'Remove Erin Member' }).waitFor();
    await members.getByRole('button', { name: 'Remove Dan Member' }).click();
    await expect
      .poll(async () => (await resource(accountId, 'TEAM', 'team-1', user('amir'))).members)
      .toEqual([user('erin'), user('gus')].sort());
    await members.getByRole('button', { name: 'Done' }).click();
    await row(page, 'Night shift').getByRole('cell', { name: 'Erin Member, Gus Member' }).waitFor();
  });
});

describe('R1 what a user owns, and a member’s view', () => {
  it('links a user’s row on Users to what they own; a member sees the lists without actions', async () => {
    const { page } = await consoleAs('amir');
    await row(page, 'Dan Member').getByRole('link', { name: '2 resources' }).click();
    const owned = page.getByRole('table', { name: 'Owned by Dan Member' });
    await row(page, 'Support IVR').waitFor();
    await expect(owned.getByRole('rowheader').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['+1 555 0001', 'Support IVR']),
    );
    await expectAccessible(page, 'a user’s resources');

    const member = await consoleAs('dan');
    await member.page.getByRole('link', { name: 'Teams' }).click();
    await row(member.page, 'Night shift').waitFor();
    await expect(member.page.getByRole('button', { name: 'New team' }).count()).resolves.toBe(0);
    await expect(member.page.getByRole('button', { name: 'More actions for Night shift' }).count()).resolves.toBe(0);
  });
});
