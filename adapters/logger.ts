// One structured logger per process (Powertools): JSON lines with the removal id and correlation id.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'offboard' });
