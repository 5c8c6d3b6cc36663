// The telephony platform's call records (R7 history stays, R10 once, R14 bound to its tenant):
// over HTTPS with a platform token, and as CallCompleted on the bus from the platform's principal.
import { describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_PLATFORM_SENDER_CREDENTIALS } from '#local/ports.ts';
import { givenAccount } from '../support/accounts.ts';
import { apiClient, useApiRuntime, waitForRemoval } from '../support/api.ts';
import { putOnLocalBus } from '../support/hr.ts';

const api = useApiRuntime();
const call: ReturnType<typeof apiClient> = (...args) => api.call(...args);

const aCall = (callId: string, userId: string, startedAt: string, extra: Record<string, unknown> = {}) => ({
  callId,
  userId,
  startedAt,
  durationSeconds: 60,
  direction: 'INBOUND',
  ...extra,
});

async function platformToken(accountId: string) {
  const created = await call('POST', `/v1/accounts/${accountId}/platform-tokens`, {
    as: 'amir',
    body: { name: 'Telephony platform' },
  });
  expect(created.status).toBe(201);
  return `Bearer ${created.body.token}`;
}

describe('R7 R10 R14 the platform records calls with its platform token', () => {
  it('records each call once, for the token’s account; call logs page newest first, by user from its own partition', async () => {
    const accountId = await givenAccount();
    const authorization = await platformToken(accountId);

    const first = await call('POST', '/platform/v1/calls', {
      authorization,
      body: {
        calls: [
          aCall('c-1', 'dan', '2026-12-01T09:00:00Z', { number: '+44 20 7946 0000' }),
          aCall('c-2', 'dan', '2026-12-01T10:00:00+01:00', { direction: 'OUTBOUND' }),
          aCall('c-3', 'erin', '2026-12-01T11:00:00Z'),
          aCall('c-4', 'nobody', '2026-12-01T12:00:00Z'),
        ],
      },
    });
    const resent = await call('POST', '/platform/v1/calls', {
      authorization,
      body: aCall('c-1', 'dan', '2026-12-01T09:30:00Z'),
    });

    expect(first).toMatchObject({
      status: 200,
      body: {
        accountId,
        results: [
          { index: 0, callId: 'c-1', outcome: 'recorded' },
          { index: 1, callId: 'c-2', outcome: 'recorded' },
          { index: 2, callId: 'c-3', outcome: 'recorded' },
          { index: 3, callId: 'c-4', outcome: 'unknown-user' },
        ],
      },
    });
    expect(resent.body.results).toEqual([{ index: 0, callId: 'c-1', outcome: 'duplicate' }]);
    const page1 = (await call('GET', `/v1/accounts/${accountId}/call-logs?userId=dan&limit=1`, { as: 'erin' })).body;
    const page2 = (
      await call('GET', `/v1/accounts/${accountId}/call-logs?userId=dan&limit=1&cursor=${page1.nextCursor}`, {
        as: 'erin',
      })
    ).body;
    // 10:00+01:00 is 09:00 UTC as well: the same time, then by callId, newest first.
    expect(page1.calls.map((c: { callId: string }) => c.callId)).toEqual(['c-2']);
    expect(page2.calls).toEqual([
      {
        callId: 'c-1',
        at: '2026-12-01T09:00:00.000Z',
        userId: 'dan',
        userDisplayName: 'Dan Member',
        durationSeconds: 60,
        direction: 'INBOUND',
        number: '+44 20 7946 0000',
      },
    ]);
    expect(page2.nextCursor ?? null).toBe(null);
    const all = (await call('GET', `/v1/accounts/${accountId}/call-logs`, { as: 'erin' })).body.calls;
    expect(all.map((c: { callId: string }) => c.callId)).toEqual(['c-3', 'c-2', 'c-1']);
  });

  it('refuses a whole request with one invalid call or one naming another account, recording nothing; the token works nowhere else', async () => {
    const accountId = await givenAccount();
    const other = await givenAccount();
    const authorization = await platformToken(accountId);

    const invalid = await call('POST', '/platform/v1/calls', {
      authorization,
      body: { calls: [aCall('c-1', 'dan', '2026-12-01T09:00:00Z'), aCall('c-2', 'dan', 'yesterday')] },
    });
    const elsewhere = await call('POST', '/platform/v1/calls', {
      authorization,
      body: {
        calls: [
          aCall('c-3', 'dan', '2026-12-01T09:00:00Z'),
          { ...aCall('c-4', 'dan', '2026-12-01T09:00:00Z'), accountId: other },
        ],
      },
    });
    const onTheApi = await call('GET', `/v1/accounts/${accountId}/users`, { authorization });
    const noToken = await call('POST', '/platform/v1/calls', {
      as: 'amir',
      body: aCall('c-5', 'dan', '2026-12-01T09:00:00Z'),
    });
    const byAMember = await call('POST', `/v1/accounts/${accountId}/platform-tokens`, {
      as: 'dan',
      body: { name: 'x' },
    });

    expect(invalid).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.calls.1.startedAt']);
    expect(elsewhere).toMatchObject({ status: 403, body: { code: 'NOT_ALLOWED' } });
    expect([onTheApi.status, noToken.status, byAMember.status]).toEqual([401, 401, 403]);
    expect((await call('GET', `/v1/accounts/${accountId}/call-logs`, { as: 'amir' })).body.calls).toEqual([]);
    expect((await call('GET', `/v1/accounts/${other}/call-logs`, { as: 'amir' })).body.calls).toEqual([]);
  });

  it('R7 keeps a removed user’s calls attributed, and records a late one with the name it had', async () => {
    const accountId = await givenAccount();
    const authorization = await platformToken(accountId);
    await call('POST', '/platform/v1/calls', { authorization, body: aCall('c-1', 'farah', '2026-12-01T09:00:00Z') });
    const accepted = await call('POST', `/v1/accounts/${accountId}/users/farah/removal`, {
      as: 'amir',
      body: { confirm: true },
    });
    expect((await waitForRemoval(call, accepted.body.statusUrl, 'amir')).status).toBe('COMPLETED');

    const late = await call('POST', '/platform/v1/calls', {
      authorization,
      body: aCall('c-2', 'farah', '2026-12-01T10:00:00Z'),
    });

    expect(late.body.results).toEqual([{ index: 0, callId: 'c-2', outcome: 'recorded' }]);
    const calls = (await call('GET', `/v1/accounts/${accountId}/call-logs?userId=farah`, { as: 'amir' })).body.calls;
    expect(calls.map((c: { callId: string; userDisplayName: string }) => [c.callId, c.userDisplayName])).toEqual([
      ['c-2', 'Farah Member'],
      ['c-1', 'Farah Member'],
    ]);
  });
});

describe('R14 CallCompleted on the bus comes only from the platform’s principal', () => {
  it('records a CallCompleted the platform puts on the bus, and refuses one from anyone else', async () => {
    const accountId = await givenAccount();
    const detail = { accountId, ...aCall('c-bus-1', 'dan', '2026-12-01T09:00:00Z') };

    const forged = putOnLocalBus(
      api.runtime,
      [{ source: 'telephony.platform', detailType: 'CallCompleted', detail: { ...detail, callId: 'c-forged' } }],
      LOCAL_CREDENTIALS,
    );
    await expect(forged).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await putOnLocalBus(
      api.runtime,
      [{ source: 'telephony.platform', detailType: 'CallCompleted', detail }],
      LOCAL_PLATFORM_SENDER_CREDENTIALS,
    );
    await putOnLocalBus(
      api.runtime,
      [{ source: 'telephony.platform', detailType: 'CallCompleted', detail }],
      LOCAL_PLATFORM_SENDER_CREDENTIALS,
    );

    const calls = (await call('GET', `/v1/accounts/${accountId}/call-logs`, { as: 'amir' })).body.calls;
    expect(calls.map((c: { callId: string }) => c.callId)).toEqual(['c-bus-1']);
  });
});
