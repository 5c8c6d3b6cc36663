// The local runtime fails where AWS fails on responses: a Lambda response over its 6 MB limit is a
// function error (API Gateway answers 500), an integration over API Gateway's 30 s is cut off (503),
// and a PutEvents request over EventBridge's 256 KB fails as a whole. The limits are lowered here so
// that a test can reach them; the defaults are AWS's.
import { describe, expect, it } from 'vitest';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { AWS_GATEWAY_LIMITS } from '#local/gateway-limits.ts';
import { LOCAL_CREDENTIALS } from '#local/ports.ts';
import { givenAccount } from '../support/accounts.ts';
import { useApiRuntime } from '../support/api.ts';

// A timeout well above a loaded machine's slowest request, and a Query slower still.
const api = useApiRuntime({ gatewayLimits: { responseBytes: 1500, integrationTimeoutMs: 3000 } });

describe('the local API Gateway enforces what AWS enforces', () => {
  it('uses AWS’s limits unless told otherwise: 6 MB responses, 30 s integrations', () => {
    expect(AWS_GATEWAY_LIMITS).toEqual({ responseBytes: 6 * 1024 * 1024, integrationTimeoutMs: 30_000 });
  });

  it('answers 500 for a response over the Lambda payload limit, as API Gateway does, and passes one under it', async () => {
    const accountId = await givenAccount();

    const small = await api.call('GET', `/v1/accounts/${accountId}/users/dan`, { as: 'amir' });
    const big = await api.call('GET', `/v1/accounts/${accountId}/users`, { as: 'amir' });

    expect(small.status).toBe(200);
    expect(big).toEqual(expect.objectContaining({ status: 500, body: { message: 'Internal Server Error' } }));
  });

  it('answers 503 when the integration takes longer than the timeout', async () => {
    const accountId = await givenAccount();
    const client = dynamoDocumentClient();
    const name = 'slow-queries';
    // Every Query takes four seconds: the users list cannot answer within the (lowered) timeout.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'QueryCommand') await new Promise((r) => setTimeout(r, 4000));
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const slow = await api.call('GET', `/v1/accounts/${accountId}/users?status=INACTIVE`, { as: 'amir' });
      expect(slow).toEqual(expect.objectContaining({ status: 503, body: { message: 'Service Unavailable' } }));
    } finally {
      client.middlewareStack.remove(name);
    }
  });
});

describe('the local EventBridge enforces the 256 KB PutEvents limit', () => {
  it('refuses a request whose entries are over 256 KB together, and takes one under it', async () => {
    const client = new EventBridgeClient({
      endpoint: api.runtime.bus.endpoint,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    const entry = (bytes: number) => ({
      EventBusName: 'offboard',
      Source: 'bench.size',
      DetailType: 'SizeProbe',
      Detail: JSON.stringify({ pad: 'x'.repeat(bytes) }),
    });
    try {
      await expect(client.send(new PutEventsCommand({ Entries: [entry(200 * 1024)] }))).resolves.toMatchObject({
        FailedEntryCount: 0,
      });
      await expect(
        client.send(new PutEventsCommand({ Entries: [entry(150 * 1024), entry(150 * 1024)] })),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    } finally {
      client.destroy();
    }
  });
});
