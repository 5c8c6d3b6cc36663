// The local runtime configures the adapters with a config object, not by writing the environment:
// values over the environment, validated, fixed once in use.
import { describe, expect, it } from 'vitest';
import { config, useConfig } from '#adapters/config.ts';

describe('the process config from an object', () => {
  it('takes the values given over the environment, leaves process.env alone, and stays fixed once in use', () => {
    const before = process.env.DYNAMODB_ENDPOINT;
    const used = useConfig({ TABLE_NAME: 'unit-config', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1', AUTH_MODE: 'local' });

    expect(used).toMatchObject({
      TABLE_NAME: 'unit-config',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
      AUTH_MODE: 'local',
    });
    expect(used.EVENT_BUS_NAME).toBe('offboard'); // defaults still apply
    expect(config()).toBe(used);
    expect(process.env.DYNAMODB_ENDPOINT).toBe(before);

    // The same values again: fine. Other values: refused, naming them (clients already point somewhere).
    expect(useConfig({ TABLE_NAME: 'unit-config' })).toBe(used);
    expect(() => useConfig({ TABLE_NAME: 'another', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' })).toThrow(/TABLE_NAME/);
  });
});
