// Issue #24: every read endpoint in a 10-user account and in one with 100,000 users (half of them
// REMOVED), 100,000 resources and 200,000 call logs — DynamoDB requests, items read, median time
// and response size of one page. The accounts are written straight into the table with
// BatchWriteItem (25 items a request, several requests in flight), from the same item builders
// the stores use: going through the API would take hours and measure the writes, not the reads.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchPutAll } from '#adapters/dynamodb/item-io.ts';
import {
  accountItem,
  auditItem,
  callItem,
  emailClaimItem,
  externalIdItem,
  resourceItem,
  userItem,
} from '#adapters/dynamodb/items.ts';
import { acceptedRemovalItem } from '#adapters/dynamodb/removal-record.ts';
import type { Role, User } from '#core/model/index.ts';
import { signLocalJwt } from '#local/jwt.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import type { meterDynamoDb } from './measure-dynamodb.ts';

export interface AccountShape {
  /** Users that are not removed (the owner, the bench's admin and its target among them). */
  live: number;
  /** Removed users: tombstones, each with its completed removal and its audit entry. */
  removed: number;
  resources: number;
  calls: number;
}

export interface ReadRow {
  endpoint: string;
  requests: number;
  itemsRead: number;
  returned: number;
  medianMs: number;
  bytes: number;
}

/** Items per page in every list of the comparison: small enough for the small account to fill. */
export const PAGE = 5;
const RUNS = 7;
const IN_FLIGHT = 8;
/** What the target owns and its calls: more than a page in either account. */
const TARGET_OWNS = 10;
const TARGET_CALLS = 20;
const FIRST = ['Alice', 'Bruno', 'Alan', 'Chloé', 'Alma', 'Dmitri', 'Alex', 'Eun-ji', 'Ali', 'Farah'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'García', 'Novak', 'Haddad', 'Singh', 'Kowalski', 'Silva'];
/** Five of the ten first names start with it, so a search fills a page in both accounts. */
const SEARCH = 'al';
/** Numbers are named `+1 555 <n>`: this starts eleven of the small account's twenty. */
const NUMBER_SEARCH = '+1 555 1';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The n-th generated user of an account; the first three are the owner, the admin and the target. */
function userOf(accountId: string, i: number, removed: boolean): User {
  const special: Record<number, [string, string, Role]> = {
    0: ['owner', 'Olivia Owner', 'OWNER'],
    1: ['admin', 'Adam Admin', 'ADMIN'],
    2: ['target', 'Tara Target', 'MEMBER'],
  };
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
  const [userId, displayName, role] = special[i] ?? [`u${i}`, `${first} ${last} ${i}`, 'MEMBER' as Role];
  const email = `${displayName
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '.')}@${accountId}.test`;
  return {
    accountId,
    userId,
    email,
    displayName,
    role,
    version: 1,
    ownedCount: 0,
    memberCount: 0,
    memberOf: {},
    ...(removed
      ? { status: 'REMOVED', removalId: `r-${userId}`, removedAt: '2026-06-01T00:00:00.000Z' }
      : { status: 'ACTIVE', externalId: `idp-${userId}` }),
  } as User;
}

