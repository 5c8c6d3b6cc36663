// R10 DynamoDB cancels a transaction that touches an item of another transaction still in flight
// (TransactionConflict) and refuses a single write to such an item; DynamoDB Local runs them one at a
// time and never does. The local runtime's overlap mode does as AWS does, and only on real overlap.
import { afterEach, describe, expect, it } from 'vitest';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { emulateOverlapConflicts } from '#local/transaction-conflicts.ts';
import { testTableName } from '../support/env.ts';
import { pauseBefore } from '../support/faults.ts';
import { eventually } from '../support/eventually.ts';
import { uniqueId } from '../support/accounts.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

const counter = (pk: string, sk: string) => ({
  Update: {
    TableName: testTableName(),
    Key: { pk, sk },
    UpdateExpression: 'ADD n :one',
    ExpressionAttributeValues: { ':one': 1 },
  },
});

describe('R10 TransactionConflict on real overlap, as AWS decides it', () => {
  it('cancels a transaction touching an item of one in flight, refuses a single write to it, and lets the rest through', async () => {
    const db = dynamoDocumentClient();
    const pk = uniqueId('overlap');
    const overlap = emulateOverlapConflicts(db);
    cleanups.push(overlap.remove);
    let reached = false;
    const hold = pauseBefore({
      command: 'TransactWriteItemsCommand',
      when: (input) => {
        const held = JSON.stringify(input).includes('held-marker');
        if (held) reached = true;
        return held;
      },
    });
    cleanups.push(hold.remove);

    // A: the shared item and a marker, held in flight.
    const first = db.send(
      new TransactWriteCommand({ TransactItems: [counter(pk, 'shared'), counter(pk, 'held-marker')] }),
    );
    await eventually(() => expect(reached).toBe(true));
    const second = db.send(new TransactWriteCommand({ TransactItems: [counter(pk, 'other'), counter(pk, 'shared')] }));
    const single = db.send(new UpdateCommand({ ...counter(pk, 'shared').Update }));
    const apart = db.send(new TransactWriteCommand({ TransactItems: [counter(pk, 'elsewhere')] }));

    const secondError = await second.catch((error: unknown) => error);
    expect(secondError).toBeInstanceOf(TransactionCanceledException);
    expect((secondError as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'None',
      'TransactionConflict',
    ]);
    await expect(single).rejects.toBeInstanceOf(TransactionConflictException);
    await expect(apart).resolves.toBeDefined();
    hold.release();
    await first;
    // Once A is done, the same item takes writes again.
    await db.send(new TransactWriteCommand({ TransactItems: [counter(pk, 'shared')] }));
    await db.send(new PutCommand({ TableName: testTableName(), Item: { pk, sk: 'shared', n: 10 } }));
    expect(overlap.counts()).toEqual({ transactions: 4, cancelled: 1, singleWritesRefused: 1 });
  });
});
