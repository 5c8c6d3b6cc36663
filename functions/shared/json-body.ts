// An API Gateway (payload v2) request's JSON body, decoded as API Gateway may hand it (base64) —
// for the dashboard API, the SCIM API and the HR webhook alike; each says how a body that is not
// JSON, or that names a prototype key (core/model/json-keys.ts), is refused.
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
