// The local runtime (docs/design.md): DynamoDB Local, the local EventBridge endpoint and the local
// Step Functions running the deployed ASL file, wired through the same config the Lambdas read.
import { config, useConfig } from '#adapters/config.ts';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RemovalRequest } from '#core/model/index.ts';
import { parseFixture, type Fixture } from '#core/fixture.ts';
import type { SeedOptions } from '#adapters/dynamodb/seed-writer.ts';
import type { GatewayLimits } from './gateway-limits.ts';
import { startDynamoDbLocal, ensureKeyValueTable, ensureTable, type DynamoDbLocal } from './dynamodb-local.ts';
import { startLocalAwsEndpoint, type LocalAwsEndpoint } from './aws-endpoint.ts';
import { createLocalEventBus, type BusPolicy, type LocalEventBus } from './event-bus.ts';
import { EVENT_SOURCE } from '#core/events/envelope.ts';
import {
  assertPortFree,
  freePort,
  LOCAL_CREDENTIALS,
  LOCAL_HR_SENDER_CREDENTIALS,
  LOCAL_PLATFORM_SENDER_CREDENTIALS,
  LOCALHOST,
} from './ports.ts';
import { startLocalIdentityProvider, type LocalIdentityProvider } from './identity/identity-provider.ts';
import type { EmailSender } from './identity/cognito-bridge.ts';
import { startLocalApiServer, type LocalApiServer } from './api-server.ts';
import { consoleSettings, type ConsoleSettings } from '../web/console-settings.ts';
import { startStreamRelay, type StreamRelay } from './stream-relay.ts';
import { startIndexLag, type IndexLag } from './index-lag.ts';
import { lambdaContext } from './lambda-context.ts';
import { serveScheduler, type LocalScheduler } from './scheduler.ts';
import type { CrmMappingStore } from '#functions/integrations/crm-sync/mapping-store.ts';
import type { Composition } from '#functions/shared/composition.ts';
import {
  LocalStepFunctions,
  serveStepFunctions,
  type LocalExecution,
  type LocalStepFunctionsOptions,
} from './step-functions.ts';

export const LOCAL_TABLE_NAME = 'offboard-local';
export const LOCAL_EVENT_BUS_NAME = 'offboard';
export const LOCAL_REGION = 'us-east-1';
export const DEMO_FIXTURE_PATH = fileURLToPath(new URL('./fixtures/demo-account.json', import.meta.url));

export interface LocalRuntimeOptions {
  /** Start DynamoDB Local on this port, or use one already running at `endpoint`. */
  dynamodb: { port: number } | { endpoint: string };
  eventsPort: number;
  /** Serve the dashboard API on this port (0: any free port); no API when absent. */
  apiPort?: number;
  /** What the local API Gateway enforces (default: AWS's 6 MB response, 30 s timeout; tests lower them). */
  gatewayLimits?: GatewayLimits;
  tableName?: string;
  retryIntervalMs?: number;
  /** Scales the waits for people and the execution-level timeout together (tests; see LocalStepFunctionsOptions). */
  longWaitScale?: number;
  /**
   * Index lag (ms): gsi1 Queries see the table as it was this long ago, as a global
   * secondary index in AWS may (DynamoDB Local updates its indexes at once).
   */
  indexLagMs?: number;
  /**
   * Run the local identity provider (the Cognito emulator) on this port (0: any free port): users'
   * identities follow their status through the identity sync, and the API accepts its tokens.
   */
  identityProvider?: { port: number; emailSender?: EmailSender };
  /** Fault injection (see LocalStepFunctionsOptions). */
  invokeTwice?: LocalStepFunctionsOptions['invokeTwice'];
  onTaskStart?: LocalStepFunctionsOptions['onTaskStart'];
  onEvent?: LocalStepFunctionsOptions['onEvent'];
  /** Step Functions' history limit (25,000 events); tests lower it to reach it. */
  maxHistoryEvents?: number;
  /** Each removal task function's reserved concurrency (see LocalStepFunctionsOptions). */
  reservedConcurrency?: number;
}

