// PutEvents for outbox events, in EventBridge's batches of ten. Returns which events failed, so
// the caller retries exactly those (a partial failure is normal under throttling).
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { LazyClient } from '../clients.ts';
import { sdk } from '../sdk-modules.ts';
import type { OutboxEvent } from '#core/events/outbox.ts';
import { logger } from '../logger.ts';

const MAX_ENTRIES_PER_CALL = 10;

export async function putEvents(
  eventBridge: LazyClient<EventBridgeClient>,
  eventBusName: string,
  events: OutboxEvent[],
): Promise<{ failed: OutboxEvent[] }> {
  if (events.length === 0) return { failed: [] };
  const [{ PutEventsCommand }, client] = await Promise.all([sdk.eventBridge(), eventBridge()]);
  const failed: OutboxEvent[] = [];
  for (let i = 0; i < events.length; i += MAX_ENTRIES_PER_CALL) {
    const batch = events.slice(i, i + MAX_ENTRIES_PER_CALL);
    try {
      const out = await client.send(
        new PutEventsCommand({
          Entries: batch.map((event) => ({
            EventBusName: eventBusName,
            Source: event.source,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
            Resources: event.resources,
          })),
        }),
      );
      (out.Entries ?? []).forEach((entry, index) => {
        if (!entry.ErrorCode) return;
        failed.push(batch[index] as OutboxEvent);
        logger.warn('an event was not accepted, it will be sent again', {
          eventId: batch[index]?.id,
          errorCode: entry.ErrorCode,
          errorMessage: entry.ErrorMessage,
        });
      });
    } catch (error) {
      // The whole call failed (network, throttling): every event of the batch is retried.
      logger.warn('PutEvents failed, the batch will be sent again', { error, events: batch.length });
      failed.push(...batch);
    }
  }
  return { failed };
}
