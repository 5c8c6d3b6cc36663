// Lambda on the table's stream (filtered to OUTBOX inserts): publishes the outbox to the bus.
import { observability } from '../../shared/observability.ts';
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { composition } from '../../shared/composition.ts';
import { logger } from '#adapters/logger.ts';
import { relayOutbox } from './relay.ts';

export const relay = async (event: DynamoDBStreamEvent) => {
  const app = composition();
  const result = await relayOutbox(event, {
    eventBridge: app.clients.eventBridge,
    eventBusName: app.config.EVENT_BUS_NAME,
  });
  if (result.batchItemFailures.length > 0)
    logger.warn('some outbox events were not accepted; the stream retries', { result });
  return result;
};

export const handler = middy(relay).use(observability());
