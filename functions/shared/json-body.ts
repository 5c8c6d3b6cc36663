// An API Gateway (payload v2) request's JSON body, decoded as API Gateway may hand it (base64) —
// for the dashboard API, the SCIM API and the HR webhook alike; each says how a body that is not
// JSON, or that names a prototype key (core/model/json-keys.ts), is refused.
import { ValidationFailedError } from '#core/errors.ts';
import { prototypeKeyPath } from '#core/model/json-keys.ts';

export interface BodyRefusals {
  notJson: () => Error;
  /** `path`: where in the body the prototype key sits. */
  prototypeKey: (path: string) => Error;
}

export function jsonBodyOf(
  event: { body?: string | undefined | null; isBase64Encoded?: boolean },
  refuse: BodyRefusals,
): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw refuse.notJson();
  }
  const forbidden = prototypeKeyPath(body);
  if (forbidden) throw refuse.prototypeKey(forbidden);
  return body;
}

/** How the doors that answer RFC 9457 problems (the dashboard API, the HR webhook) refuse a body. */
export const PROBLEM_BODY_REFUSALS: BodyRefusals = {
  notJson: () =>
    new ValidationFailedError('The request body is not valid JSON', [{ path: 'body', message: 'not valid JSON' }]),
  prototypeKey: (path) =>
    new ValidationFailedError('The request body names a reserved key', [
      { path: `body.${path}`, message: '__proto__, constructor and prototype are not accepted as keys' },
    ]),
};
