// Nothing is lost after commit: outbox events reach the bus even when publishing fails right after
// the write, partial PutEvents failures are retried, and the workflow's own publish retries.
import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBRecord } from 'aws-lambda';
import { marshall } from '@aws-sdk/util-dynamodb';
import { eventBridgeClient } from '#adapters/clients.ts';
import { relayOutbox } from '#functions/integrations/outbox-relay/relay.ts';
import { givenAccount, removalRequest } from '../support/accounts.ts';
import { useApiRuntime } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';

const api = useApiRuntime();

const outboxRecord = (sequence: string, detailType: string): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: sequence,
    NewImage: marshall({
      pk: `OUTBOX#${sequence}`,
      sk: 'OUTBOX',
      entity: 'OUTBOX',
      id: sequence,
      source: 'offboard.users',
      detailType,
      detail: { version: 1, n: sequence },
      resources: [],
    }) as never,
  },
});

/** Fails PutEvents calls on the process's EventBridge client while `failing()` says so. */
async function failPutEvents(failing: (detailTypes: string[]) => boolean, mode: 'throw' | 'failed-entry') {
  const name = `put-events-fault-${Math.random()}`;
  const client = await eventBridgeClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = (args as { input: { Entries?: { DetailType?: string }[] } }).input;
      const types = (input.Entries ?? []).map((e) => e.DetailType ?? '');
      if (context.commandName !== 'PutEventsCommand' || !failing(types)) return next(args);
      if (mode === 'throw')
        throw Object.assign(new Error('EventBridge unavailable (injected)'), { name: 'InternalException' });
      return {
        output: {
          FailedEntryCount: types.length,
          Entries: types.map(() => ({ ErrorCode: 'ThrottlingException', ErrorMessage: 'injected' })),
        },
        response: {},
      } as never;
    },
    { step: 'initialize', name },
  );
  return () => void client.middlewareStack.remove(name);
}

/** Mocks made in a test, restored after it whether it passed or not. */
let mocks: { restore(): void }[] = [];
const mocked = <M extends { restore(): void }>(mock: M): M => (mocks.push(mock), mock);
afterEach(() => {
  mocks.forEach((mock) => mock.restore());
  mocks = [];
});

describe('R10 the outbox relay', () => {
  it('retries exactly from the first entry PutEvents refused, so nothing is lost (partial failure)', async () => {
    const eventBridge = mocked(mockClient(EventBridgeClient));
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'e1' }, { ErrorCode: 'ThrottlingException' }, { EventId: 'e3' }],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'ok' }, { EventId: 'ok' }] });
    const client = new EventBridgeClient({ region: 'us-east-1' });
    const records = [outboxRecord('101', 'A'), outboxRecord('102', 'B'), outboxRecord('103', 'C')];

    const first = await relayOutbox(
      { Records: records },
      { eventBridge: async () => client, eventBusName: 'offboard' },
    );
    // The stream redelivers from the reported record on: 102 and 103.
    const retry = await relayOutbox(
      { Records: records.slice(1) },
      { eventBridge: async () => client, eventBusName: 'offboard' },
    );

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: '102' }]);
    expect(retry.batchItemFailures).toEqual([]);
    const published = eventBridge
      .commandCalls(PutEventsCommand)
      .flatMap((call, i) =>
        (call.args[0].input.Entries ?? []).filter((_, j) => !(i === 0 && j === 1)).map((e) => e.DetailType),
      );
    expect(new Set(published)).toEqual(new Set(['A', 'B', 'C']));
  });

  it('ignores stream records that are not outbox inserts', async () => {
    const eventBridge = mocked(mockClient(EventBridgeClient));
    const client = new EventBridgeClient({ region: 'us-east-1' });
    const modify = { ...outboxRecord('1', 'A'), eventName: 'MODIFY' as const };
    const user = {
      eventName: 'INSERT' as const,
      dynamodb: { SequenceNumber: '2', NewImage: marshall({ entity: 'USER' }) as never },
    };

    expect(
      await relayOutbox({ Records: [modify, user] }, { eventBridge: async () => client, eventBusName: 'offboard' }),
    ).toEqual({
      batchItemFailures: [],
    });
    expect(eventBridge.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? [])).toEqual([]);
  });

  it('delivers an event whose first publish failed right after the commit', async () => {
    const accountId = await givenAccount();
    let failures = 0;
    const restore = await failPutEvents((types) => types.includes('UserDeactivated') && failures++ < 2, 'throw');
    try {
      const response = await api.call('POST', `/v1/accounts/${accountId}/users/erin/deactivate`, { as: 'amir' });
      expect(response.status).toBe(200);

      const events = await eventually(() => {
        const found = api.runtime.bus
          .events({ detailType: 'UserDeactivated' })
          .filter((e) => e.detail.accountId === accountId);
        expect(found).toHaveLength(1);
        return found;
      });

      expect(failures).toBeGreaterThanOrEqual(2);
      expect(events[0]?.detail).toMatchObject({ userId: 'erin', by: { id: 'amir' } });
    } finally {
      restore();
    }
  });
});

describe('R10 the workflow publish step', () => {
  it('retries PutEvents on EventBridge.FailedEntry and publishes UserRemoved once', async () => {
    const accountId = await givenAccount();
    let refused = 0;
    const restore = await failPutEvents((types) => types.includes('UserRemoved') && refused++ < 1, 'failed-entry');
    try {
      const request = removalRequest(accountId, 'farah');
      const execution = await (await api.runtime.startRemoval(request)).done;

      expect(execution.status).toBe('SUCCEEDED');
      expect(execution.history.filter((e) => e.type === 'StateRetried').map((e) => e.state?.name)).toEqual([
        'Publish UserRemoved',
      ]);
      expect(
        api.runtime.bus.events({ detailType: 'UserRemoved' }).filter((e) => e.detail.removalId === request.removalId),
      ).toHaveLength(1);
    } finally {
      restore();
    }
  });
});
