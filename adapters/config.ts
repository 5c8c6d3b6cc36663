// Runtime configuration, read once from the environment and validated: a Lambda, the local
// runtime and the tests differ only in these values, never in code paths.
import { z } from 'zod';

const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(1, 'TABLE_NAME names the DynamoDB table'),
  EVENT_BUS_NAME: z.string().min(1).default('offboard'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Set by the local runtime and tests: DynamoDB Local's URL. Unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Set by the local runtime and tests: the local EventBridge endpoint. Unset in AWS. */
  EVENTBRIDGE_ENDPOINT: z.url().optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const parsed = ConfigSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Invalid configuration: ${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}
