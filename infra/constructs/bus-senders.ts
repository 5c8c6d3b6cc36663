// Who may put what on the offboard bus (R14). EventBridge authenticates the caller but not an
// event's `source`: without a policy, anyone allowed PutEvents could send `offboard.users` events
// (a forged UserRemoved makes the identity sync delete a sign-in) or HR events for any account. The
// bus's resource policy denies both sources to every principal but their own senders — explicit
// Denies, so they bind principals of this AWS account too — and lets the HR principals named at
// deploy time (HrEventSenderArns; none by default) put HR events, from another account as well.
// The bus path serves one trusted HR integration for every account; an HR SaaS per account uses
// the HR webhook with an HR token instead (docs/design.md, "Trust boundaries").
import { CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import { CfnEventBusPolicy, type IEventBus } from 'aws-cdk-lib/aws-events';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '#core/events/envelope.ts';

export interface BusSendersProps {
  eventBus: IEventBus;
  /** The roles that publish offboard's own events: the workflow's and the outbox relay's. */
  offboardPublishers: IRole[];
  hrEventSource: string;
}

export class BusSenders extends Construct {
  public readonly hrSenderArns: CfnParameter;

  constructor(scope: Construct, id: string, props: BusSendersProps) {
    super(scope, id);
    const { eventBus } = props;
    this.hrSenderArns = new CfnParameter(Stack.of(this), 'HrEventSenderArns', {
      type: 'CommaDelimitedList',
      description:
        'IAM principal ARNs (roles, users, accounts) of the one trusted HR integration that puts HR events on the bus; empty: HR events arrive by the HR webhook only',
      default: '',
    });
    const onlyFrom = (sid: string, source: string, principals: string[]) =>
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
      });
    const offboardOnly = onlyFrom(
      'OffboardEventsOnlyFromOffboard',
      EVENT_SOURCE,
      props.offboardPublishers.map((role) => role.roleArn),
    );
    const hrOnly = onlyFrom('HrEventsOnlyFromHrSenders', props.hrEventSource, this.hrSenderArns.valueAsList);
    // One policy document behind all three: CloudFormation must write them one after another.
    hrOnly.addDependency(offboardOnly);

    // Principals of another AWS account need an Allow as well; only when some are named.
    const named = new CfnCondition(this, 'HrSendersNamed', {
      expression: Fn.conditionNot(Fn.conditionEquals(Fn.join('', this.hrSenderArns.valueAsList), '')),
    });
    const allow = new CfnEventBusPolicy(this, 'HrSendersMayPutHrEvents', {
      eventBusName: eventBus.eventBusName,
      statementId: 'HrSendersMayPutHrEvents',
      statement: {
        Sid: 'HrSendersMayPutHrEvents',
        Effect: 'Allow',
        Principal: { AWS: this.hrSenderArns.valueAsList },
        Action: 'events:PutEvents',
        Resource: eventBus.eventBusArn,
        Condition: { StringEquals: { 'events:source': props.hrEventSource } },
      },
    });
    allow.cfnOptions.condition = named;
    allow.addDependency(hrOnly);
  }
}
