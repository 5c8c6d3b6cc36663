// R7 A removal's evidence for an auditor: who asked and when, when access ended, every hand-over
// from whom to whom by which batch, the seat, the events, its audit entries with a SHA-256 chain —
// and `offboard verify-evidence` finds any change made to a kept copy. Admins only (R1).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { givenAccount } from '../support/accounts.ts';
import { useApiRuntime, waitForRemoval } from '../support/api.ts';
import { signLocalJwt } from '#local/jwt.ts';

const api = useApiRuntime();
const dir = mkdtempSync(path.join(tmpdir(), 'offboard-evidence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const verify = async (document: unknown) => {
  const file = path.join(dir, `evidence-${Math.random()}.json`);
  writeFileSync(file, JSON.stringify(document, null, 2));
  return promisify(execFile)('npx', ['tsx', 'cli/main.ts', 'verify-evidence', file]).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
};

async function givenCompletedRemoval() {
  const accountId = await givenAccount({
    plan: 'SWIFT',
    resources: [
      { type: 'PHONE_NUMBER', id: 'n1', name: '+1 555 0101', ownerId: 'farah' },
      { type: 'CALL_FLOW', id: 'f1', name: 'Support flow', ownerId: 'farah' },
      { type: 'TEAM', id: 't1', name: 'Night desk', ownerId: 'amir', members: ['farah'] },
    ],
  });
  const removal = await api.call('POST', `/v1/accounts/${accountId}/users/farah/removal`, {
    as: 'bea',
    body: { confirm: true, reassignTo: 'erin', reason: 'Layoff, wave 1' },
  });
  await waitForRemoval(api.call, removal.body.statusUrl, 'bea');
  return { accountId, removalId: removal.body.removalId as string };
}

describe('R7 R1 the evidence of a removal', () => {
  it('says who asked, when access ended, what went where by which batch, the seat, the events and the audit chain', async () => {
    const { accountId, removalId } = await givenCompletedRemoval();

    const answer = await api.call('GET', `/v1/accounts/${accountId}/removals/${removalId}/evidence`, { as: 'amir' });
    const e = answer.body;

    expect(answer.status).toBe(200);
    expect(e.removal).toMatchObject({
      removalId,
      status: 'COMPLETED',
      reason: 'Layoff, wave 1',
      requestedBy: { type: 'USER', id: 'bea', displayName: 'Bea Admin' },
    });
    expect(e.user).toEqual({ userId: 'farah', displayName: 'Farah Member' });
    expect(e.accessEnded.at).toBe(e.removal.startedAt);
    expect(e.accessEnded.how.join(' ')).toMatch(/REMOVING.*token generation.*deleted it on UserRemoved/s);
    expect(
      e.handedOver
        .map((h: { resourceId: string; to: { displayName: string } }) => [h.resourceId, h.to.displayName])
        .sort(),
    ).toEqual([
      ['f1', 'Erin Member'],
      ['n1', 'Erin Member'],
    ]);
    expect(e.handedOver[0].batch).toMatch(/#\d{4}$/);
    expect(e.rotationsLeft).toEqual([
      expect.objectContaining({
        resourceId: 't1',
        name: 'Night desk',
        replacedBy: { userId: 'erin', displayName: 'Erin Member' },
      }),
    ]);
    expect(e.seat).toMatchObject({ released: true, billingEffectiveOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(e.events.map((ev: { detailType: string }) => ev.detailType)).toEqual(['RemovalStarted', 'UserRemoved']);
    expect(e.audit.map((a: { action: string }) => a.action)).toEqual([
      'REMOVAL_REQUESTED',
      'RESOURCE_REASSIGNED',
      'USER_REMOVED',
    ]);
    expect(e.digest.links).toHaveLength(3);
    expect(e.digest.head).toBe(e.digest.links[2].hash);
  });

  it('offboard verify-evidence accepts the kept file and names what was altered in a changed one', async () => {
    const { accountId, removalId } = await givenCompletedRemoval();
    const evidence = (await api.call('GET', `/v1/accounts/${accountId}/removals/${removalId}/evidence`, { as: 'amir' }))
      .body;

    const kept = await verify(evidence);
    const entryChanged = await verify({
      ...evidence,
      audit: evidence.audit.map((a: { action: string }, i: number) =>
        i === 0 ? { ...a, actor: { type: 'USER', id: 'amir' } } : a,
      ),
    });
    const entryDropped = await verify({ ...evidence, audit: evidence.audit.slice(1) });
    const summaryChanged = await verify({ ...evidence, removal: { ...evidence.removal, reason: 'Resigned' } });

    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('3 audit entries match the chain');
    expect(entryChanged.code).toBe(1);
    expect(entryChanged.stdout).toContain(`audit entry 1 (${removalId}.requested) does not match`);
    expect(entryDropped.code).toBe(1);
    expect(entryDropped.stdout).toContain('the chain has 3 links for 2 audit entries');
    expect(summaryChanged.code).toBe(1);
    expect(summaryChanged.stdout).toContain('the document digest does not match');
  });

  it('is a printable page for a browser (escaped), and refused to members (R1) and for unknown removals', async () => {
    const { accountId, removalId } = await givenCompletedRemoval();

    const page = await fetch(`${api.runtime.apiUrl}/v1/accounts/${accountId}/removals/${removalId}/evidence`, {
      headers: { authorization: `Bearer ${await signLocalJwt('amir')}`, accept: 'text/html' },
    });
    const html = await page.text();
    const member = await api.call('GET', `/v1/accounts/${accountId}/removals/${removalId}/evidence`, { as: 'dan' });
    const unknown = await api.call('GET', `/v1/accounts/${accountId}/removals/rm-nope/evidence`, { as: 'amir' });

    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('Removal of Farah Member (farah)');
    expect(html).toContain('Layoff, wave 1');
    expect(html).toContain('Night desk');
    expect(member.body).toMatchObject({ status: 403, code: 'NOT_ALLOWED' });
    expect(unknown.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
