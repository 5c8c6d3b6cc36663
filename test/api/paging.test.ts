// Lists page (docs/api.md): `limit` and the `cursor` of the previous page, `nextCursor` null on the
// last — removals newest first, by status if asked — with no removal lost or repeated across
// pages while new ones arrive, and cursors of another list or account refused.
import { describe, expect, it } from 'vitest';
import { givenAccount } from '../support/accounts.ts';
import { apiClient, useApiRuntime } from '../support/api.ts';

const api = useApiRuntime();
const call: ReturnType<typeof apiClient> = (...args) => api.call(...args);
const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function schedule(accountId: string, userId: string) {
  const answer = await call('POST', `/v1/accounts/${accountId}/users/${userId}/removal`, {
    as: 'amir',
    body: { confirm: true, reassignTo: 'bea', effectiveAt: later(30) },
  });
  expect(answer.status).toBe(202);
  return answer.body.removalId as string;
}

describe('R11 removals page newest first', () => {
  it('pages with limit and cursor, loses and repeats nothing while removals are added, and filters by status', async () => {
    const accountId = await givenAccount();
    const base = `/v1/accounts/${accountId}/removals`;
    const first = [
      await schedule(accountId, 'dan'),
      await schedule(accountId, 'erin'),
      await schedule(accountId, 'farah'),
    ];

    const page1 = (await call('GET', `${base}?limit=2`, { as: 'amir' })).body;
    // A removal requested between two pages sorts before the cursor (newest first): never in a later page.
    const added = await schedule(accountId, 'gus');
    const page2 = (await call('GET', `${base}?limit=2&cursor=${page1.nextCursor}`, { as: 'amir' })).body;
    await call('DELETE', `${base}/${first[1]}`, { as: 'amir' });
    const cancelled = (await call('GET', `${base}?status=CANCELLED`, { as: 'amir' })).body;
    const forged = await call('GET', `/v1/accounts/${await givenAccount()}/removals?cursor=${page1.nextCursor}`, {
      as: 'amir',
    });

    expect(page1.removals.map((r: { removalId: string }) => r.removalId)).toEqual([first[2], first[1]]);
    expect(page2).toEqual({ removals: [expect.objectContaining({ removalId: first[0] })], nextCursor: null });
    expect((await call('GET', base, { as: 'amir' })).body.removals[0].removalId).toBe(added);
    expect(cancelled.removals.map((r: { removalId: string }) => r.removalId)).toEqual([first[1]]);
    expect(forged).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });
});
