// Which table a maintenance command works on: a deployed stack's (found from its outputs, as
// bootstrap finds it) or the running local system's.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ensureTable } from '#local/dynamodb-local.ts';
import { LOCAL_REGION, LOCAL_TABLE_NAME } from '#local/runtime.ts';
import { localSettings } from '#local/settings.ts';
import { StartupError } from '#local/startup-error.ts';
import { stackOutputs } from './bootstrap.ts';

/** The deployed stack's table, or the local system's; `env`: what the adapters' config reads. */
export async function tableTarget(stack: string | undefined, regionFlag: string | undefined) {
  if (stack) {
    const region = regionFlag ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new StartupError('no region: pass --region or set AWS_REGION');
    process.stdout.write(`reading the outputs of stack ${stack} in ${region} … `);
    const outputs = await stackOutputs(new CloudFormationClient({ region }), stack);
    if (!outputs.TableName) throw new StartupError(`stack ${stack} has no TableName output (is it deployed?)`);
    process.stdout.write('ok\n');
    return { env: { TABLE_NAME: outputs.TableName, AWS_REGION: region }, where: `stack ${stack}` };
  }
  const endpoint = `http://127.0.0.1:${localSettings().dynamodbPort}`;
  try {
    await ensureTable(endpoint, LOCAL_TABLE_NAME);
  } catch {
    throw new StartupError(
      `No DynamoDB Local answers at ${endpoint}: start the local system with \`npm start\` first (or pass --stack).`,
    );
  }
  return {
    env: { TABLE_NAME: LOCAL_TABLE_NAME, DYNAMODB_ENDPOINT: endpoint, AWS_REGION: LOCAL_REGION },
    where: 'the local system',
  };
}
