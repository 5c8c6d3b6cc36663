// The middleware that refuses an event naming a prototype key (core/model/json-keys.ts) before the
// handler reads it — for the functions the bus invokes (HR events, the CRM and identity syncs). The
// error fails the invocation: Lambda retries it, then it waits with its reason in the on-failure queue.
import type middy from '@middy/core';
import { prototypeKeyPath } from '#core/model/json-keys.ts';

export class PrototypeKeyError extends Error {
  override readonly name = 'PrototypeKeyRefused';
}

export const refusePrototypeKeys = (): middy.MiddlewareObj<unknown> => ({
  before: (request) => {
    const path = prototypeKeyPath(request.event);
    if (path)
      throw new PrototypeKeyError(
        `The event names a reserved key at ${path}: __proto__, constructor and prototype are refused`,
      );
  },
});
