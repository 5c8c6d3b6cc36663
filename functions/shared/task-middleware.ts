// The middy stack of every workflow task Lambda: structured logs keyed by removal, and errors
// named so the state machine can tell them apart — transient AWS failures become
// TransientStoreError (retried by the ASL Retry), bad input becomes VALIDATION_FAILED (not retried).
import { observability } from './observability.ts';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { TransientStoreError, ValidationFailedError } from '#core/errors.ts';
import { prototypeKeyPath } from '#core/model/json-keys.ts';
import { isTransientAwsError } from '#adapters/dynamodb/errors.ts';
import { logger } from '#adapters/logger.ts';
import { composition } from './composition.ts';
import type { RemovalDeps } from '#core/removal/deps.ts';
import type { TaskContract } from '#functions/removal-tasks/task-contracts.ts';

/** Parses a task's input with its schema; a mismatch is a VALIDATION_FAILED problem. */
export function parseTaskInput<S extends z.ZodType>(schema: S, event: unknown): z.infer<S> {
  const reserved = prototypeKeyPath(event);
  if (reserved)
    throw new ValidationFailedError('The task input names a reserved key', [
      { path: reserved, message: '__proto__, constructor and prototype are refused' },
    ]);
  const parsed = schema.safeParse(event);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new ValidationFailedError('The task input does not match its schema', errors);
  }
  return parsed.data;
}

/**
 * The plain task function: parse the input with the contract's input schema, run the domain step
 * with the process's deps, and check its result against the output schema (the ResultSelector's
 * side of the contract). A result that breaks the contract fails the step: the workflow compensates.
 */
export const removalTask =
  <I extends z.ZodType, O extends z.ZodType>(
    contract: TaskContract<I, O>,
    step: (deps: RemovalDeps, input: z.infer<I>) => Promise<z.input<O>>,
  ) =>
  async (event: unknown): Promise<z.input<O>> => {
    const result = await step(composition().removalDeps(), parseTaskInput(contract.input, event));
    const checked = contract.output.safeParse(result);
    if (!checked.success) {
      const problems = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new TaskContractError(`The step's result does not match its output schema: ${problems}`);
    }
    // The result as the step returned it: the check must not reshape what the workflow passes on.
    return result;
  };

/** A task returned what its output schema does not allow: a bug, never retried. */
export class TaskContractError extends Error {
  override readonly name = 'TaskContractError';
}

const removalIdOf = (event: unknown): string | undefined => {
  const e = event as { removalId?: unknown; request?: { removalId?: unknown; correlationId?: unknown } } | null;
  const id = e?.removalId ?? e?.request?.removalId;
  return typeof id === 'string' ? id : undefined;
};

const namedErrors = (): middy.MiddlewareObj<unknown, unknown, Error, Context> => ({
  before: (request) => {
    const removalId = removalIdOf(request.event);
    const correlationId = (request.event as { request?: { correlationId?: unknown } } | null)?.request?.correlationId;
    logger.appendKeys({ removalId, correlationId: typeof correlationId === 'string' ? correlationId : removalId });
  },
  onError: (request) => {
    const error = request.error;
    if (error && isTransientAwsError(error)) {
      logger.warn('transient failure, the step will be retried', { error });
      request.error = new TransientStoreError(`${error.name}: ${error.message}`);
    } else if (error) {
      logger.info('step refused or failed', { errorName: error.name, errorMessage: error.message });
    }
  },
});

/** Wraps a plain task function as a Lambda handler. */
export const taskHandler = <R>(fn: (event: unknown) => Promise<R>) =>
  middy<unknown, R, Error, Context>(fn).use(observability()).use(namedErrors());
