// Fault injection at the SDK middleware of the process's DynamoDB client (or another AWS client): a
// failure before a write (nothing committed) or after it (committed, acknowledgement lost), as a
// real network would.
import { randomUUID } from 'node:crypto';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import type { MiddlewareHost } from '#local/sdk-middleware.ts';

export interface FaultSpec {
  /** Which low-level command to fail, e.g. 'TransactWriteItemsCommand', and a check of its (marshalled) input. */
  command: string;
  when?: (input: any) => boolean;
  /** 'before': the request never reaches DynamoDB; 'after': it commits, then the caller sees an error. */
  at: 'before' | 'after';
  times?: number;
  /** The error thrown; a transient throttling error by default. */
  error?: () => Error;
  /** Called when the fault fires (e.g. to abort an execution, simulating a crash). */
  onFault?: () => void;
  /** The client to inject into; the process's DynamoDB client by default. */
  client?: MiddlewareHost;
}

export const throttling = () =>
  Object.assign(new Error('Rate exceeded (injected)'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 },
  });

/** Installs a fault; returns how many times it fired so far and a remover. */
export function injectFault(spec: FaultSpec): { fired: () => number; remove: () => void } {
  const name = `fault-${randomUUID()}`;
  let fired = 0;
  const client = spec.client ?? dynamoDocumentClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const matches =
        context.commandName === spec.command &&
        fired < (spec.times ?? 1) &&
        (spec.when?.((args as { input: unknown }).input) ?? true);
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

/** A marshalled string attribute value as plain text. */
const text = (value: any): string => String(value?.S ?? value ?? '');

/** True for a TransactWriteItems whose first item is a planned batch's marker. */
export const isBatchTransaction = (input: any): boolean =>
  text(input?.TransactItems?.[0]?.Put?.Item?.sk ?? input?.TransactItems?.[0]?.Update?.Key?.sk).startsWith('BATCH#');

/** True for the final removal transaction (user → REMOVED). */
export const isRemovalTransaction = (input: any): boolean =>
  text(input?.TransactItems?.[0]?.Update?.ExpressionAttributeValues?.[':removed']) === 'REMOVED';

/**
 * A process crash during concurrent work: the first matching request commits, then `onCrash`
 * runs (e.g. aborting the execution) and the caller sees an error; every other matching request
 * in flight never reaches DynamoDB, as nothing leaves a dead process.
 */
export function crashAfterFirstCommit(spec: { command: string; when: (input: any) => boolean; onCrash: () => void }) {
  const name = `crash-${randomUUID()}`;
  let crashed = false;
  let first = true;
  let announceCrash!: () => void;
  const crash = new Promise<void>((resolve) => (announceCrash = resolve));
  const dead = () => Object.assign(new Error('process crashed (injected)'), { name: 'Crash' });
  const client = dynamoDocumentClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== spec.command || !spec.when((args as { input: unknown }).input)) return next(args);
      if (!first) {
        await crash;
        throw dead();
      }
      first = false;
      await next(args);
      crashed = true;
      spec.onCrash();
      announceCrash();
      throw dead();
    },
    { step: 'initialize', name },
  );
  return { crashed: () => crashed, remove: () => void client.middlewareStack.remove(name) };
}

/** Holds matching requests before they reach DynamoDB until `release()` (to order a race). */
export function pauseBefore(spec: { command: string; when: (input: any) => boolean }) {
  const name = `pause-${randomUUID()}`;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const client = dynamoDocumentClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === spec.command && spec.when((args as { input: unknown }).input)) await released;
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { release, remove: () => void client.middlewareStack.remove(name) };
}

/** Runs `action` once before the first matching request, then lets the request through. */
export function onceBefore(spec: { command: string; when: (input: any) => boolean }, action: () => Promise<unknown>) {
  const name = `once-${randomUUID()}`;
  let done = false;
  const client = dynamoDocumentClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!done && context.commandName === spec.command && spec.when((args as { input: unknown }).input)) {
        done = true;
        await action();
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { remove: () => void client.middlewareStack.remove(name) };
}