export interface LocalRuntime {
  dynamodbEndpoint: string;
  tableName: string;
  bus: LocalEventBus;
  stepFunctions: LocalStepFunctions;
  /** The dashboard API's base URL, when served. */
  apiUrl?: string;
  /** The outbox relay on the table's stream. */
  outbox: StreamRelay;
  /** The example CRM integration's agent mappings (fed by the crm-sync rule on the local bus). */
  crm: CrmMappingStore;
  /** The local EventBridge Scheduler (one-time schedules of scheduled removals). */
  scheduler: LocalScheduler;
  /** The local identity provider, when asked for. */
  identity?: LocalIdentityProvider;
  /**
   * Accepts a removal as production does (acceptRemoval: the removal record, the user's pending
   * guard and audit entry in one transaction, then StartExecution through the Step Functions API
   * with the workflow input) and answers its execution; the execution name is the removalId (R10).
   */
  startRemoval(request: RemovalRequest): Promise<LocalExecution>;
  /**
   * Starts an execution with this input and nothing else: no removal record, no guard. For tests of
   * the workflow's own defences against what the API would have refused or serialized first.
   */
  startExecutionDirectly(request: RemovalRequest): LocalExecution;
  /** `options`: the seed writer's (a bench's throwaway accounts may share user ids). */
  seed(fixture: Fixture, options?: SeedOptions): Promise<{ accountId: string; outcome: string; items: number }[]>;
  stop(): Promise<void>;
}

/**
 * Points this process's config at the local services (a config object; the composition builds the
 * clients from it). The handlers are loaded only afterwards, as Lambda loads a function after
 * setting its environment: a handler module may read its settings when it is loaded (the API's CORS
 * origin). Powertools' own switches — log level, and dev mode (readable logs, metrics not sent) —
 * are the one thing set in the environment, because Powertools reads them there, as it does in
 * Lambda where the stack sets them; a value the developer set is kept.
 */
