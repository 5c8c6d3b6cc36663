// Fuzzing every mutating endpoint with inputs its schema refuses (fast-check, 1,000 cases each):
// never a 5xx, always an RFC 9457 problem, and the account's data exactly as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type * as z from 'zod';
import type { LocalRuntime } from '#local/runtime.ts';
import * as schemas from '#functions/api/schemas.ts';
import { accountSnapshot, CAST, givenAccount } from '../support/accounts.ts';
import { apiClient, startApiRuntime } from '../support/api.ts';

const CASES = 1_000;
let runtime: LocalRuntime;
let call: ReturnType<typeof apiClient>;
let accountId: string;
beforeAll(async () => {
  runtime = await startApiRuntime();
  call = apiClient(runtime);
  accountId = await givenAccount({ resources: [{ type: 'PHONE_NUMBER', id: 'num-1', name: 'n', ownerId: 'dan' }] });
});
afterAll(() => runtime?.stop());

const callers = fc.constantFrom('olivia', 'amir', 'erin');
const castIds = new Set(CAST.map((u) => u.userId));
/** Path ids that name nobody in the account (or are not even valid ids). */
const strangerId = fc
  .string({ minLength: 1, maxLength: 40 })
  .filter((id) => !castIds.has(id) && !id.includes('/') && id !== '.' && id !== '..');
const refusedBy = (schema: z.ZodType) => fc.jsonValue().filter((value) => !schema.safeParse(value).success);

async function expectRefusedWithoutChange(run: () => Promise<{ status: number; body: any }>) {
  const response = await run();
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.body).toMatchObject({ status: response.status, code: expect.any(String) });
}

const bodyEndpoints: [string, (id: string) => string, z.ZodType][] = [
  ['POST users', () => `/v1/accounts/${accountId}/users`, schemas.AddUserBody],
  ['POST removal', () => `/v1/accounts/${accountId}/users/dan/removal`, schemas.RemovalBody],
  ['POST decision', () => `/v1/accounts/${accountId}/removals/rm-x/decision`, schemas.DecisionBody],
  ['POST ownership-transfer', () => `/v1/accounts/${accountId}/ownership-transfer`, schemas.OwnershipTransferBody],
  ['POST api-tokens', () => `/v1/accounts/${accountId}/api-tokens`, schemas.ApiTokenBody],
];

describe('fuzzed mutating endpoints answer 4xx problems and change nothing', () => {
  it.each(bodyEndpoints)('%s with bodies its schema refuses', async (_, path, schema) => {
    const before = await accountSnapshot(accountId);
    await fc.assert(
      fc.asyncProperty(callers, refusedBy(schema), fc.option(fc.string({ maxLength: 30 })), async (as, body, key) => {
        await expectRefusedWithoutChange(() =>
          call('POST', path(''), {
            as,
            rawBody: JSON.stringify(body),
            ...(key ? { headers: { 'idempotency-key': key } } : {}),
          }),
        );
      }),
      { numRuns: CASES },
    );
    expect(await accountSnapshot(accountId)).toBe(before);
  });

  it.each([
    ['POST deactivate', (id: string) => `/v1/accounts/${accountId}/users/${encodeURIComponent(id)}/deactivate`, 'POST'],
    ['POST activate', (id: string) => `/v1/accounts/${accountId}/users/${encodeURIComponent(id)}/activate`, 'POST'],
    ['DELETE removal', (id: string) => `/v1/accounts/${accountId}/removals/${encodeURIComponent(id)}`, 'DELETE'],
  ])('%s with unknown or invalid ids', async (_, path, method) => {
    const before = await accountSnapshot(accountId);
    await fc.assert(
      fc.asyncProperty(callers, strangerId, async (as, id) => {
        await expectRefusedWithoutChange(() => call(method, path(id), { as }));
      }),
      { numRuns: CASES },
    );
    expect(await accountSnapshot(accountId)).toBe(before);
  });
});
