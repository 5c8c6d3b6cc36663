// `npx offboard import FILE.json --stack S`: an existing account loaded through the product's own
// use cases into a deployed stack (CloudFormation's outputs mocked; the table is DynamoDB Local) —
// seats (R8), owners and members ACTIVE when given (R12), history attributed (R7), deactivations
// last (R9) — and nothing twice on a second run (R10).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { importFixture } from '#cli/commands/import.ts';
import { stores, uniqueId, views } from '../support/accounts.ts';
import { testTableName } from '../support/env.ts';

const cloudFormation = mockClient(CloudFormationClient);
afterEach(() => {
  cloudFormation.reset();
  vi.restoreAllMocks();
});

const fixtureOf = (accountId: string) => ({
  accounts: [
    {
      accountId,
      name: 'Imported Co',
      plan: 'NANO',
      billingCycleDay: 1,
      users: [
        { userId: 'olivia', email: `olivia@${accountId}.test`, displayName: 'Olivia Owner', role: 'OWNER' },
        { userId: 'amir', email: `amir@${accountId}.test`, displayName: 'Amir Admin', role: 'ADMIN' },
        { userId: 'dan', email: `dan@${accountId}.test`, displayName: 'Dan Agent', role: 'MEMBER', status: 'INACTIVE' },
        { userId: 'erin', email: `erin@${accountId}.test`, displayName: 'Erin Agent', role: 'MEMBER' },
      ],
      resources: [
        { type: 'PHONE_NUMBER', id: 'num-1', name: '+1 555 0100 Main line', ownerId: 'dan' },
        { type: 'CALL_FLOW', id: 'flow-1', name: 'After hours', ownerId: 'erin' },
        { type: 'TEAM', id: 'team-1', name: 'Support', ownerId: 'amir', members: ['amir', 'dan', 'erin'] },
      ],
      callLogs: [
        { callId: 'c-1', userId: 'dan', at: '2026-11-30T09:00:00Z', durationSeconds: 30, direction: 'INBOUND' },
        { callId: 'c-2', userId: 'erin', at: '2026-11-30T10:00:00Z', durationSeconds: 40 },
      ],
    },
  ],
});

async function runImport(file: string) {
  cloudFormation.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'OffboardStateless',
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: [{ OutputKey: 'TableName', OutputValue: testTableName() }],
      },
    ],
  });
  const printed: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed.push(String(chunk));
    return true;
  });
  const exitCode = await importFixture([file, '--stack', 'OffboardStateless', '--region', 'us-east-1']);
  vi.restoreAllMocks();
  return { exitCode, output: printed.join('') };
}

describe('R8 R12 R7 R9 R10 offboard import loads an account through the product’s checks', () => {
  it('imports users, resources, rotations, calls and deactivations; refuses past the seat limit, saying why; a second run changes nothing', async () => {
    const accountId = uniqueId('import');
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'import-')), 'account.json');
    await writeFile(file, JSON.stringify(fixtureOf(accountId)));

    const first = await runImport(file);

    expect(first.exitCode).toBe(1); // something was refused: erin, past NANO's 3 seats
    expect(first.output).toContain('users: erin@');
    expect(first.output).toContain('SEAT_LIMIT_REACHED');
    expect(first.output).toMatch(/resources: CALL_FLOW flow-1 — INVALID_OWNER/);
    expect(first.output).toMatch(/users\s+2 new, 1 already there/);
    const users = stores().users;
    const dan = (await users.findUserByEmail(accountId, `dan@${accountId}.test`))!;
    const amir = (await users.findUserByEmail(accountId, `amir@${accountId}.test`))!;
    expect(dan).toMatchObject({
      displayName: 'Dan Agent',
      role: 'MEMBER',
      status: 'INACTIVE',
      ownedCount: 1,
      memberCount: 1,
    });
    expect(amir).toMatchObject({ role: 'ADMIN', status: 'ACTIVE', ownedCount: 1, memberCount: 1 });
    const team = await stores().resources.getResource(accountId, { type: 'TEAM', id: 'team-1' });
    // dan joined while ACTIVE (R12); his deactivation, last, marks him as not taking calls (R9).
    expect(team?.memberStatuses).toEqual({ [amir.userId]: 'ACTIVE', [dan.userId]: 'INACTIVE' });
    expect(await stores().resources.getResource(accountId, { type: 'PHONE_NUMBER', id: 'num-1' })).toMatchObject({
      ownerId: dan.userId,
    });
    const calls = (await views().callLogs(accountId, {}, 50)).calls;
    expect(calls.map((c) => [c.callId, c.userId, c.userDisplayName])).toEqual([['c-1', dan.userId, 'Dan Agent']]);
    const audit = (await views().auditLog(accountId, 100)).entries.map((e) => e.action);
    expect(audit.filter((a) => a === 'USER_ADDED')).toHaveLength(2);
    expect(audit.filter((a) => a === 'RESOURCE_CREATED')).toHaveLength(2);
    expect(audit).toContain('USER_DEACTIVATED');

    const second = await runImport(file);

    expect(second.output).toMatch(/users\s+0 new, 3 already there/);
    expect(second.output).toMatch(/numbers, flows, teams, rules\s+0 new, 2 already there/);
    expect(second.output).toMatch(/call records\s+0 new, 1 already there/);
    expect(second.output).toMatch(/deactivations\s+0 new, 1 already there/);
    expect((await views().auditLog(accountId, 100)).entries).toHaveLength(audit.length);
  });
});
