// The local stand-in for a Lambda event source mapping on the table's stream: polls DynamoDB
// Local's stream and hands each batch to the same handler the deployed relay runs, retrying from
// the first record it reports as failed (ReportBatchItemFailures), as Lambda does.
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

export interface StreamRelay {
  /** Resolves once every record seen so far has been handled successfully. */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface ShardState {
  iterator: string | undefined;
  /** Records fetched but not yet handled successfully, in order. */
  pending: _Record[];
  retryAt: number;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startStreamRelay(options: {
  dynamodbEndpoint: string;
  tableName: string;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
  intervalMs?: number;
  retryDelayMs?: number;
}): Promise<StreamRelay> {
  const { intervalMs = 50, retryDelayMs = 200 } = options;
  const streams = new DynamoDBStreamsClient({ endpoint: options.dynamodbEndpoint, region: 'us-east-1', credentials });
  const dynamodb = new DynamoDBClient({ endpoint: options.dynamodbEndpoint, region: 'us-east-1', credentials });
  const table = await dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
  dynamodb.destroy();
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);

  const shards = new Map<string, ShardState>();
  let firstPoll = true;
  let running = true;
  let idle = false;

  async function discoverShards() {
    const description = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      // Shards that exist when the relay starts are read from now on; later ones from their start.
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: firstPoll ? 'LATEST' : 'TRIM_HORIZON',
        }),
      );
      shards.set(shard.ShardId, { iterator: ShardIterator, pending: [], retryAt: 0 });
    }
    firstPoll = false;
  }

  async function pollShard(state: ShardState): Promise<boolean> {
    if (state.pending.length === 0 && state.iterator) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator }));
      state.iterator = out.NextShardIterator;
      state.pending.push(...(out.Records ?? []));
    }
    if (state.pending.length === 0 || Date.now() < state.retryAt) return state.pending.length > 0;
    const result = await options.handler({ Records: state.pending as DynamoDBStreamEvent['Records'] });
    const failedAt = result.batchItemFailures[0]?.itemIdentifier;
    if (failedAt === undefined) {
      state.pending = [];
      return false;
    }
    state.pending = state.pending.slice(
      Math.max(
        0,
        state.pending.findIndex((r) => r.dynamodb?.SequenceNumber === failedAt),
      ),
    );
    state.retryAt = Date.now() + retryDelayMs;
    return true;
  }

  const loop = (async () => {
    while (running) {
      try {
        await discoverShards();
        const busy = await Promise.all([...shards.values()].map(pollShard));
        idle = !busy.some(Boolean);
      } catch (error) {
        idle = false;
        if (running) process.stderr.write(`local stream relay: ${(error as Error).message}\n`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();

  return {
    drain: async (timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      // Two idle polls in a row: nothing was pending and nothing new arrived.
      let idlePolls = 0;
      while (idlePolls < 2) {
        if (Date.now() > deadline) throw new Error('the outbox did not drain in time');
        await new Promise((resolve) => setTimeout(resolve, intervalMs * 2));
        idlePolls = idle ? idlePolls + 1 : 0;
      }
    },
    stop: async () => {
      running = false;
      await loop;
      streams.destroy();
    },
  };
}
