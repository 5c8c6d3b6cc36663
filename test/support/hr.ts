// Sending HR-system events to the local bus with the real EventBridge SDK client, as an HR
// integration would.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { LocalRuntime } from '#local/runtime.ts';

export function hrSender(runtime: () => LocalRuntime) {
  return async (detailType: string, detail: Record<string, unknown>, time: Date) => {
    const client = new EventBridgeClient({
      endpoint: runtime().bus.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'offboard',
            Source: 'hr.system',
            DetailType: detailType,
            Detail: JSON.stringify(detail),
            Time: time,
          },
        ],
      }),
    );
    client.destroy();
    if (out.FailedEntryCount) throw new Error(JSON.stringify(out.Entries));
    await runtime().bus.deliveries();
  };
}

/** A time `seconds` from now, on a whole second (the bus keeps event times to the second). */
export const inSeconds = (seconds: number) => new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000);
