// What a piece of work asked of the table: every DynamoDB command the process's client sent while
// it ran, with its input — so a test can say "one user read by key, no Query of the account".
import { dynamoDocumentClient } from '#adapters/clients.ts';

export interface TableRequest {
  command: string;
  input: {
    IndexName?: string;
    KeyConditionExpression?: string;
    ExpressionAttributeValues?: Record<string, unknown>;
  };
}

export async function tableRequestsOf<T>(work: () => Promise<T>): Promise<{ result: T; requests: TableRequest[] }> {
  const client = dynamoDocumentClient();
  const name = `table-requests-${Math.random()}`;
  const requests: TableRequest[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      requests.push({ command: String(context.commandName), input: (args as { input: TableRequest['input'] }).input });
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await work(), requests };
  } finally {
    client.middlewareStack.remove(name);
  }
}

/** A Query of an account's partition for its user items: what a list must never need. */
export const readsTheAccountsUsers = (request: TableRequest) =>
  request.command === 'QueryCommand' &&
  !request.input.IndexName &&
  Object.values(request.input.ExpressionAttributeValues ?? {}).some((value) => value === 'USER#');
