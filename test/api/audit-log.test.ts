// R7 The audit log as an auditor reads it after a layoff: filtered by action, actor, target and
// time, with names beside ids (a removed user keeps its name), and exported as CSV — every page,
// each entry once; admins only (R1).
import { describe, expect, it } from 'vitest';
import { givenAccount } from '../support/accounts.ts';
import { useApiRuntime, waitForRemoval } from '../support/api.ts';

const api = useApiRuntime();
const log = (accountId: string, query = '', as = 'amir') =>
  api.call('GET', `/v1/accounts/${accountId}/audit-log${query ? `?${query}` : ''}`, { as });

/** An account with a history: amir deactivates and reactivates dan, bea renames erin and removes farah. */
async function givenHistory() {
  const accountId = await givenAccount();
  const at = (s: string) => api.call('POST', `/v1/accounts/${accountId}${s}`, { as: 'amir' });
  await at('/users/dan/deactivate');
  await at('/users/dan/activate');
  const between = new Date().toISOString();
  await api.call('PATCH', `/v1/accounts/${accountId}/users/erin`, {
    as: 'bea',
    body: { displayName: '=HYPERLINK("http://x.test","Erin")' },
  });
  const removal = await api.call('POST', `/v1/accounts/${accountId}/users/farah/removal`, {
    as: 'bea',
    body: { confirm: true, reason: 'Layoff, wave 1' },
  });
  await waitForRemoval(api.call, removal.body.statusUrl, 'amir');
  return { accountId, between };
}

describe('R7 R1 the audit log: filters, names beside ids, CSV', () => {
  it('filters by action, actor, target and time; names stay beside ids after a removal', async () => {
    const { accountId, between } = await givenHistory();

    const deactivations = await log(accountId, 'action=USER_DEACTIVATED');
    const byBea = await log(accountId, 'actorId=bea');
    const aboutFarah = await log(accountId, 'targetUserId=farah');
    const before = await log(accountId, `to=${encodeURIComponent(between)}`);
    const after = await log(accountId, `from=${encodeURIComponent(between)}&actorId=amir`);

    expect(deactivations.body.entries.map((e: { targetUserId: string }) => e.targetUserId)).toEqual(['dan']);
    expect(new Set(byBea.body.entries.map((e: { actor: { id: string } }) => e.actor.id))).toEqual(new Set(['bea']));
    expect(byBea.body.entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['USER_UPDATED', 'REMOVAL_REQUESTED', 'USER_REMOVED']),
    );
    expect(aboutFarah.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'USER_REMOVED',
      'REMOVAL_REQUESTED',
    ]);
    expect(aboutFarah.body.entries[0]).toMatchObject({
      targetUserId: 'farah',
      targetDisplayName: 'Farah Member', // REMOVED, and still named
      actor: { type: 'USER', id: 'bea', displayName: 'Bea Admin' },
    });
    expect(before.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'USER_ACTIVATED',
      'USER_DEACTIVATED',
    ]);
    expect(after.body.entries).toEqual([]);
  });

  it('pages a filtered log one entry at a time, each matching entry once', async () => {
    const { accountId } = await givenHistory();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await log(accountId, `actorId=bea&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.entries.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await log(accountId, 'actorId=bea&limit=100');

    expect(seen).toEqual(all.body.entries.map((e: { id: string }) => e.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it('exports CSV with a header, names beside ids, and a cell a spreadsheet would run kept inert', async () => {
    const { accountId } = await givenHistory();

    const csv = await fetch(`${api.runtime.apiUrl}/v1/accounts/${accountId}/audit-log?format=csv`, {
      headers: { authorization: `Bearer ${await (await import('#local/jwt.ts')).signLocalJwt('amir')}` },
    });
    const text = await csv.text();
    const lines = text.trim().split('\r\n');
    const json = await log(accountId, 'limit=100');

    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`audit-log-${accountId}.csv`);
    expect(lines[0]).toBe('at,action,actor_type,actor_id,actor_name,target_user_id,target_name,details,entry_id');
    expect(lines).toHaveLength(json.body.entries.length + 1);
    expect(lines.some((l) => l.includes(',USER_REMOVED,USER,bea,Bea Admin,farah,Farah Member,'))).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://x.test"",""Erin"")"`);
  });

  it('refuses members (R1) and an unknown action form, changing nothing', async () => {
    const { accountId } = await givenHistory();

    expect((await log(accountId, '', 'dan')).body).toMatchObject({ status: 403, code: 'NOT_ALLOWED' });
    expect((await log(accountId, 'action=not-an-action')).body).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect((await log(accountId, 'from=yesterday')).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });
});
