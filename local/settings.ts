// Local ports (API, events, DynamoDB Local, the Cognito emulator), the optional index lag and the
// invitations' sender from the environment, validated once.
import * as z from 'zod';
import { StartupError } from './startup-error.ts';

const Port = z.coerce.number().int().min(1).max(65535);
const SettingsSchema = z.object({
  OFFBOARD_API_PORT: Port.default(3000),
  OFFBOARD_EVENTS_PORT: Port.default(4010),
  OFFBOARD_DYNAMODB_PORT: Port.default(8000),
  OFFBOARD_COGNITO_PORT: Port.default(9229),
  /** Owner-index Queries see the table this many ms ago, as in AWS (0: DynamoDB Local's at-once indexes). */
  OFFBOARD_INDEX_LAG_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** Who sends invitations: Cognito's default sender (50 a day, as a stack without SesIdentity) or SES. */
  OFFBOARD_EMAIL_SENDER: z.enum(['cognito-default', 'ses']).default('cognito-default'),
});

export interface LocalSettings {
  apiPort: number;
  eventsPort: number;
  dynamodbPort: number;
  cognitoPort: number;
  indexLagMs: number;
  emailSender: 'cognito-default' | 'ses';
}

export function localSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const parsed = SettingsSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.');
    throw new StartupError(
      name === 'OFFBOARD_INDEX_LAG_MS'
        ? `${name} must be a number of milliseconds (0–60000).`
        : name === 'OFFBOARD_EMAIL_SENDER'
          ? `${name} must be cognito-default (50 emails a day, as in AWS without SES) or ses.`
          : `${name} must be a port number (1–65535).`,
    );
  }
  return {
    apiPort: parsed.data.OFFBOARD_API_PORT,
    eventsPort: parsed.data.OFFBOARD_EVENTS_PORT,
    dynamodbPort: parsed.data.OFFBOARD_DYNAMODB_PORT,
    cognitoPort: parsed.data.OFFBOARD_COGNITO_PORT,
    indexLagMs: parsed.data.OFFBOARD_INDEX_LAG_MS,
    emailSender: parsed.data.OFFBOARD_EMAIL_SENDER,
  };
}
