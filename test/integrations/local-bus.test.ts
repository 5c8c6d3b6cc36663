// The local bus matches rules with the CDK pattern objects, retries failing targets and
// sends what keeps failing to the function's on-failure destination.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { matchesPattern } from '#local/event-pattern.ts';
import { startLocalAwsEndpoint, type LocalAwsEndpoint } from '#local/aws-endpoint.ts';
import { createLocalEventBus, type EventEnvelope, type LocalEventBus } from '#local/event-bus.ts';

const envelope = (overrides: Partial<EventEnvelope> = {}): EventEnvelope => ({
  version: '0',
  id: 'e-1',
  'detail-type': 'UserRemoved',
  source: 'offboard.users',
  account: '000000000000',
  time: '2026-11-27T10:00:00Z',
  region: 'us-east-1',
  resources: ['u-dan'],
  detail: { version: 1, userId: 'u-dan', accountId: 'acme', reason: null, seat: { released: true } },
  'event-bus-name': 'offboard',
  ...overrides,
});

describe('event patterns', () => {
  it.each<[string, EventPattern, boolean]>([
    [
      'exact source and detail-type',
      { source: ['offboard.users'], detailType: ['UserRemoved', 'UserActivated'] },
      true,
    ],
    ['another detail-type', { detailType: ['UserActivated'] }, false],
    ['prefix', { source: [{ prefix: 'offboard.' }] as never }, true],
    ['prefix that differs', { source: [{ prefix: 'hr.' }] as never }, false],
    ['anything-but', { detailType: [{ 'anything-but': ['RemovalFailed'] }] as never }, true],
    ['anything-but the value', { detailType: [{ 'anything-but': 'UserRemoved' }] as never }, false],
    ['exists on a present field', { detail: { userId: [{ exists: true }] } }, true],
    ['exists on a missing field', { detail: { removalId: [{ exists: true }] } }, false],
    ['exists false on a missing field', { detail: { removalId: [{ exists: false }] } }, true],
    ['nested exact, numeric and null', { detail: { version: [1], reason: [null], seat: { released: [true] } } }, true],
    ['an element of an array field', { resources: ['u-dan'] }, true],
  ])('%s', (_, pattern, expected) => {
    expect(matchesPattern(pattern, envelope())).toBe(expected);
  });
});

describe('delivery', () => {
  let endpoint: LocalAwsEndpoint;
  let bus: LocalEventBus;
  beforeAll(async () => {
    endpoint = await startLocalAwsEndpoint(0);
    bus = createLocalEventBus(endpoint);
  });
  afterAll(() => endpoint.stop());

  const put = (detailType: string, detail: Record<string, unknown>) =>
    fetch(endpoint.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSEvents.PutEvents', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({
        Entries: [{ Source: 'test.source', DetailType: detailType, Detail: JSON.stringify(detail) }],
      }),
    });

  it('retries a failing function (async invoke: two retries) until it succeeds, delivering only matching events', async () => {
    const received: string[] = [];
    let failures = 2;
    bus.addRule({
      name: 'flaky',
      pattern: { source: ['test.source'], detailType: ['Flaky'] },
      target: {
        name: 'flaky-fn',
        asyncInvoke: { retryAttempts: 2, maxEventAgeSeconds: 3600 },
        retryDelayMs: 5,
        handler: async (event) => {
          if (failures-- > 0) throw new Error('target unavailable');
          received.push(event.detail.n as string);
        },
      },
    });

    await put('Flaky', { n: 'one' });
    await put('Other', { n: 'two' });
    await bus.deliveries();

    expect(received).toEqual(['one']);
    expect(bus.failedInvocations()).toEqual([]);
  });

  it('after the first attempt and two retries, sends the invocation to the on-failure destination (GET /local/failed-invocations)', async () => {
    let attempts = 0;
    bus.addRule({
      name: 'broken',
      pattern: { detailType: ['Broken'] },
      target: {
        name: 'broken-fn',
        asyncInvoke: { retryAttempts: 2, maxEventAgeSeconds: 3600 },
        retryDelayMs: 5,
        handler: async () => {
          attempts++;
          throw new Error('always fails');
        },
      },
    });

    await put('Broken', { n: 'x' });
    await bus.deliveries();

    expect(attempts).toBe(3);
    const listed = (await (await fetch(`${endpoint.url}/local/failed-invocations`)).json()) as {
      failedInvocations: unknown[];
    };
    expect(listed.failedInvocations).toEqual([
      expect.objectContaining({
        function: 'broken-fn',
        rule: 'broken',
        attempts: 3,
        condition: 'RetriesExhausted',
        error: 'always fails',
        event: expect.objectContaining({ 'detail-type': 'Broken' }),
      }),
    ]);
  });

  it('stops retrying an event older than the maximum event age', async () => {
    let attempts = 0;
    bus.addRule({
      name: 'slow',
      pattern: { detailType: ['Slow'] },
      target: {
        name: 'slow-fn',
        asyncInvoke: { retryAttempts: 2, maxEventAgeSeconds: 0.01 },
        retryDelayMs: 20,
        handler: async () => {
          attempts++;
          throw new Error('fails');
        },
      },
    });

    await put('Slow', { n: 'x' });
    await bus.deliveries();

    expect(attempts).toBe(1);
    expect(bus.failedInvocations().find((f) => f.function === 'slow-fn')).toMatchObject({
      condition: 'EventAgeExceeded',
    });
  });
});
