// Local ports from the environment (API.md §Local runtime), validated once.
import * as z from 'zod';
import { StartupError } from './startup-error.ts';

const Port = z.coerce.number().int().min(1).max(65535);
const SettingsSchema = z.object({
  OFFBOARD_API_PORT: Port.default(3000),
  OFFBOARD_EVENTS_PORT: Port.default(4010),
  OFFBOARD_DYNAMODB_PORT: Port.default(8000),
});

export interface LocalSettings {
  apiPort: number;
  eventsPort: number;
  dynamodbPort: number;
}

export function localSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const parsed = SettingsSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StartupError(`${issue?.path.join('.')} must be a port number (1–65535).`);
  }
  return {
    apiPort: parsed.data.OFFBOARD_API_PORT,
    eventsPort: parsed.data.OFFBOARD_EVENTS_PORT,
    dynamodbPort: parsed.data.OFFBOARD_DYNAMODB_PORT,
  };
}
