// Drains the transactional outbox: every OUTBOX item inserted into the table (seen on its stream)
// is put on the event bus. Failed entries are reported back so the stream retries from the first
// of them — at-least-once; consumers deduplicate (docs/events.md).
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { LazyClient } from '#adapters/clients.ts';
import type { OutboxEvent } from '#core/events/outbox.ts';
import { putEvents } from '#adapters/eventbridge/put-events.ts';

const isOutboxInsert = (record: DynamoDBRecord) =>
  record.eventName === 'INSERT' && record.dynamodb?.NewImage?.entity?.S === 'OUTBOX';

const toOutboxEvent = (record: DynamoDBRecord): OutboxEvent => {
  const item = unmarshall(record.dynamodb?.NewImage as Record<string, AttributeValue>);
  return {
    id: item.id,
    source: item.source,
    detailType: item.detailType,
    detail: item.detail,
    resources: item.resources ?? [],
  };
};

export async function relayOutbox(
  event: DynamoDBStreamEvent,
  deps: { eventBridge: LazyClient<EventBridgeClient>; eventBusName: string },
): Promise<DynamoDBBatchResponse> {
  const records = event.Records.filter(isOutboxInsert);
  const pending = records.map((record) => ({ record, event: toOutboxEvent(record) }));
  const { failed } = await putEvents(
    deps.eventBridge,
    deps.eventBusName,
    pending.map((p) => p.event),
  );
  if (failed.length === 0) return { batchItemFailures: [] };
  // The stream resumes from the lowest reported sequence number: report the first failure.
  const firstFailed = pending.find((p) => failed.includes(p.event));
  return { batchItemFailures: [{ itemIdentifier: firstFailed?.record.dynamodb?.SequenceNumber ?? '' }] };
}
