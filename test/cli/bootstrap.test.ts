// `npx offboard bootstrap` against a deployed stack (its outputs read from CloudFormation — mocked
// here, the table is DynamoDB Local): the first account and its owner, once, whatever reruns.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { bootstrap } from '#cli/commands/bootstrap.ts';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { stores, uniqueId } from '../support/accounts.ts';
import { testTableName } from '../support/env.ts';

const cloudFormation = mockClient(CloudFormationClient);
afterEach(() => {
  cloudFormation.reset();
  vi.restoreAllMocks();
});

const flags = (accountId: string, ownerEmail = `owner@${accountId}.test`) => [
  '--account-id',
  accountId,
  '--name',
  'Acme',
  '--plan',
  'SWIFT',
  '--billing-cycle-day',
  '1',
  '--owner-email',
  ownerEmail,
  '--owner-name',
  'Olivia Owner',
  '--region',
  // DynamoDB Local keeps tables per region: the test table lives in us-east-1.
  'us-east-1',
];

async function itemsNaming(accountId: string) {
  const { Items = [] } = await dynamoDocumentClient().send(
    new ScanCommand({ TableName: testTableName(), ConsistentRead: true }),
  );
  return Items.filter((item) => JSON.stringify(item).includes(accountId));
}

/** The deployed stack's outputs, as CloudFormation's DescribeStacks answers them. */
const givenStackOutputs = (outputs: Record<string, string>) =>
  cloudFormation.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'OffboardStateless',
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });

describe('offboard bootstrap', () => {
  it('creates the account and its owner once, with the UserAdded event the identity sync invites from; a rerun changes nothing', async () => {
    const accountId = uniqueId('boot');
    givenStackOutputs({
      TableName: testTableName(),
      SignInUrl: 'https://acme.auth.eu-west-1.amazoncognito.com/login?client_id=x',
    });
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));

    expect(await bootstrap(flags(accountId))).toBe(0);
    const afterFirst = await itemsNaming(accountId);
    expect(await bootstrap(flags(accountId))).toBe(0);

    const account = await stores().accounts.getAccount(accountId);
    expect(account).toMatchObject({ plan: 'SWIFT', billingCycleDay: 1, seatsUsed: 1 });
    expect(await stores().users.getUser(accountId, account!.ownerId)).toMatchObject({
      role: 'OWNER',
      status: 'ACTIVE',
      email: `owner@${accountId}.test`,
    });
    const outbox = afterFirst.filter((i) => i.entity === 'OUTBOX');
    expect(outbox.map((i) => i.detailType)).toEqual(['UserAdded']);
    expect(JSON.stringify(await itemsNaming(accountId))).toBe(JSON.stringify(afterFirst));
    expect(printed.join('')).toContain('Sign in at: https://acme.auth.eu-west-1.amazoncognito.com/login');
    expect(printed.join('')).toContain('already there');
  });

  it('refuses bad flags with the reason, and an existing account with another owner', async () => {
    const accountId = uniqueId('boot');
    givenStackOutputs({ TableName: testTableName() });
    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (errors.push(String(chunk)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    expect(await bootstrap([...flags(accountId).slice(0, 4), '--plan', 'GOLD'])).toBe(2);
    expect(errors.join('')).toContain('--plan');
    expect(await bootstrap(flags(accountId))).toBe(0);
    await expect(bootstrap(flags(accountId, 'someone-else@x.test'))).rejects.toThrow(/another owner/);
  });
});
