// The removal steps' dependencies, built once per process from config: the DynamoDB store and
// the system clock. Lambda, the local runtime and tests all come through here.
import { config } from '#adapters/config.ts';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { DynamoRemovalStore } from '#adapters/dynamodb/removal-store.ts';
import { systemClock } from '#core/ports.ts';
import type { RemovalDeps } from '#core/removal/deps.ts';

let deps: RemovalDeps | undefined;

export function removalDeps(): RemovalDeps {
  deps ??= { store: new DynamoRemovalStore(dynamoDocumentClient(), config().TABLE_NAME), clock: systemClock };
  return deps;
}
