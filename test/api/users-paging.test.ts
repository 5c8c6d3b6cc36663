// GET …/users pages by name from the live-users index (docs/api.md, Paging): `limit` and `cursor`,
// `status`, and `q` — a case-insensitive prefix of the name or the email. No user is lost or met
// twice across pages while users are invited, renamed, deactivated and removed, a removed user is
// never listed (R7), and no list reads the account's partition.
import { describe, expect, it } from 'vitest';
import { givenAccount } from '../support/accounts.ts';
import { apiClient, useApiRuntime, waitForRemoval } from '../support/api.ts';
import { readsTheAccountsUsers, tableRequestsOf } from '../support/table-requests.ts';

const api = useApiRuntime();
const call: ReturnType<typeof apiClient> = (...args) => api.call(...args);

interface Listed {
  userId: string;
  displayName: string;
  email: string;
  status: string;
}

async function page(accountId: string, query: string) {
  const answer = await call('GET', `/v1/accounts/${accountId}/users?${query}`, { as: 'amir' });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { users: Listed[]; nextCursor: string | null };
}

/** Every page of a list; `between` runs after each page but the last. */
async function walk(accountId: string, query: string, between: (pageNumber: number) => Promise<void> = async () => {}) {
  const users: Listed[] = [];
  let cursor: string | null = null;
  let pageNumber = 0;
  do {
    const answer = await page(accountId, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
    users.push(...answer.users);
    cursor = answer.nextCursor;
    if (cursor) await between(++pageNumber);
  } while (cursor);
  return users;
}

const ids = (users: Listed[]) => users.map((u) => u.userId);

async function invite(accountId: string, displayName: string, email: string) {
  const answer = await call('POST', `/v1/accounts/${accountId}/users`, {
    as: 'amir',
    body: { email, displayName, role: 'MEMBER' },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.userId as string;
}

async function remove(accountId: string, userId: string) {
  const accepted = await call('POST', `/v1/accounts/${accountId}/users/${userId}/removal`, {
    as: 'amir',
    body: { confirm: true, reassignTo: 'bea' },
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  expect((await waitForRemoval(call, accepted.body.statusUrl, 'amir')).status).toBe('COMPLETED');
}

describe('R7 the users list pages by name and never shows a removed user', () => {
  it('walks every user once, by name, while users are invited, renamed, deactivated and removed between pages', async () => {
    const accountId = await givenAccount();
    // The cast by name: Amir, Bea, Dan, Erin, Farah, Gus (INACTIVE), Olivia.
    const all = await walk(accountId, 'limit=2');
    expect(all.map((u) => u.displayName)).toEqual([
      'Amir Admin',
      'Bea Admin',
      'Dan Member',
      'Erin Member',
      'Farah Member',
      'Gus Member',
      'Olivia Owner',
    ]);

    let early = '';
    let late = '';
    const walked = await walk(accountId, 'limit=2', async (pageNumber) => {
      if (pageNumber !== 1) return;
      // After Amir and Bea: a user before the cursor (not met), one after it (met), a user ahead
      // deactivated (another index partition: met once), one renamed ahead, one removed ahead.
      early = await invite(accountId, 'Aaron Early', `aaron@${accountId}.test`);
      late = await invite(accountId, 'Zed Late', `zed@${accountId}.test`);
      expect((await call('POST', `/v1/accounts/${accountId}/users/erin/deactivate`, { as: 'amir' })).status).toBe(200);
      expect(
        (
          await call('PATCH', `/v1/accounts/${accountId}/users/farah`, {
            as: 'amir',
            body: { displayName: 'Fay Renamed' },
          })
        ).status,
      ).toBe(200);
      await remove(accountId, 'dan');
    });
    expect(ids(walked)).toEqual(['amir', 'bea', 'erin', 'farah', 'gus', 'olivia', late]);
    expect(walked.find((u) => u.userId === 'erin')?.status).toBe('INACTIVE');
    expect(walked.find((u) => u.userId === 'farah')?.displayName).toBe('Fay Renamed');
    expect(new Set(ids(walked)).size).toBe(walked.length);

    // The whole list now: Aaron first, dan (REMOVED) nowhere.
    expect(ids(await walk(accountId, 'limit=200'))).toEqual([
      early,
      'amir',
      'bea',
      'erin',
      'farah',
      'gus',
      'olivia',
      late,
    ]);
    expect((await page(accountId, 'q=dan')).users).toEqual([]);
  });

  it('filters by status, searches names and emails by prefix without regard to case, and refuses forged cursors', async () => {
    const accountId = await givenAccount();
    const ada = await invite(accountId, 'Ada Lovelace', `ada@${accountId}.test`);
    const bob = await invite(accountId, 'Bob Brown', `adam.b@${accountId}.test`);
    const zoe = await invite(accountId, 'Zoe Zed', `alpha.zoe@${accountId}.test`);

    expect(ids((await page(accountId, 'status=INACTIVE')).users)).toEqual(['gus']);
    expect(ids(await walk(accountId, 'status=ACTIVE&limit=3'))).not.toContain('gus');
    expect(ids((await page(accountId, 'q=AMIR')).users)).toEqual(['amir']);
    // In the order of what matched — a name, or the email of a user whose name does not match
    // ("ada lovelace", "adam.b@", "alpha.zoe@", "amir admin"); Ada (both) once.
    expect(ids((await page(accountId, 'q=ada')).users)).toEqual([ada, bob]);
    expect(ids((await page(accountId, 'q=a')).users)).toEqual([ada, bob, zoe, 'amir']);
    expect(ids(await walk(accountId, 'q=a&limit=1'))).toEqual([ada, bob, zoe, 'amir']);
    expect(ids((await page(accountId, 'q=a&status=INACTIVE')).users)).toEqual([]);
    expect(ids((await page(accountId, `q=${encodeURIComponent(`alpha.zoe@${accountId}`)}`)).users)).toEqual([zoe]);

    const first = await page(accountId, 'limit=2');
    const elsewhere = await call('GET', `/v1/accounts/${await givenAccount()}/users?cursor=${first.nextCursor}`, {
      as: 'amir',
    });
    const forged = await call('GET', `/v1/accounts/${accountId}/users?cursor=bm90LWEtY3Vyc29y`, { as: 'amir' });
    const tooLong = await call('GET', `/v1/accounts/${accountId}/users?q=${'x'.repeat(101)}`, { as: 'amir' });
    expect(elsewhere).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(forged).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(tooLong).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('reads a page from the live-users index — three Queries, one per status — never the account partition', async () => {
    const accountId = await givenAccount();
    const { result, requests } = await tableRequestsOf(() => page(accountId, 'limit=3'));
    const { requests: searching } = await tableRequestsOf(() => page(accountId, 'q=e'));

    expect(result.users).toHaveLength(3);
    expect(requests.filter(readsTheAccountsUsers)).toEqual([]);
    expect(requests.filter((r) => r.command === 'QueryCommand' && r.input.IndexName === 'gsi2')).toHaveLength(3);
    expect(searching.filter(readsTheAccountsUsers)).toEqual([]);
    // The three name partitions and the email claims from "e" on.
    expect(searching.filter((r) => r.command === 'QueryCommand')).toHaveLength(4);
  });
});
