// The event contract as integrators see it: the committed JSON Schemas are current, and a v1
// consumer that validates with them (here with Ajv, as any language's validator would) accepts
// every event the system emits.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { EVENT_CATALOG } from '#core/events/catalog.ts';
import { eventSchemaFileName } from '#core/events/json-schema.ts';
import { EVENT_SCHEMAS_DIR, GENERATED_FILES } from '../../cli/generated-files.ts';
import { givenAccount, removalRequest, recordAccepted } from '../support/accounts.ts';
import { useApiRuntime, waitForRemoval } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';

describe('generated files', () => {
  it.each(GENERATED_FILES.map((file) => [path.basename(file.path), file] as const))(
    '%s is committed up to date (run `npm run generate`)',
    (_, file) => {
      expect(readFileSync(file.path, 'utf8')).toBe(file.content());
    },
  );
});

describe('a v1 consumer', () => {
  const api = useApiRuntime();

  /** Validators built from the committed schema files only, as an integrator would. */
  const validators = () => {
    const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
    return new Map(
      EVENT_CATALOG.map((event) => {
        const { $schema: _, ...schema } = JSON.parse(
          readFileSync(path.join(EVENT_SCHEMAS_DIR, eventSchemaFileName(event)), 'utf8'),
        );
        return [event.detailType, ajv.compile(schema)];
      }),
    );
  };

  it('accepts every event emitted by deactivation, activation, ownership transfer, a removal and a failed removal', async () => {
    const accountId = await givenAccount({
      resources: [{ type: 'PHONE_NUMBER', id: 'n-1', name: 'n', ownerId: 'dan' }],
    });
    const base = `/v1/accounts/${accountId}`;
    await api.call('POST', `${base}/users/erin/deactivate`, { as: 'amir' });
    await api.call('POST', `${base}/users/erin/activate`, { as: 'amir' });
    await api.call('POST', `${base}/ownership-transfer`, { as: 'olivia', body: { newOwnerId: 'bea' } });
    const removal = await api.call('POST', `${base}/users/dan/removal`, {
      as: 'amir',
      body: { confirm: true, reassignTo: 'bea' },
    });
    await waitForRemoval(api.call, removal.body.statusUrl, 'amir');
    await api.runtime.startExecutionDirectly(await recordAccepted(removalRequest(accountId, 'farah', { by: 'erin' })))
      .done; // refused: RemovalFailed

    const expected = [
      'UserDeactivated',
      'UserActivated',
      'OwnershipTransferred',
      'RemovalStarted',
      'UserRemoved',
      'RemovalFailed',
    ];
    const emitted = await eventually(() => {
      const mine = api.runtime.bus.events().filter((e) => e.detail.accountId === accountId);
      expect(new Set(mine.map((e) => e['detail-type']))).toEqual(new Set(expected));
      return mine;
    });

    // Every detail says when its change happened, so consumers can order by it.
    for (const event of emitted)
      expect(event.detail.occurredAt, event['detail-type']).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/);
    const validate = validators();
    for (const event of emitted) {
      const check = validate.get(event['detail-type']);
      expect(check, event['detail-type']).toBeDefined();
      const { 'event-bus-name': _, ...envelope } = event;
      expect(check?.(envelope), `${event['detail-type']}: ${JSON.stringify(check?.errors)}`).toBe(true);
    }
  });

  it('keeps accepting v1 events that gain fields (additions are not breaking)', async () => {
    const check = validators().get('UserDeactivated');
    const event = {
      version: '0',
      id: 'e',
      source: 'offboard.users',
      'detail-type': 'UserDeactivated',
      time: '2026-11-27T10:00:00Z',
      account: '1',
      region: 'us-east-1',
      resources: [],
      detail: {
        version: 1,
        accountId: 'a',
        userId: 'u',
        by: { type: 'USER', id: 'x' },
        at: '2026-11-27T10:00:00Z',
        newField: true,
      },
    };
    expect(check?.(event)).toBe(true);
    expect(check?.({ ...event, detail: { ...event.detail, userId: undefined } })).toBe(false);
  });
});
