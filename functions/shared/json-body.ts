// An API Gateway (payload v2) request's JSON body, decoded as API Gateway may hand it (base64) —
// for the dashboard API and the SCIM API alike; each says how a body that is not JSON is refused.
export function jsonBodyOf(
  event: { body?: string | undefined | null; isBase64Encoded?: boolean },
  notJson: () => Error,
): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw notJson();
  }
}