/** Writes the account, `IN_FLIGHT` batches at a time, printing progress; returns the item count. */
export async function seedScaleAccount(
  db: DynamoDBDocumentClient,
  tableName: string,
  accountId: string,
  shape: AccountShape,
  log: (line: string) => void,
): Promise<number> {
  const live = Array.from({ length: shape.live }, (_, i) => userOf(accountId, i, false));
  const ownerOf = (j: number) => (j < TARGET_OWNS ? 2 : j % shape.live);
  for (let j = 0; j < shape.resources; j++) (live[ownerOf(j)] as User).ownedCount! += 1;
  let written = 0;
  const write = async (items: Record<string, unknown>[]) => {
    const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, b) => items.slice(b * 25, b * 25 + 25));
    for (let b = 0; b < batches.length; b += IN_FLIGHT)
      await Promise.all(batches.slice(b, b + IN_FLIGHT).map((batch) => batchPutAll(db, tableName, batch)));
    written += items.length;
  };
  const inChunks = async (count: number, itemsOf: (i: number) => Record<string, unknown>[], what: string) => {
    const CHUNK = 5_000;
    for (let start = 0; start < count; start += CHUNK) {
      const items: Record<string, unknown>[] = [];
      for (let i = start; i < Math.min(count, start + CHUNK); i++) items.push(...itemsOf(i));
      await write(items);
      if (count >= 10_000) log(`    ${accountId}: ${Math.min(count, start + CHUNK)}/${count} ${what}`);
    }
  };
  await inChunks(
    shape.live,
    (i) => {
      const user = live[i] as User;
      return [userItem(user), emailClaimItem(user), externalIdItem(user, user.externalId as string)];
    },
    'live users',
  );
  await inChunks(
    shape.removed,
    (n) => {
      const user = userOf(accountId, shape.live + n, true);
      const requestedAt = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
      const request = {
        removalId: user.removalId as string,
        accountId,
        userId: user.userId,
        requestedBy: { type: 'USER' as const, id: 'admin' },
        requestedAt,
      };
      return [
        userItem(user),
        { ...acceptedRemovalItem(request), status: 'COMPLETED', step: 'COMPLETED', endedAt: requestedAt },
        auditItem({
          id: `${request.removalId}.removed`,
          accountId,
          at: requestedAt,
          actor: request.requestedBy,
          action: 'USER_REMOVED',
          targetUserId: user.userId,
          details: { removalId: request.removalId },
        }),
      ];
    },
    'removed users with their removals and audit entries',
  );
  await inChunks(
    shape.resources,
    (j) => [
      resourceItem({
        accountId,
        type: 'PHONE_NUMBER',
        id: `n${j}`,
        name: `+1 555 ${j}`,
        ownerId: live[ownerOf(j)]!.userId,
      }),
    ],
    'resources',
  );
  await inChunks(
    shape.calls,
    (c) => {
      const user = live[c < TARGET_CALLS ? 2 : c % shape.live] as User;
      return [
        callItem({
          accountId,
          callId: `c${c}`,
          at: new Date(Date.UTC(2026, 10, 1) + c * 1000).toISOString(),
          userId: user.userId,
          userDisplayName: user.displayName,
          durationSeconds: 60,
          direction: 'INBOUND',
          number: null,
        }),
      ];
    },
    'call logs',
  );
  await write([
    accountItem({
      accountId,
      name: `Bench ${accountId}`,
      plan: 'ENTERPRISE',
      billingCycleDay: 1,
      ownerId: 'owner',
      seatsUsed: shape.live,
      billedSeats: shape.live,
    }),
  ]);
  return written;
}

type Endpoint = [name: string, path: string, authorization: string];

