// `offboard up` (`npm start`): the local system on fixed ports, seeded with the demo account,
// running until Ctrl-C.
import { signLocalJwt, localJwtSecret, DEFAULT_LOCAL_JWT_SECRET } from '#local/jwt.ts';
import { DEMO_FIXTURE_PATH, readFixtureFile, startLocalRuntime } from '#local/runtime.ts';
import { localSettings } from '#local/settings.ts';
import { linkCrmAgents } from '#local/crm-agents.ts';
import { buildConsole } from '#local/console.ts';

const STOP_TIMEOUT_MS = 5_000;

export async function up(): Promise<number> {
  const settings = localSettings();
  const built = await buildConsole((line) => process.stdout.write(`${line}\n`));
  if (built) process.stdout.write('admin console built (web/dist)\n');
  process.stdout.write(`starting DynamoDB Local on port ${settings.dynamodbPort} …\n`);
  const runtime = await startLocalRuntime({
    dynamodb: { port: settings.dynamodbPort },
    eventsPort: settings.eventsPort,
    apiPort: settings.apiPort,
    identityProvider: { port: settings.cognitoPort, emailSender: settings.emailSender },
    ...(settings.indexLagMs ? { indexLagMs: settings.indexLagMs } : {}),
  });
  const fixture = await readFixtureFile(DEMO_FIXTURE_PATH);
  await linkCrmAgents(runtime.crm, fixture);
  for (const result of await runtime.seed(fixture)) {
    process.stdout.write(
      `demo account ${result.accountId}: ${result.outcome === 'created' ? 'seeded' : 'already there'}\n`,
    );
  }

  const lines = [
    '',
    'offboard is running locally:',
    `  Admin console         ${runtime.apiUrl}/   (sign in with a token below, or the emulator's hosted UI)`,
    `  HTTP API              ${runtime.apiUrl}/v1   (OpenAPI: ${runtime.apiUrl}/v1/openapi.json)`,
    `  EventBridge endpoint  ${runtime.bus.endpoint}   (PutEvents; stored events at ${runtime.bus.endpoint}/local/events,`,
    `                        failed invocations at ${runtime.bus.endpoint}/local/failed-invocations)`,
    `  DynamoDB Local        ${runtime.dynamodbEndpoint}   (table ${runtime.tableName})`,
    `  Cognito (emulator)    ${runtime.identity?.endpoint}   (user pool ${runtime.identity?.userPoolId}, client ${runtime.identity?.clientId};`,
    `                        invitations with temporary passwords at ${runtime.identity?.endpoint}/local/invitations)`,
    '',
    `JWT secret: ${localJwtSecret() === DEFAULT_LOCAL_JWT_SECRET ? `${DEFAULT_LOCAL_JWT_SECRET} (development default; set OFFBOARD_JWT_SECRET to change)` : 'from OFFBOARD_JWT_SECRET'}`,
    'Tokens for the demo users (valid 12 h):',
  ];
  for (const account of fixture.accounts) {
    for (const user of account.users) {
      lines.push(
        `  ${user.userId.padEnd(12)} ${user.role.padEnd(6)} ${user.status.padEnd(8)} ${await signLocalJwt(user.userId)}`,
      );
    }
  }
  lines.push(
    '',
    'Try:',
    `  curl -s ${runtime.apiUrl}/v1/accounts/acme/users -H "Authorization: Bearer $(npx offboard token u-amir)"`,
    '',
    'Ctrl-C stops everything.',
    '',
  );
  process.stdout.write(lines.join('\n'));

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write('\nstopping … ');
  // Stop everything (DynamoDB Local's Java process included), but never hang on the way out.
  const stopped = await Promise.race([
    runtime.stop().then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS).unref()),
  ]);
  process.stdout.write(stopped ? 'stopped.\n' : 'stopped (some parts did not answer in time).\n');
  return 0;
}
