// Every row of docs/api.md's error table, produced over HTTP, each refusal changing nothing.
import { describe, expect, it } from 'vitest';
import { accountSnapshot, givenAccount, stores } from '../support/accounts.ts';
import { apiClient, badJwt, useApiRuntime } from '../support/api.ts';
import { pauseBefore } from '../support/faults.ts';

const api = useApiRuntime();
const call: ReturnType<typeof apiClient> = (...args) => api.call(...args);

const OWNS_A_NUMBER = {
  resources: [{ type: 'PHONE_NUMBER' as const, id: 'num-1', name: '+1 555 0001', ownerId: 'dan' }],
};

/** Sends a request that must be refused with `status`/`code` and proves the account is unchanged. */
async function expectProblem(accountId: string, request: () => ReturnType<typeof call>, status: number, code: string) {
  const before = await accountSnapshot(accountId);
  const response = await request();
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body).toMatchObject({
    status,
    code,
    type: expect.stringContaining('/problems/'),
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(await accountSnapshot(accountId)).toBe(before);
  return response.body;
}

describe('400', () => {
  it('VALIDATION_FAILED lists the path of every bad or unknown field', async () => {
    const accountId = await givenAccount(OWNS_A_NUMBER);
    const problem = await expectProblem(
      accountId,
      () =>
        call('POST', `/v1/accounts/${accountId}/users/dan/removal`, {
          as: 'amir',
          body: { confirm: true, reassignTo: 'bea', extra: 1, reason: 7 },
        }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body' }),
        expect.objectContaining({ path: 'body.reason' }),
      ]),
    );
    expect(problem.errors.find((e: { path: string }) => e.path === 'body').message).toContain('extra');
  });

  it('VALIDATION_FAILED for a body that is not JSON, and for an unknown query parameter', async () => {
    const accountId = await givenAccount();
    await expectProblem(
      accountId,
      () => call('POST', `/v1/accounts/${accountId}/users`, { as: 'amir', rawBody: '{"email":' }),
      400,
      'VALIDATION_FAILED',
    );
    const problem = await expectProblem(
      accountId,
      () => call('GET', `/v1/accounts/${accountId}/users?sort=name`, { as: 'amir' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors[0].path).toBe('query');
  });

  it('CONFIRMATION_REQUIRED without "confirm": true', async () => {
    const accountId = await givenAccount();
    await expectProblem(
      accountId,
      () => call('POST', `/v1/accounts/${accountId}/users/farah/removal`, { as: 'amir', body: {} }),
      400,
      'CONFIRMATION_REQUIRED',
    );
    await expectProblem(
      accountId,
      () => call('POST', `/v1/accounts/${accountId}/users/farah/removal`, { as: 'amir', body: { confirm: false } }),
      400,
      'CONFIRMATION_REQUIRED',
    );
  });
});

describe('401', () => {
  it.each([
    ['no token', async () => null],
    ['a malformed header', async () => 'Basic abc'],
    ['a token that is not a JWT', async () => 'Bearer not-a-jwt'],
    ['an expired token', () => badJwt('amir', 'expired')],
    ['a badly signed token', () => badJwt('amir', 'wrong-secret')],
    ['an unknown API token', async () => 'Bearer obt_unknown'],
  ])('UNAUTHENTICATED for %s', async (_, authorization) => {
    const accountId = await givenAccount();
    await expectProblem(
      accountId,
      async () => call('GET', `/v1/accounts/${accountId}/users`, { authorization: await authorization() }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('R6 ACCESS_REVOKED for an INACTIVE caller with a valid token', async () => {
    const accountId = await givenAccount({ statuses: { amir: 'INACTIVE' } });
    await expectProblem(
      accountId,
      () => call('GET', `/v1/accounts/${accountId}/users`, { as: 'amir' }),
      401,
      'ACCESS_REVOKED',
    );
  });
});

describe('403 and 404', () => {
  it('R1 NOT_ALLOWED for a member removing, deactivating or reading the audit log', async () => {
    const accountId = await givenAccount();
    await expectProblem(
      accountId,
      () => call('POST', `/v1/accounts/${accountId}/users/farah/removal`, { as: 'erin', body: { confirm: true } }),
      403,
      'NOT_ALLOWED',
    );
    await expectProblem(
      accountId,
      () => call('POST', `/v1/accounts/${accountId}/users/farah/deactivate`, { as: 'erin' }),
      403,
      'NOT_ALLOWED',
    );
    await expectProblem(
      accountId,
      () => call('GET', `/v1/accounts/${accountId}/audit-log`, { as: 'erin' }),
      403,
      'NOT_ALLOWED',
    );
  });

  it('NOT_FOUND for an unknown user and an unknown removal', async () => {
    const accountId = await givenAccount();
    await expectProblem(
      accountId,
      () => call('GET', `/v1/accounts/${accountId}/users/nobody`, { as: 'amir' }),
      404,
      'NOT_FOUND',
    );
    await expectProblem(
      accountId,
      () => call('POST', `/v1/accounts/${accountId}/users/nobody/removal`, { as: 'amir', body: { confirm: true } }),
      404,
      'NOT_FOUND',
    );
    await expectProblem(
      accountId,
      () => call('GET', `/v1/accounts/${accountId}/removals/rm-nope`, { as: 'amir' }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('409 and 422', () => {
  it('R2 OWNER_MUST_TRANSFER and R3 CANNOT_REMOVE_SELF', async () => {
    const accountId = await givenAccount();
    await expectProblem(
      accountId,
      () => call('POST', `/v1/accounts/${accountId}/users/olivia/removal`, { as: 'amir', body: { confirm: true } }),
      409,
      'OWNER_MUST_TRANSFER',
    );
    await expectProblem(
      accountId,
      () => call('POST', `/v1/accounts/${accountId}/users/olivia/deactivate`, { as: 'amir' }),
      409,
      'OWNER_MUST_TRANSFER',
    );
    await expectProblem(
      accountId,
      () => call('POST', `/v1/accounts/${accountId}/users/amir/removal`, { as: 'amir', body: { confirm: true } }),
      409,
      'CANNOT_REMOVE_SELF',
    );
  });

  it('R4 RESOURCES_NEED_REASSIGNMENT lists the blocking resources; INVALID_REASSIGNMENT_TARGET lists the targets', async () => {
    const accountId = await givenAccount(OWNS_A_NUMBER);
    const missing = await expectProblem(
      accountId,
      () => call('POST', `/v1/accounts/${accountId}/users/dan/removal`, { as: 'amir', body: { confirm: true } }),
      409,
      'RESOURCES_NEED_REASSIGNMENT',
    );
    expect(missing.resources).toEqual([{ type: 'PHONE_NUMBER', id: 'num-1', name: '+1 555 0001' }]);
    const invalid = await expectProblem(
      accountId,
      () =>
        call('POST', `/v1/accounts/${accountId}/users/dan/removal`, {
          as: 'amir',
          body: { confirm: true, reassignTo: 'gus' },
        }),
      409,
      'INVALID_REASSIGNMENT_TARGET',
    );
    expect(invalid.targets).toEqual(['gus']);
    expect(
      api.runtime.stepFunctions
        .listExecutions()
        .filter((e) => (e.input as { accountId: string }).accountId === accountId),
    ).toEqual([]);
  });

  it('R10 REMOVAL_IN_PROGRESS names the pending removal', async () => {
    const accountId = await givenAccount();
    const hold = pauseBefore({
      command: 'TransactWriteItemsCommand',
      when: (input) => JSON.stringify(input).includes(':removing'),
    });
    try {
      const first = await call('POST', `/v1/accounts/${accountId}/users/farah/removal`, {
        as: 'amir',
        body: { confirm: true },
      });
      expect(first.status).toBe(202);
      const problem = await call('POST', `/v1/accounts/${accountId}/users/farah/removal`, {
        as: 'bea',
        body: { confirm: true },
      });
      expect(problem.status).toBe(409);
      expect(problem.body).toMatchObject({ code: 'REMOVAL_IN_PROGRESS', removalId: first.body.removalId });
    } finally {
      hold.release();
      hold.remove();
    }
  });

  it('NOT_CANCELLABLE for a removal that already ended', async () => {
    const accountId = await givenAccount();
    const accepted = await call('POST', `/v1/accounts/${accountId}/users/farah/removal`, {
      as: 'amir',
      body: { confirm: true },
    });
    await api.runtime.stepFunctions.describeExecution(accepted.body.removalId)?.done;
    await expectProblem(
      accountId,
      () => call('DELETE', accepted.body.statusUrl, { as: 'amir' }),
      409,
      'NOT_CANCELLABLE',
    );
  });

  it('R8 SEAT_LIMIT_REACHED on a full seat-based plan', async () => {
    // NANO allows 3 seats; the cast holds 7 — already over, as a downgraded account might be.
    const accountId = await givenAccount({ plan: 'NANO' });
    await expectProblem(
      accountId,
      () =>
        call('POST', `/v1/accounts/${accountId}/users`, {
          as: 'amir',
          body: { email: 'new@x.test', displayName: 'New', role: 'MEMBER' },
        }),
      409,
      'SEAT_LIMIT_REACHED',
    );
  });

  it('IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
    const accountId = await givenAccount();
    const first = await call('POST', `/v1/accounts/${accountId}/users/farah/removal`, {
      as: 'amir',
      body: { confirm: true },
      headers: { 'idempotency-key': 'k-1' },
    });
    expect(first.status).toBe(202);
    await api.runtime.stepFunctions.describeExecution(first.body.removalId)?.done;
    await expectProblem(
      accountId,
      () =>
        call('POST', `/v1/accounts/${accountId}/users/farah/removal`, {
          as: 'amir',
          body: { confirm: true, reason: 'other' },
          headers: { 'idempotency-key': 'k-1' },
        }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect((await stores().users.getUser(accountId, 'farah'))?.status).toBe('REMOVED');
  });
});

describe('R10 the same Idempotency-Key gets the same answer', () => {
  it('concurrent duplicates all get 202 with the same removalId; a replay after completion answers COMPLETED', async () => {
    const accountId = await givenAccount();
    const post = () =>
      call('POST', `/v1/accounts/${accountId}/users/farah/removal`, {
        as: 'amir',
        body: { confirm: true, reason: 'Left' },
        headers: { 'idempotency-key': 'same-key' },
      });

    const answers = await Promise.all(Array.from({ length: 5 }, post));

    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(answers.map((a) => a.body.removalId)).size).toBe(1);
    const removalId = answers[0]!.body.removalId as string;
    await api.runtime.stepFunctions.describeExecution(removalId)?.done;
    expect((await post()).body).toMatchObject({ removalId, status: 'COMPLETED' });
    expect((await call('GET', `/v1/accounts/${accountId}/removals`, { as: 'amir' })).body.removals).toHaveLength(1);
  });
});
