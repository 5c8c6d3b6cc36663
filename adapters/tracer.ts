// One X-Ray tracer per process (Powertools): a segment per invocation, a subsegment per AWS call.
// Outside Lambda (the local runtime, tests) Powertools turns it off by itself.
import { Tracer } from '@aws-lambda-powertools/tracer';

export const tracer = new Tracer({ serviceName: 'offboard' });
