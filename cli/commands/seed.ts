// `offboard seed FILE.json`: loads a fixture into the running local table (idempotent).
import { ensureTable } from '#local/dynamodb-local.ts';
import { LOCAL_REGION, LOCAL_TABLE_NAME, readFixtureFile } from '#local/runtime.ts';
import { localSettings } from '#local/settings.ts';
import { StartupError } from '#local/startup-error.ts';

export async function seed(args: string[]): Promise<number> {
  const [file] = args;
  if (!file) {
    process.stderr.write('usage: offboard seed FILE.json\n');
    return 2;
  }
  const fixture = await readFixtureFile(file);
  const endpoint = `http://127.0.0.1:${localSettings().dynamodbPort}`;
  try {
    await ensureTable(endpoint, LOCAL_TABLE_NAME);
  } catch {
    throw new StartupError(
      `No DynamoDB Local answers at ${endpoint}: start the local system with \`npm start\` first (or set OFFBOARD_DYNAMODB_PORT).`,
    );
  }
  Object.assign(process.env, { TABLE_NAME: LOCAL_TABLE_NAME, DYNAMODB_ENDPOINT: endpoint, AWS_REGION: LOCAL_REGION });
  const { dynamoDocumentClient } = await import('#adapters/clients.ts');
  const { seedAccount } = await import('#adapters/dynamodb/seed-writer.ts');
  for (const account of fixture.accounts) {
    process.stdout.write(`seeding account ${account.accountId} … `);
    const result = await seedAccount(dynamoDocumentClient(), LOCAL_TABLE_NAME, account);
    process.stdout.write(
      result.outcome === 'created' ? `created (${result.items} items)\n` : 'already there, left as it is\n',
    );
  }
  return 0;
}
