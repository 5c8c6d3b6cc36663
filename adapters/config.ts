// Runtime configuration, read once from the environment and validated: a Lambda, the local
// runtime and the tests differ only in these values, never in code paths.
import * as z from 'zod';

const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(1, 'TABLE_NAME names the DynamoDB table'),
  EVENT_BUS_NAME: z.string().min(1).default('offboard'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Set by the local runtime and tests: DynamoDB Local's URL. Unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Set by the local runtime and tests: the local EventBridge endpoint. Unset in AWS. */
  EVENTBRIDGE_ENDPOINT: z.url().optional(),
  /** Set by the local runtime and tests: the local Step Functions endpoint. Unset in AWS. */
  SFN_ENDPOINT: z.url().optional(),
  /** Set by the local runtime and tests: the local EventBridge Scheduler endpoint. Unset in AWS. */
  SCHEDULER_ENDPOINT: z.url().optional(),
  /** The schedule group and the role EventBridge Scheduler assumes to start executions. */
  SCHEDULE_GROUP: z.string().default('offboard-removals'),
  SCHEDULER_ROLE_ARN: z.string().optional(),
  /** The queue a removal schedule's start goes to when it fails past its retries (AWS; alarmed). */
  SCHEDULE_DEAD_LETTER_ARN: z.string().optional(),
  /** The source HR-system events come from. */
  HR_EVENT_SOURCE: z.string().default('hr.system'),
  /** The source the telephony platform's CallCompleted events come from. */
  PLATFORM_EVENT_SOURCE: z.string().default('telephony.platform'),
  /** The user-removal state machine (API functions start it). */
  STATE_MACHINE_ARN: z.string().min(1).optional(),
  /**
   * How sign-in JWTs are verified. `cognito` (AWS): the user pool's ID tokens only. `local`: the
   * local runtime provides the verifier (its HS256 tokens, and the Cognito emulator's when it runs).
   */
  AUTH_MODE: z.enum(['cognito', 'local']).default('cognito'),
  COGNITO_USER_POOL_ID: z.string().optional(),
  COGNITO_CLIENT_ID: z.string().optional(),
  /** Set locally: a Cognito-compatible emulator's URL. Unset in AWS. */
  COGNITO_ENDPOINT: z.url().optional(),
  /** The example CRM integration's mapping table (functions/integrations/crm-sync). */
  CRM_TABLE_NAME: z.string().min(1).optional(),
  /**
   * The API's public base URL (AWS: the HTTP API's endpoint; locally the API server's): SCIM's
   * `meta.location` and `Location` are built from it, never from a request's Host header.
   */
  PUBLIC_API_URL: z.url().optional(),
  /** The dashboard's origin, for CORS. */
  DASHBOARD_ORIGIN: z.string().default('http://localhost:5173'),
});
export type Config = z.infer<typeof ConfigSchema>;

let cached: Config | undefined;

/** A config from settings (an environment's variables, or values over them), validated. */
export function parseConfig(settings: Record<string, string | undefined>): Config {
  const parsed = ConfigSchema.safeParse(settings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/**
 * Sets the config this process runs with from values (over its environment), instead of its
 * environment alone: how the local runtime points the same adapters and handlers at the local
 * services without writing to `process.env`. Refused once a different config is in use, as clients
 * built from it would talk to the wrong endpoints (even to AWS).
 */
export function useConfig(values: Partial<Record<keyof Config, string>>): Config {
  const next = parseConfig({ ...process.env, ...values });
  if (cached) {
    const differing = (Object.keys(values) as (keyof Config)[]).filter((name) => cached?.[name] !== next[name]);
    if (differing.length > 0) throw new Error(`The config is already in use; it would change ${differing.join(', ')}`);
    return cached;
  }
  return (cached = next);
}

/** Settings a function cannot run without, beyond those every function has (TABLE_NAME…). */
export type ConfigNeed =
  | 'STATE_MACHINE_ARN'
  | 'SCHEDULER_ROLE_ARN'
  | 'COGNITO_USER_POOL_ID'
  | 'COGNITO_CLIENT_ID'
  | 'CRM_TABLE_NAME'
  | 'PUBLIC_API_URL';

/**
 * The config with what `who` needs present, checked at its first use (a Lambda's cold start): a
 * missing setting fails there, naming itself, instead of when some request first needs it. Each
 * function's needs are declared beside it (`CONFIG_NEEDS`), and test/infra checks that the stack
 * sets them.
 */
export function requireConfig<K extends ConfigNeed>(
  who: string,
  needs: readonly K[],
  settings: Config = config(),
): Config & { [P in K]-?: NonNullable<Config[P]> } {
  const missing = needs.filter((name) => !settings[name]);
  if (missing.length > 0) throw new Error(`Invalid configuration: ${who} needs ${missing.join(', ')}`);
  return settings as Config & { [P in K]-?: NonNullable<Config[P]> };
}

/** The process's config: as set (useConfig), else read from its environment once (a Lambda's). */
export function config(): Config {
  return (cached ??= parseConfig(process.env));
}
