// The local runtime's settings from the environment: ports, the optional index lag, and who sends invitations.
import { describe, expect, it } from 'vitest';
import { localSettings } from '#local/settings.ts';

describe('local settings', () => {
  it("defaults to the documented ports, no index lag and Cognito's default email sender (as a stack without SesIdentity)", () => {
    expect(localSettings({})).toEqual({
      apiPort: 3000,
      eventsPort: 4010,
      dynamodbPort: 8000,
      cognitoPort: 9229,
      indexLagMs: 0,
      emailSender: 'cognito-default',
    });
    expect(localSettings({ OFFBOARD_COGNITO_PORT: '9339' }).cognitoPort).toBe(9339);
  });

  it('reads OFFBOARD_INDEX_LAG_MS, and refuses what is not a number of milliseconds', () => {
    expect(localSettings({ OFFBOARD_INDEX_LAG_MS: '750' }).indexLagMs).toBe(750);
    expect(() => localSettings({ OFFBOARD_INDEX_LAG_MS: 'soon' })).toThrow(/OFFBOARD_INDEX_LAG_MS must be a number/);
    expect(() => localSettings({ OFFBOARD_API_PORT: '70000' })).toThrow(/OFFBOARD_API_PORT must be a port number/);
  });

  it('reads OFFBOARD_EMAIL_SENDER=ses, and refuses another sender, saying which there are', () => {
    expect(localSettings({ OFFBOARD_EMAIL_SENDER: 'ses' }).emailSender).toBe('ses');
    expect(() => localSettings({ OFFBOARD_EMAIL_SENDER: 'smtp' })).toThrow(/cognito-default .* or ses/);
  });
});
