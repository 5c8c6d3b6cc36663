// Publishes this service's events to its EventBridge bus; a failed entry is an error, not a
// silent loss.
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { EventPublisher } from '#core/ports.ts';

export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
  ) {}

  publish: EventPublisher['publish'] = async (event, detail, resources = []) => {
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.eventBusName,
            Source: event.source,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.parse(detail)),
            Resources: resources,
          },
        ],
      }),
    );
    if ((out.FailedEntryCount ?? 0) > 0) {
      const entry = out.Entries?.[0];
      throw new Error(
        `${event.detailType} was not accepted by EventBridge: ${entry?.ErrorCode} ${entry?.ErrorMessage}`,
      );
    }
  };
}