/** The read endpoints of one account, with its admin's token and a SCIM token created for the bench. */
async function endpointsOf(runtime: LocalRuntime, accountId: string): Promise<Endpoint[]> {
  const admin = `Bearer ${await signLocalJwt('admin')}`;
  const base = `/v1/accounts/${accountId}`;
  const created = await fetch(`${runtime.apiUrl}${base}/scim-tokens`, {
    method: 'POST',
    headers: { authorization: admin, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench' }),
  });
  const scim = `Bearer ${((await created.json()) as { token: string }).token}`;
  const target = userOf(accountId, 2, false);
  const scimFilter = (filter: string) => `/scim/v2/Users?filter=${encodeURIComponent(filter)}`;
  return [
    ['GET …/users (first page)', `${base}/users?limit=${PAGE}`, admin],
    [`GET …/users?q=${SEARCH}`, `${base}/users?q=${SEARCH}&limit=${PAGE}`, admin],
    ['GET …/users/{userId}', `${base}/users/target`, admin],
    ['GET …/resources?ownerId=', `${base}/resources?ownerId=target&limit=${PAGE}`, admin],
    [
      `GET …/resources?type=&q=${NUMBER_SEARCH}`,
      `${base}/resources?type=PHONE_NUMBER&q=${encodeURIComponent(NUMBER_SEARCH)}&limit=${PAGE}`,
      admin,
    ],
    ['GET …/call-logs?userId=', `${base}/call-logs?userId=target&limit=${PAGE}`, admin],
    ['GET …/removals', `${base}/removals?limit=${PAGE}`, admin],
    ['GET …/audit-log', `${base}/audit-log?limit=${PAGE}`, admin],
    ['SCIM userName eq', scimFilter(`userName eq "${target.email}"`), scim],
    ['SCIM externalId eq', scimFilter(`externalId eq "${target.externalId}"`), scim],
    ['SCIM emails.value eq', scimFilter(`emails.value eq "${target.email}"`), scim],
    ['SCIM list (first page)', `/scim/v2/Users?startIndex=1&count=${PAGE}`, scim],
    ['SCIM list (next page)', `/scim/v2/Users?startIndex=${PAGE + 1}&count=${PAGE}`, scim],
    // What the console reads as it opens its screens, at its own page sizes.
    ['console: Users screen (50)', `${base}/users?limit=50`, admin],
    ['console: user pickers (200 ACTIVE)', `${base}/users?status=ACTIVE&limit=200`, admin],
    ['console: Numbers screen (50)', `${base}/resources?type=PHONE_NUMBER&limit=50`, admin],
    ['console: Removals screen (50)', `${base}/removals?limit=50`, admin],
    ['console: Audit log screen (25)', `${base}/audit-log?limit=25`, admin],
  ];
}

interface Run {
  ms: number;
  requests: number;
  itemsRead: number;
  returned: number;
  bytes: number;
}

async function readOnce(
  runtime: LocalRuntime,
  meter: ReturnType<typeof meterDynamoDb>,
  [, path, authorization]: Endpoint,
): Promise<Run> {
  meter.reset();
  const started = performance.now();
  const response = await fetch(`${runtime.apiUrl}${path}`, { headers: { authorization } });
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text}`);
  const body = JSON.parse(text) as Record<string, unknown>;
  const list = [body.users, body.resources, body.calls, body.removals, body.entries, body.Resources].find(
    Array.isArray,
  ) as unknown[] | undefined;
  const usage = meter.read();
  return {
    ms,
    requests: usage.requests,
    itemsRead: usage.itemsRead,
    returned: list?.length ?? 1,
    bytes: Buffer.byteLength(text),
  };
}

/**
 * One page of each read endpoint in each account, `RUNS` times, the accounts taking turns (so a
 * busy moment of the machine falls on all of them alike): per account, the most requests, items and
 * bytes of any run and the median time. One unrecorded pass first: no cold start counts.
 */
export async function measureReads(
  runtime: LocalRuntime,
  meter: ReturnType<typeof meterDynamoDb>,
  accountIds: string[],
): Promise<ReadRow[][]> {
  const endpoints = await Promise.all(accountIds.map((accountId) => endpointsOf(runtime, accountId)));
  for (const perAccount of endpoints) for (const endpoint of perAccount) await readOnce(runtime, meter, endpoint);
  const rows: ReadRow[][] = accountIds.map(() => []);
  for (const [e, [name]] of endpoints[0]!.entries()) {
    const runs: Run[][] = accountIds.map(() => []);
    for (let i = 0; i < RUNS; i++)
      for (const [a, perAccount] of endpoints.entries()) runs[a]!.push(await readOnce(runtime, meter, perAccount[e]!));
    for (const [a, accountRuns] of runs.entries()) {
      // The most any run cost: a first run may do what later ones find done (a remembered SCIM position).
      const most = (key: 'requests' | 'itemsRead' | 'bytes') => Math.max(...accountRuns.map((r) => r[key]));
      rows[a]!.push({
        endpoint: name,
        requests: most('requests'),
        itemsRead: most('itemsRead'),
        returned: accountRuns[0]!.returned,
        bytes: most('bytes'),
        medianMs: +median(accountRuns.map((r) => r.ms)).toFixed(1),
      });
    }
  }
  return rows;
}

/** The largest page of each list (limit 200; the audit log's 100), to show it stays far below Lambda's 6 MB and DynamoDB's 1 MB. */
export async function largestPages(
  runtime: LocalRuntime,
  accountId: string,
): Promise<{ endpoint: string; bytes: number }[]> {
  const admin = `Bearer ${await signLocalJwt('admin')}`;
  const base = `/v1/accounts/${accountId}`;
  const pages = [
    `${base}/users?limit=200`,
    `${base}/resources?limit=200`,
    `${base}/call-logs?limit=200`,
    `${base}/removals?limit=200`,
    `${base}/audit-log?limit=100`, // the audit log's largest page
  ];
  return Promise.all(
    pages.map(async (path) => {
      const response = await fetch(`${runtime.apiUrl}${path}`, { headers: { authorization: admin } });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text}`);
      return { endpoint: `GET ${path.replace(base, '…')}`, bytes: Buffer.byteLength(text) };
    }),
  );
}
