// What every Lambda handler wears: the invocation's context on every log line (Powertools Logger)
// and its X-Ray segment (Powertools Tracer; the SDK clients are traced in adapters/clients.ts).
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { logger } from '#adapters/logger.ts';
import { tracer } from '#adapters/tracer.ts';

export const observability = () => [injectLambdaContext(logger, { resetKeys: true }), captureLambdaHandler(tracer)];
