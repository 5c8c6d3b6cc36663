// R1 holds at the moment of the write: two admins acting on each other at the same moment cannot
// both win, and an admin who lost the role while its request was in flight changes nothing.
import { describe, expect, it } from 'vitest';
import { givenAccount, stores } from '../support/accounts.ts';
import { useApiRuntime } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { pauseBefore } from '../support/faults.ts';

const api = useApiRuntime();
const PAIRS = 20;

/** Runs `race` for PAIRS fresh accounts at once (amir and bea are both ADMIN in each). */
const racePairs = (race: (accountId: string) => Promise<void>) =>
  Promise.all(Array.from({ length: PAIRS }, async () => givenAccount()).map(async (id) => race(await id)));

describe('R1 in the write: two admins acting on each other at once', () => {
  it(`removing each other (${PAIRS} pairs): never both removed`, async () => {
    const outcomes: string[] = [];
    await racePairs(async (accountId) => {
      const remove = (as: string, userId: string) =>
        api.call('POST', `/v1/accounts/${accountId}/users/${userId}/removal`, { as, body: { confirm: true } });
      await Promise.all([remove('amir', 'bea'), remove('bea', 'amir')]);
      const [amir, bea] = await eventually(async () => {
        const users = await Promise.all(['amir', 'bea'].map((id) => stores().users.getUser(accountId, id)));
        for (const user of users) expect(user?.status).not.toBe('REMOVING');
        return users;
      }, 30_000);
      outcomes.push(`${amir?.status}/${bea?.status}`);
      expect([amir?.status, bea?.status]).not.toEqual(['REMOVED', 'REMOVED']);
    });
    expect(outcomes).toHaveLength(PAIRS);
  });

  it(`deactivating each other (${PAIRS} pairs): never both INACTIVE, and a refusal is a 4xx problem`, async () => {
    await racePairs(async (accountId) => {
      const deactivate = (as: string, userId: string) =>
        api.call('POST', `/v1/accounts/${accountId}/users/${userId}/deactivate`, { as });
      const answers = await Promise.all([deactivate('amir', 'bea'), deactivate('bea', 'amir')]);
      for (const answer of answers) expect([200, 401, 403, 503]).toContain(answer.status);
      const [amir, bea] = await Promise.all(['amir', 'bea'].map((id) => stores().users.getUser(accountId, id)));
      expect([amir?.status, bea?.status]).not.toEqual(['INACTIVE', 'INACTIVE']);
    });
  });

  it('an invitation whose admin is deactivated before it commits adds nobody (403)', async () => {
    const accountId = await givenAccount();
    // Hold bea's invitation at DynamoDB while amir deactivates her.
    const hold = pauseBefore({
      command: 'TransactWriteItemsCommand',
      when: (input) => JSON.stringify(input).includes('new-hire@'),
    });
    try {
      const invitation = api.call('POST', `/v1/accounts/${accountId}/users`, {
        as: 'bea',
        body: { email: `new-hire@${accountId}.test`, displayName: 'New Hire', role: 'MEMBER' },
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await api.call('POST', `/v1/accounts/${accountId}/users/bea/deactivate`, { as: 'amir' })).status).toBe(
        200,
      );
      hold.release();

      expect(await invitation).toMatchObject({ status: 403, body: { code: 'NOT_ALLOWED' } });
    } finally {
      hold.remove();
    }
    const users = (await api.call('GET', `/v1/accounts/${accountId}/users`, { as: 'amir' })).body.users;
    expect(users.map((u: { email: string }) => u.email)).not.toContain(`new-hire@${accountId}.test`);
  });
});
