// Fault injection at the SDK middleware of the process's DynamoDB client: a failure before a write
// (nothing committed) or after it (committed, acknowledgement lost), as a real network would.
import { randomUUID } from 'node:crypto';
import { dynamoDocumentClient } from '#adapters/clients.ts';

export interface FaultSpec {
  /** Which command to fail, e.g. 'TransactWriteCommand', and an optional check of its input. */
  command: string;
  when?: (input: any) => boolean;
  /** 'before': the request never reaches DynamoDB; 'after': it commits, then the caller sees an error. */
  at: 'before' | 'after';
  times?: number;
  /** The error thrown; a transient throttling error by default. */
  error?: () => Error;
  /** Called when the fault fires (e.g. to abort an execution, simulating a crash). */
  onFault?: () => void;
}

export const throttling = () =>
  Object.assign(new Error('Rate exceeded (injected)'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });

/** Installs a fault; returns how many times it fired so far and a remover. */
export function injectFault(spec: FaultSpec): { fired: () => number; remove: () => void } {
  const name = `fault-${randomUUID()}`;
  let fired = 0;
  const client = dynamoDocumentClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const matches =
        context.commandName === spec.command && fired < (spec.times ?? 1) && (spec.when?.((args as { input: unknown }).input) ?? true);
      if (!matches) return next(args);
      fired++;
      if (spec.at === 'before') {
        spec.onFault?.();
        throw (spec.error ?? throttling)();
      }
      await next(args);
      spec.onFault?.();
      throw (spec.error ?? throttling)();
    },
    { step: 'initialize', name },
  );
  return { fired: () => fired, remove: () => void client.middlewareStack.remove(name) };
}

/** True for a TransactWriteItems whose first item is a planned batch's marker. */
export const isBatchTransaction = (input: any): boolean =>
  String(input?.TransactItems?.[0]?.Update?.Key?.sk ?? '').startsWith('BATCH#');

/** True for the final removal transaction (user → REMOVED). */
export const isRemovalTransaction = (input: any): boolean =>
  input?.TransactItems?.[0]?.Update?.ExpressionAttributeValues?.[':removed'] === 'REMOVED';
