// What API Gateway accepts from a Lambda authorizer, enforced by the local server as AWS does.

/**
 * As API Gateway: an authorizer's context holds only top-level strings, numbers and booleans;
 * anything else makes the request fail with a 500, however valid the verdict.
 */
export function assertFlatAuthorizerContext(context: Record<string, unknown>): void {
  const nested = Object.keys(context).filter((key) => !['string', 'number', 'boolean'].includes(typeof context[key]));
  if (nested.length > 0)
    throw new Error(
      `The authorizer's context has values API Gateway refuses (not string/number/boolean): ${nested.join(', ')}`,
    );
}
