// The open world's endpoints (issue #23): DynamoDB requests and time of one call of each — the
// resources API, rotation members, the platform's call records, call logs and a profile change —
// in a given account, as an admin. Each count includes the authorizer's read of the caller (R6).
import { signLocalJwt } from '#local/jwt.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import type { meterDynamoDb } from './measure-dynamodb.ts';

export interface EndpointRow {
  endpoint: string;
  requests: number;
  ms: number;
}

/** `users`: two members of the account to give things to and take them from. */
export async function measureOpenWorld(
  runtime: LocalRuntime,
  meter: ReturnType<typeof meterDynamoDb>,
  accountId: string,
  users: [string, string],
): Promise<EndpointRow[]> {
  const [first, second] = users;
  const admin = `Bearer ${await signLocalJwt('admin')}`;
  const base = `/v1/accounts/${accountId}`;
  const rows: EndpointRow[] = [];
  const send = async (method: string, path: string, body?: unknown, authorization = admin) => {
    const response = await fetch(`${runtime.apiUrl}${path}`, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text ? (JSON.parse(text) as Record<string, any>) : {};
  };
  const measure = async (endpoint: string, method: string, path: string, body?: unknown, authorization?: string) => {
    meter.reset();
    const started = performance.now();
    const answer = await send(method, path, body, authorization);
    rows.push({ endpoint, requests: meter.read().requests, ms: +(performance.now() - started).toFixed(1) });
    return answer;
  };

  const team = await measure('POST …/resources (a team with a member)', 'POST', `${base}/resources`, {
    type: 'TEAM',
    name: 'Bench team',
    ownerId: first,
    members: [first],
  });
  const teamPath = `${base}/resources/TEAM/${team.id}`;
  await measure('GET …/resources/{type}/{id}', 'GET', teamPath);
  await measure('GET …/resources?ownerId= (a page)', 'GET', `${base}/resources?ownerId=${first}&limit=50`);
  await measure('GET …/resources?memberId=', 'GET', `${base}/resources?memberId=${first}`);
  await measure('PATCH …/resources/{type}/{id} (rename)', 'PATCH', teamPath, { name: 'Bench team 2' });
  await measure('PATCH …/resources/{type}/{id} (hand over)', 'PATCH', teamPath, { ownerId: second });
  await measure('PUT …/members/{userId}', 'PUT', `${teamPath}/members/${second}`);
  await measure('DELETE …/members/{userId}', 'DELETE', `${teamPath}/members/${first}`);
  await measure('DELETE …/resources/{type}/{id}', 'DELETE', teamPath);
  const token = (await send('POST', `${base}/platform-tokens`, { name: 'bench' })).token as string;
  const call = (i: number) => ({
    callId: `bench-${accountId}-${i}`,
    userId: first,
    startedAt: new Date(Date.UTC(2026, 11, 1, 9, 0, i)).toISOString(),
    durationSeconds: 60,
    direction: 'INBOUND',
  });
  await measure('POST /platform/v1/calls (1 call)', 'POST', '/platform/v1/calls', call(0), `Bearer ${token}`);
  await measure(
    'POST /platform/v1/calls (100 calls)',
    'POST',
    '/platform/v1/calls',
    { calls: Array.from({ length: 100 }, (_, i) => call(i + 1)) },
    `Bearer ${token}`,
  );
  await measure('GET …/call-logs?userId= (a page)', 'GET', `${base}/call-logs?userId=${first}&limit=50`);
  await measure('PATCH …/users/{userId} (display name)', 'PATCH', `${base}/users/${second}`, {
    displayName: 'Renamed in the bench',
  });
  return rows;
}
