// What API Gateway (HTTP API) and Lambda enforce on every synchronous call, which the local API
// server enforces too, so a response that would fail in AWS fails here (docs/design.md, "the local
// runtime fails where AWS fails"): a Lambda response over 6 MB is a function error (the client
// gets API Gateway's 500), and an integration that takes over 30 s is cut off (503).
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface GatewayLimits {
  /** Lambda's synchronous response payload: 6 MB. */
  responseBytes: number;
  /** API Gateway's integration timeout: 30 s. */
  integrationTimeoutMs: number;
}

export const AWS_GATEWAY_LIMITS: GatewayLimits = { responseBytes: 6 * 1024 * 1024, integrationTimeoutMs: 30_000 };

/** API Gateway's own answers, in its words (not a problem document: offboard never wrote them). */
const gatewayAnswer = (statusCode: number, message: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message }),
});

export async function withinGatewayLimits(
  invoke: () => Promise<APIGatewayProxyStructuredResultV2>,
  limits: GatewayLimits,
  onLimit: (what: string) => void,
): Promise<APIGatewayProxyStructuredResultV2> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limits.integrationTimeoutMs);
  });
  try {
    const result = await Promise.race([invoke(), timedOut]);
    if (result === 'timeout') {
      onLimit(`the integration took over ${limits.integrationTimeoutMs} ms (API Gateway's timeout)`);
      return gatewayAnswer(503, 'Service Unavailable');
    }
    // Lambda measures the whole serialized response, headers and all.
    const bytes = Buffer.byteLength(JSON.stringify(result));
    if (bytes > limits.responseBytes) {
      onLimit(
        `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${limits.responseBytes} bytes)`,
      );
      return gatewayAnswer(500, 'Internal Server Error');
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}
