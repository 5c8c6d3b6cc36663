// The local stand-in for a Lambda event source mapping on the table's stream: polls DynamoDB
// Local's stream and hands each batch to the same handler the deployed relay runs, retrying from
// the first record it reports as failed (ReportBatchItemFailures), as Lambda does. One relay per
// table: DynamoDB Local's iterators interfere when several readers share a shard, so every test
// file works on tables of its own.
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { LOCAL_CREDENTIALS } from './ports.ts';

/**
 * The DynamoDB Streams client reads an empty map attribute (`{"M": {}}`) back as `{}`, a value with
 * no type that nothing can write again; in AWS the record carries `{"M": {}}`. An attribute value is
 * never empty otherwise, so an empty one is an empty map.
 */
function withEmptyMapsTyped(record: _Record): _Record {
  const repair = (value: unknown): unknown => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return { M: {} };
    const [[type, inner]] = entries as [[string, unknown]];
    if (entries.length === 1 && type === 'M') return { M: repairImage(inner as Record<string, unknown>) };
    if (entries.length === 1 && type === 'L') return { L: (inner as unknown[]).map(repair) };
    return value;
  };
  const repairImage = (image: Record<string, unknown> | undefined) =>
    image && Object.fromEntries(Object.entries(image).map(([name, value]) => [name, repair(value)]));
  const change = record.dynamodb;
  if (!change) return record;
  return {
    ...record,
    dynamodb: {
      ...change,
      ...(change.NewImage ? { NewImage: repairImage(change.NewImage) as typeof change.NewImage } : {}),
      ...(change.OldImage ? { OldImage: repairImage(change.OldImage) as typeof change.OldImage } : {}),
    },
  };
}

export interface StreamRelay {
  stop(): Promise<void>;
}

interface ShardState {
  shardId: string;
  iterator: string | undefined;
  /** The last record handled successfully, to resume after it when an iterator goes stale. */
  lastSequence?: string;
  /** Set when the iterator had to restart from the shard's oldest record. */
  fromHorizon?: boolean;
  /** Records fetched but not yet handled successfully, in order. */
  pending: _Record[];
  retryAt: number;
}

export async function startStreamRelay(options: {
  dynamodbEndpoint: string;
  tableName: string;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
  intervalMs?: number;
  retryDelayMs?: number;
}): Promise<StreamRelay> {
  const { intervalMs = 50, retryDelayMs = 200 } = options;
  const streams = new DynamoDBStreamsClient({
    endpoint: options.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  const dynamodb = new DynamoDBClient({
    endpoint: options.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  const table = await dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
  dynamodb.destroy();
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);

  const shards = new Map<string, ShardState>();
  let firstPoll = true;
  let running = true;

  const startedAt = Date.now();

  async function shardIterator(
    shardId: string,
    type: 'LATEST' | 'TRIM_HORIZON' | 'AFTER_SEQUENCE_NUMBER',
    after?: string,
  ) {
    const out = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        SequenceNumber: after,
      }),
    );
    return out.ShardIterator;
  }

  /**
   * Records to hand on: after the last one handled; after a restart from the shard's horizon, none
   * written long before this relay started (creation times are coarse, so a minute's margin:
   * delivery is at-least-once anyway).
   */
  const isNew = (state: ShardState, record: _Record) => {
    if (state.lastSequence !== undefined)
      return BigInt(record.dynamodb?.SequenceNumber ?? '0') > BigInt(state.lastSequence);
    if (!state.fromHorizon) return true;
    return (record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now()) >= startedAt - 60_000;
  };

  async function discoverShards() {
    // DescribeStream pages through shards; DynamoDB Local rolls shards over as records accumulate.
    let ExclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || shards.has(shard.ShardId)) continue;
        // Open shards when the relay starts are read from now on; shards opened later from their start.
        const open = shard.SequenceNumberRange?.EndingSequenceNumber === undefined;
        if (firstPoll && !open) continue;
        const iterator = await shardIterator(shard.ShardId, firstPoll ? 'LATEST' : 'TRIM_HORIZON');
        shards.set(shard.ShardId, { shardId: shard.ShardId, iterator, pending: [], retryAt: 0 });
      }
      ExclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (ExclusiveStartShardId);
    firstPoll = false;
  }

  async function pollShard(state: ShardState): Promise<void> {
    if (state.pending.length === 0 && state.iterator) {
      try {
        const out = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator }));
        state.iterator = out.NextShardIterator;
        state.pending.push(...(out.Records ?? []).filter((record) => isNew(state, record)).map(withEmptyMapsTyped));
      } catch (error) {
        // DynamoDB Local invalidates iterators now and then: resume after the last record handled.
        if (!['TrimmedDataAccessException', 'ExpiredIteratorException'].includes((error as Error).name)) throw error;
        state.fromHorizon = state.lastSequence === undefined;
        state.iterator = state.lastSequence
          ? await shardIterator(state.shardId, 'AFTER_SEQUENCE_NUMBER', state.lastSequence)
          : await shardIterator(state.shardId, 'TRIM_HORIZON');
        return;
      }
    }
    if (state.pending.length === 0 || Date.now() < state.retryAt) return;
    const result = await options.handler({ Records: state.pending as DynamoDBStreamEvent['Records'] });
    const failedAt = result.batchItemFailures[0]?.itemIdentifier;
    if (failedAt === undefined) {
      state.pending = [];
      return;
    }
    state.pending = state.pending.slice(
      Math.max(
        0,
        state.pending.findIndex((r) => r.dynamodb?.SequenceNumber === failedAt),
      ),
    );
    state.retryAt = Date.now() + retryDelayMs;
  }

  const loop = (async () => {
    while (running) {
      try {
        await discoverShards();
        await Promise.all([...shards.values()].map(pollShard));
      } catch (error) {
        if (running)
          process.stderr.write(`local stream relay: ${(error as Error).name}: ${(error as Error).message}\n`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();

  return {
    stop: async () => {
      running = false;
      await loop;
      streams.destroy();
    },
  };
}
