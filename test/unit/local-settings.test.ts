// The local runtime's settings from the environment: ports, and the optional index lag.
import { describe, expect, it } from 'vitest';
import { localSettings } from '#local/settings.ts';

describe('local settings', () => {
  it('defaults to the documented ports and no index lag', () => {
    expect(localSettings({})).toEqual({
      apiPort: 3000,
      eventsPort: 4010,
      dynamodbPort: 8000,
      cognitoPort: 9229,
      indexLagMs: 0,
    });
    expect(localSettings({ OFFBOARD_COGNITO_PORT: '9339' }).cognitoPort).toBe(9339);
  });

  it('reads OFFBOARD_INDEX_LAG_MS, and refuses what is not a number of milliseconds', () => {
    expect(localSettings({ OFFBOARD_INDEX_LAG_MS: '750' }).indexLagMs).toBe(750);
    expect(() => localSettings({ OFFBOARD_INDEX_LAG_MS: 'soon' })).toThrow(/OFFBOARD_INDEX_LAG_MS must be a number/);
    expect(() => localSettings({ OFFBOARD_API_PORT: '70000' })).toThrow(/OFFBOARD_API_PORT must be a port number/);
  });
});
