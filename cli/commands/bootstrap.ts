// `offboard bootstrap`: the first account and its owner in a deployed stack, found from the stack's
// outputs. Writes the account and the owner (and the owner's UserAdded event, from which the
// identity sync creates the sign-in identity and emails the invitation), then prints the sign-in
// URL. Running it again changes nothing.
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import * as z from 'zod';
import { IdSchema, PlanSchema } from '#core/model/index.ts';

const USAGE = `usage: offboard bootstrap --account-id ID --name NAME --plan NANO|SWIFT|CRETA|ENTERPRISE
                        --billing-cycle-day N --owner-email EMAIL --owner-name NAME
                        [--stack OffboardStateless] [--region REGION]`;

const FlagsSchema = z.object({
  'account-id': IdSchema,
  name: z.string().trim().min(1).max(200),
  plan: PlanSchema,
  'billing-cycle-day': z.coerce.number().int().min(1).max(31),
  'owner-email': z.email().max(254),
  'owner-name': z.string().trim().min(1).max(200),
  stack: z.string().min(1).default('OffboardStateless'),
  region: z.string().min(1).optional(),
});

/** The stack's outputs by key (TableName, UserPoolId, SignInUrl…). */
export async function stackOutputs(client: CloudFormationClient, stackName: string): Promise<Record<string, string>> {
  const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = Stacks?.[0]?.Outputs ?? [];
  return Object.fromEntries(outputs.map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
}

export async function bootstrap(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: Object.fromEntries(
      ['account-id', 'name', 'plan', 'billing-cycle-day', 'owner-email', 'owner-name', 'stack', 'region'].map((n) => [
        n,
        { type: 'string' as const },
      ]),
    ),
    strict: true,
  });
  const parsed = FlagsSchema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`).join('\n');
    process.stderr.write(`offboard bootstrap: the flags are not valid:\n${problems}\n${USAGE}\n`);
    return 2;
  }
  const flags = parsed.data;
  const region = flags.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) {
    process.stderr.write('offboard bootstrap: no region: pass --region or set AWS_REGION\n');
    return 2;
  }

  process.stdout.write(`reading the outputs of stack ${flags.stack} in ${region} … `);
  const outputs = await stackOutputs(new CloudFormationClient({ region }), flags.stack);
  if (!outputs.TableName) {
    process.stderr.write(`\noffboard bootstrap: stack ${flags.stack} has no TableName output (is it deployed?)\n`);
    return 1;
  }
  process.stdout.write('ok\n');

  // The adapters read their config from the environment: point it at the deployed table.
  Object.assign(process.env, { TABLE_NAME: outputs.TableName, AWS_REGION: region });
  const { dynamoDocumentClient } = await import('#adapters/clients.ts');
  const { bootstrapAccount } = await import('#adapters/dynamodb/bootstrap.ts');
  process.stdout.write(`writing account ${flags['account-id']} and its owner ${flags['owner-email']} … `);
  const result = await bootstrapAccount(dynamoDocumentClient(), outputs.TableName, {
    accountId: flags['account-id'],
    name: flags.name,
    plan: flags.plan,
    billingCycleDay: flags['billing-cycle-day'],
    ownerEmail: flags['owner-email'],
    ownerName: flags['owner-name'],
  });
  process.stdout.write(
    result.outcome === 'created'
      ? `created (owner ${result.ownerId})\n`
      : `already there (owner ${result.ownerId}), unchanged\n`,
  );
  process.stdout.write(
    [
      `The owner receives an email invitation with a temporary password (from the identity sync).`,
      outputs.SignInUrl
        ? `Sign in at: ${outputs.SignInUrl}`
        : `Sign in through your identity provider (user pool ${outputs.UserPoolId ?? '?'}).`,
      '',
    ].join('\n'),
  );
  return 0;
}
