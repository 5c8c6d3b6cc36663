// Who may put what on the offboard bus (R14). EventBridge authenticates the caller but not an
// event's `source`: without a policy, anyone allowed PutEvents could send `offboard.users` events
// (a forged UserRemoved makes the identity sync delete a sign-in) or HR events for any account. The
// bus's resource policy denies both sources to every principal but their own senders — explicit
// Denies, so they bind principals of this AWS account too — and lets the HR principals named at
// deploy time (HrEventSenderArns; none by default) put HR events, and the telephony platform's
// (PlatformEventSenderArns) its CallCompleted events, from another account as well.
// The bus path serves one trusted HR integration for every account; an HR SaaS per account uses
// the HR webhook with an HR token instead (docs/design.md, "Trust boundaries").
import { Aws, CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import { CfnEventBusPolicy, type IEventBus } from 'aws-cdk-lib/aws-events';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '#core/events/envelope.ts';

export interface BusSendersProps {
  eventBus: IEventBus;
  /** The roles that publish offboard's own events: the workflow's and the outbox relay's. */
  offboardPublishers: IRole[];
  hrEventSource: string;
  platformEventSource: string;
}

export class BusSenders extends Construct {
  public readonly hrSenderArns: CfnParameter;
  public readonly platformSenderArns: CfnParameter;

  constructor(scope: Construct, id: string, props: BusSendersProps) {
    super(scope, id);
    const { eventBus } = props;
    // One policy document behind every statement: CloudFormation must write them one after another.
    let previous: CfnEventBusPolicy | undefined;
    const inOrder = (statement: CfnEventBusPolicy) => {
      if (previous) statement.addDependency(previous);
      previous = statement;
      return statement;
    };
    const onlyFrom = (sid: string, source: string, principals: string[]) =>
      inOrder(
        new CfnEventBusPolicy(this, sid, {
          eventBusName: eventBus.eventBusName,
          statementId: sid,
          statement: {
            Sid: sid,
            Effect: 'Deny',
            Principal: '*',
            Action: 'events:PutEvents',
            Resource: eventBus.eventBusArn,
            Condition: {
              StringEquals: { 'events:source': source },
              StringNotEquals: { 'aws:PrincipalArn': principals },
            },
          },
        }),
      );
    onlyFrom(
      'OffboardEventsOnlyFromOffboard',
      EVENT_SOURCE,
      props.offboardPublishers.map((role) => role.roleArn),
    );

    /** An integration's source: only the principals named at deploy time, from any account. */
    const integration = (name: 'Hr' | 'Platform', source: string, description: string) => {
      const senders = new CfnParameter(Stack.of(this), `${name}EventSenderArns`, {
        type: 'CommaDelimitedList',
        description,
        default: '',
      });
      onlyFrom(`${name}EventsOnlyFrom${name}Senders`, source, senders.valueAsList);
      // Principals of another AWS account need an Allow as well. An empty Principal is invalid and a
      // conditional statement cannot sit in the chain above (nothing may depend on what may not
      // exist), so with none named the Allow names this account, which the Deny above still binds.
      const named = new CfnCondition(this, `${name}SendersNamed`, {
        expression: Fn.conditionNot(Fn.conditionEquals(Fn.join('', senders.valueAsList), '')),
      });
      inOrder(
        new CfnEventBusPolicy(this, `${name}SendersMayPut${name}Events`, {
          eventBusName: eventBus.eventBusName,
          statementId: `${name}SendersMayPut${name}Events`,
          statement: {
            Sid: `${name}SendersMayPut${name}Events`,
            Effect: 'Allow',
            Principal: { AWS: Fn.conditionIf(named.logicalId, senders.valueAsList, Aws.ACCOUNT_ID) },
            Action: 'events:PutEvents',
            Resource: eventBus.eventBusArn,
            Condition: { StringEquals: { 'events:source': source } },
          },
        }),
      );
      return senders;
    };
    this.hrSenderArns = integration(
      'Hr',
      props.hrEventSource,
      'IAM principal ARNs (roles, users, accounts) of the one trusted HR integration that puts HR events on the bus; empty: HR events arrive by the HR webhook only',
    );
    this.platformSenderArns = integration(
      'Platform',
      props.platformEventSource,
      'IAM principal ARNs of the telephony platform that puts CallCompleted events on the bus; empty: call records arrive by POST /platform/v1/calls only',
    );
  }
}
