// The local bus matches rules with the CDK pattern objects, retries failing targets and
// dead-letters what keeps failing.
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

  it('retries a failing target until it succeeds, delivering only matching events', async () => {
    const received: string[] = [];
    let failures = 2;
    bus.addRule({
      name: 'flaky',
      pattern: { source: ['test.source'], detailType: ['Flaky'] },
      retryDelayMs: 5,
      target: async (event) => {
        if (failures-- > 0) throw new Error('target unavailable');
        received.push(event.detail.n as string);
      },
    });

    await put('Flaky', { n: 'one' });
    await put('Other', { n: 'two' });
    await bus.deliveries();

    expect(received).toEqual(['one']);
    expect(bus.deadLetters()).toEqual([]);
  });

  it('dead-letters an event after the maximum attempts and lists it at GET /local/dead-letters', async () => {
    let attempts = 0;
    bus.addRule({
      name: 'broken',
      pattern: { detailType: ['Broken'] },
      maxAttempts: 3,
      retryDelayMs: 5,
      target: async () => {
        attempts++;
        throw new Error('always fails');
      },
    });

    await put('Broken', { n: 'x' });
    await bus.deliveries();

    expect(attempts).toBe(3);
    const listed = (await (await fetch(`${endpoint.url}/local/dead-letters`)).json()) as { deadLetters: unknown[] };
    expect(listed.deadLetters).toEqual([
      expect.objectContaining({
        rule: 'broken',
        attempts: 3,
        error: 'always fails',
        event: expect.objectContaining({ 'detail-type': 'Broken' }),
      }),
    ]);
  });
});