function configureProcess(values: Parameters<typeof useConfig>[0]) {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_DEV ??= 'true';
  try {
    useConfig(values);
  } catch (error) {
    throw new Error(`Start the local runtime before anything reads the config: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const tableName = options.tableName ?? LOCAL_TABLE_NAME;
  let dynamo: DynamoDbLocal | undefined;
  let aws: LocalAwsEndpoint | undefined;
  let api: LocalApiServer | undefined;
  let relay: StreamRelay | undefined;
  let indexLag: IndexLag | undefined;
  let identity: LocalIdentityProvider | undefined;
  try {
    // Report a busy port before starting anything.
    if (options.eventsPort !== 0) await assertPortFree(options.eventsPort, 'OFFBOARD_EVENTS_PORT');
    if (options.apiPort) await assertPortFree(options.apiPort, 'OFFBOARD_API_PORT');
    // The API's port is known before the config is set: its public URL is part of the config (SCIM locations).
    const apiPort = options.apiPort === 0 ? await freePort() : options.apiPort;
    if (options.identityProvider?.port) await assertPortFree(options.identityProvider.port, 'OFFBOARD_COGNITO_PORT');
    if ('port' in options.dynamodb) dynamo = await startDynamoDbLocal(options.dynamodb.port);
    const dynamodbEndpoint = dynamo?.endpoint ?? (options.dynamodb as { endpoint: string }).endpoint;
    aws = await startLocalAwsEndpoint(options.eventsPort);
    // The bus policy the stack deploys (R14), filled in once the config names the HR source.
    const busPolicy: BusPolicy = {};
    const bus = createLocalEventBus(aws, LOCAL_REGION, busPolicy);
    await ensureTable(dynamodbEndpoint, tableName);
    const crmTableName = `${tableName}-crm`;
    await ensureKeyValueTable(dynamodbEndpoint, crmTableName);
    if (options.identityProvider) {
      identity = await startLocalIdentityProvider({
        port: options.identityProvider.port,
        ...(options.identityProvider.emailSender ? { emailSender: options.identityProvider.emailSender } : {}),
        ...(options.apiPort ? { callbackUrls: [`http://${LOCALHOST}:${options.apiPort}/`] } : {}),
      });
    }
    configureProcess({
      TABLE_NAME: tableName,
      EVENT_BUS_NAME: LOCAL_EVENT_BUS_NAME,
      AWS_REGION: LOCAL_REGION,
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      EVENTBRIDGE_ENDPOINT: aws.url,
      SFN_ENDPOINT: aws.url,
      SCHEDULER_ENDPOINT: aws.url,
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/local-scheduler',
      STATE_MACHINE_ARN: LocalStepFunctions.arnFor(LOCAL_REGION),
      CRM_TABLE_NAME: crmTableName,
      AUTH_MODE: 'local',
      ...(apiPort !== undefined ? { PUBLIC_API_URL: `http://${LOCALHOST}:${apiPort}` } : {}),
      ...(identity
        ? {
            COGNITO_ENDPOINT: identity.endpoint,
            COGNITO_USER_POOL_ID: identity.userPoolId,
            COGNITO_CLIENT_ID: identity.clientId,
          }
        : {}),
    });
    // The functions' composition, made here from the local config with the sign-in verifier only
    // the local runtime has (HS256 tokens beside the emulator's; never in a Lambda bundle).
    const { Composition, useComposition, userPoolVerifier } = await import('#functions/shared/composition.ts');
    const { clients } = await import('#adapters/clients.ts');
    const { localJwtVerifier } = await import('./jwt-verifiers.ts');
    const settings = config();
    busPolicy[EVENT_SOURCE] = [LOCAL_CREDENTIALS.accessKeyId];
    busPolicy[settings.HR_EVENT_SOURCE] = [LOCAL_HR_SENDER_CREDENTIALS.accessKeyId];
    busPolicy[settings.PLATFORM_EVENT_SOURCE] = [LOCAL_PLATFORM_SENDER_CREDENTIALS.accessKeyId];
    const app = new Composition(
      settings,
      clients(),
      localJwtVerifier(identity ? userPoolVerifier(settings) : undefined),
    );
    useComposition(app);
    const { seedAccount } = await import('#adapters/dynamodb/seed-writer.ts');
    const stepFunctions = new LocalStepFunctions({
      region: LOCAL_REGION,
      eventBusName: LOCAL_EVENT_BUS_NAME,
      eventBridge: await app.clients.eventBridge(),
      ...(options.retryIntervalMs !== undefined ? { retryIntervalMs: options.retryIntervalMs } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.longWaitScale !== undefined ? { longWaitScale: options.longWaitScale } : {}),
      ...(options.invokeTwice ? { invokeTwice: options.invokeTwice } : {}),
      ...(options.onTaskStart ? { onTaskStart: options.onTaskStart } : {}),
      ...(options.maxHistoryEvents !== undefined ? { maxHistoryEvents: options.maxHistoryEvents } : {}),
      ...(options.reservedConcurrency !== undefined ? { reservedConcurrency: options.reservedConcurrency } : {}),
    });
    serveStepFunctions(aws, stepFunctions);
    const scheduler = serveScheduler(aws, stepFunctions);
    // As in AWS (functions/removal-sweep, on the same interval): scheduled removals whose schedule
    // did not start them start here.
    const { sweepOverdueRemovals } = await import('#functions/removal-sweep/handler.ts');
    const { OVERDUE_SWEEP_EVERY_MINUTES } = await import('#core/removal/start-overdue.ts');
    const sweep = setInterval(
      () =>
        void sweepOverdueRemovals().catch((error: Error) => process.stderr.write(`overdue sweep: ${error.message}\n`)),
      OVERDUE_SWEEP_EVERY_MINUTES * 60_000,
    );
    sweep.unref();
    const { handler: relayHandler } = await import('#functions/integrations/outbox-relay/handler.ts');
    indexLag = options.indexLagMs
      ? await startIndexLag({ dynamodbEndpoint, tableName, lagMs: options.indexLagMs, client: app.clients.dynamo })
      : undefined;
    const lagging = indexLag;
    relay = await startStreamRelay({
      dynamodbEndpoint,
      tableName,
      // One reader per stream (DynamoDB Local's iterators interfere): the lagging index is fed here too.
      handler: (event) => {
        lagging?.feed(event.Records as never);
        return relayHandler(event, lambdaContext('offboard-outbox-relay') as never);
      },
    });
    // Integrations subscribe with the same pattern objects as their CDK rules.
    const { handler: crmSync } = await import('#functions/integrations/crm-sync/handler.ts');
    const { CRM_SYNC_PATTERN } = await import('#functions/integrations/crm-sync/subscription.ts');
    const { RULE_TARGET_ASYNC_INVOKE } = await import('#functions/shared/async-invoke.ts');
    const retryDelay = options.retryIntervalMs !== undefined ? { retryDelayMs: options.retryIntervalMs } : {};
    bus.addRule({
      name: 'crm-sync',
      pattern: CRM_SYNC_PATTERN,
      target: {
        name: 'offboard-crm-sync',
        handler: (event) => crmSync(event as never, lambdaContext('offboard-crm-sync') as never),
        asyncInvoke: RULE_TARGET_ASYNC_INVOKE,
        ...retryDelay,
      },
    });
    const { handler: hrHandler } = await import('#functions/hr/handle-hr-event/handler.ts');
    const { hrEventPattern } = await import('#functions/hr/handle-hr-event/subscription.ts');
    bus.addRule({
      name: 'hr-events',
      pattern: hrEventPattern(config().HR_EVENT_SOURCE),
      target: {
        name: 'offboard-hr-events',
        handler: (event) => hrHandler(event, lambdaContext('offboard-hr-events') as never),
        asyncInvoke: RULE_TARGET_ASYNC_INVOKE,
        ...retryDelay,
      },
    });
    const { handler: callCompleted } = await import('#functions/platform/call-completed/handler.ts');
    const { callCompletedPattern } = await import('#functions/platform/call-completed/subscription.ts');
    bus.addRule({
      name: 'call-completed',
      pattern: callCompletedPattern(config().PLATFORM_EVENT_SOURCE),
      target: {
        name: 'offboard-call-completed',
        handler: (event) => callCompleted(event, lambdaContext('offboard-call-completed') as never),
        asyncInvoke: RULE_TARGET_ASYNC_INVOKE,
        ...retryDelay,
      },
    });
    if (identity) {
      const { handler: identitySync } = await import('#functions/integrations/identity-sync/handler.ts');
      const { IDENTITY_SYNC_PATTERN } = await import('#functions/integrations/identity-sync/subscription.ts');
      bus.addRule({
        name: 'identity-sync',
        pattern: IDENTITY_SYNC_PATTERN,
        target: {
          name: 'offboard-identity-sync',
          handler: (event) => identitySync(event, lambdaContext('offboard-identity-sync') as never),
          asyncInvoke: RULE_TARGET_ASYNC_INVOKE,
          ...retryDelay,
        },
      });
    }
    const { CrmMappingStore } = await import('#functions/integrations/crm-sync/mapping-store.ts');
    const crm = new CrmMappingStore(app.clients.dynamo, crmTableName);
    const { acceptRemoval } = await import('#core/removal/accept-removal.ts');
    // The admin console beside the API (if built): tokens from `npx offboard token`, and the
    // emulator's hosted UI when it runs.
    const consoleConfig: ConsoleSettings = consoleSettings({
      tokenSignIn: true,
      hostedUi: identity ? { baseUrl: identity.endpoint, clientId: identity.clientId } : undefined,
    });
    if (apiPort !== undefined)
      api = await startLocalApiServer(apiPort, {
        console: consoleConfig,
        ...(options.gatewayLimits ? { limits: options.gatewayLimits } : {}),
      });
    const startedAws = aws;
    const startedApi = api;
    const startedRelay = relay;
    const startedIdentity = identity;
    const provisionIdentities = startedIdentity ? await identitiesForSeededUsers(app) : undefined;
    return {
      dynamodbEndpoint,
      tableName,
      bus,
      stepFunctions,
      ...(startedApi ? { apiUrl: startedApi.url } : {}),
      outbox: startedRelay,
      scheduler,
      crm,
      startRemoval: async (request) => {
        const deps = app.adminDeps();
        const target = await deps.users.getUser(request.accountId, request.userId);
        if (!target) throw new Error(`No user ${request.userId} in ${request.accountId} to remove`);
        await acceptRemoval(deps, { request, target });
        const execution = stepFunctions.describeExecution(request.removalId);
        if (!execution) throw new Error(`Removal ${request.removalId} was accepted but no execution started`);
        return execution;
      },
      startExecutionDirectly: (request) => stepFunctions.startExecution({ name: request.removalId, input: request }),
      ...(startedIdentity ? { identity: startedIdentity } : {}),
      seed: async (fixture, seedOptions) => {
        const results = await Promise.all(
          fixture.accounts.map((account) => seedAccount(app.clients.dynamo, tableName, account, seedOptions)),
        );
        // Seeded users skip the API, so no UserAdded event invites them: give them identities here.
        await provisionIdentities?.(fixture);
        return results;
      },
      stop: async () => {
        clearInterval(sweep);
        stepFunctions.abortAll();
        scheduler.stop();
        await startedApi?.stop();
        await startedRelay.stop();
        lagging?.stop();
        await startedAws.stop();
        await startedIdentity?.stop();
        await dynamo?.stop();
      },
    };
  } catch (error) {
    await api?.stop();
    await relay?.stop();
    indexLag?.stop();
    await aws?.stop();
    await identity?.stop();
    await dynamo?.stop();
    throw error;
  }
}

/** Brings each seeded user's identity in line with the table, as the identity sync would. */
async function identitiesForSeededUsers(app: Composition) {
  const { reconcileIdentity } = await import('#core/identity/reconcile-identity.ts');
  return async (fixture: Fixture) => {
    for (const account of fixture.accounts) {
      for (const user of account.users) {
        await reconcileIdentity(
          { users: app.removalDeps().users, identities: app.identityDirectory() },
          { accountId: account.accountId, userId: user.userId },
        );
      }
    }
  };
}

export async function readFixtureFile(path: string): Promise<Fixture> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(`Cannot read fixture file ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseFixture(json);
}
