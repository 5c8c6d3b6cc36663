// The HR webhook (POST /hr/v1/events): an HR system (BambooHR, Workday, HiBob…) sends one HR event
// `{type, …detail}` or `{events: [...]}` over HTTPS with an account's HR token. The account comes
// from the token, never from the body (R14): an event naming another account refuses the whole
// request. Each event is then handled exactly as the same event from the bus (R11), in the order
// sent; `occurredAt` orders events across requests (it defaults to when the request arrived).
import * as z from 'zod';
import { NotAllowedError, ValidationFailedError } from '../errors.ts';
import { handleHrEvent, type HrDeps, type HrOutcome } from './handle-hr-event.ts';
import { HR_DETAIL_SCHEMAS, HR_DETAIL_TYPES, HrEnvelopeSchema, type HrEnvelope } from './hr-events.ts';

export const MAX_EVENTS_PER_REQUEST = 100;

/** One event as the webhook takes it: its type, when it happened, and the detail the bus would carry (no account needed). */
export const WebhookEventSchema = z.discriminatedUnion(
  'type',
  HR_DETAIL_TYPES.map((type) =>
    z.strictObject({
      ...HR_DETAIL_SCHEMAS[type].shape,
      type: z.literal(type),
      occurredAt: z.iso.datetime({ offset: true }).optional(),
      accountId: HR_DETAIL_SCHEMAS[type].shape.accountId.optional(),
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

export const HrWebhookBodySchema = z.union([
  z.strictObject({ events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_REQUEST) }),
  z.looseObject({ type: z.string() }),
]);

export interface HrWebhookResult {
  index: number;
  type: string;
  email: string;
  outcome: HrOutcome;
}

/** The events of a webhook body as envelopes of the token's account; refuses the whole body, changing nothing, if any is wrong. */
export function webhookEnvelopes(body: unknown, accountId: string, receivedAt: Date): HrEnvelope[] {
  const shape = HrWebhookBodySchema.safeParse(body);
  if (!shape.success)
    throw new ValidationFailedError('The body is one HR event {type, …} or {events: [...]} of at most 100', [
      { path: 'body', message: 'expected {type, …} or {events: [1–100 events]}' },
    ]);
  const raw = 'events' in shape.data ? (shape.data.events as unknown[]) : [shape.data];
  const prefix = (i: number) => ('events' in shape.data ? `body.events.${i}` : 'body');
  const errors: { path: string; message: string }[] = [];
  const envelopes: HrEnvelope[] = [];
  raw.forEach((item, i) => {
    const parsed = WebhookEventSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({
          path: [prefix(i), ...issue.path.map(String)].join('.'),
          message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
        });
      return;
    }
    const {
      type,
      occurredAt,
      accountId: named,
      ...detail
    } = parsed.data as Record<string, unknown> & {
      type: string;
      occurredAt?: string;
      accountId?: string;
    };
    if (named !== undefined && named !== accountId)
      throw new NotAllowedError(
        `${prefix(i)}.accountId names another account: an HR token acts for its own account only`,
      );
    // Events without a time keep the order they were sent in (a millisecond apart).
    const time = occurredAt ?? new Date(receivedAt.getTime() + i).toISOString();
    envelopes.push(HrEnvelopeSchema.parse({ 'detail-type': type, time, detail: { ...detail, accountId } }));
  });
  if (errors.length > 0) throw new ValidationFailedError('Some HR events are not valid; none was applied', errors);
  return envelopes;
}

/** Every event of the body, handled in order as the bus path handles it. */
export async function receiveHrEvents(deps: HrDeps, accountId: string, body: unknown): Promise<HrWebhookResult[]> {
  const envelopes = webhookEnvelopes(body, accountId, deps.clock.now());
  const results: HrWebhookResult[] = [];
  for (const [index, envelope] of envelopes.entries())
    results.push({
      index,
      type: envelope['detail-type'],
      email: envelope.detail.email,
      outcome: await handleHrEvent(deps, envelope),
    });
  return results;
}
