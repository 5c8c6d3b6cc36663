// What an operator watches: alarms on failed or timed-out removals, on anything in a dead-letter
// queue, on Lambda errors and throttles (to one SNS topic), and a dashboard of the workflow, the
// API and the integrations.
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  SingleValueWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '#functions/shared/removal-metrics.ts';

export interface OperationsProps {
  userRemoval: StateMachine;
  functions: Record<string, IFunction>;
  deadLetterQueues: Record<string, IQueue>;
  httpApi: HttpApi;
  /** The removal schedules' group: Scheduler's own failure metrics are alarmed. */
  scheduleGroupName: string;
}

export class Operations extends Construct {
  public readonly alarmTopic: Topic;
  public readonly alarms: Alarm[] = [];
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.alarmTopic = new Topic(this, 'Alarms', { displayName: 'offboard alarms', enforceSSL: true });
    const action = new SnsAction(this.alarmTopic);
    const alarm = (name: string, metric: IMetric, description: string) => {
      const created = new Alarm(this, name, {
        metric,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };

    const fiveMinutes = { period: Duration.minutes(5) };
    alarm(
      'RemovalsFailed',
      props.userRemoval.metricFailed(fiveMinutes),
      'A removal execution failed: see the runbook (README) to redrive it.',
    );
    alarm('RemovalsTimedOut', props.userRemoval.metricTimedOut(fiveMinutes), 'A removal execution timed out.');
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible(fiveMinutes),
        `Messages in the ${name} dead-letter queue.`,
      );
    }
    // A schedule that Scheduler dropped (its target unreachable past the retries, no DLQ delivery)
    // or whose target failed: the removal may not have started (the overdue sweep still starts it).
    for (const metricName of ['InvocationDroppedCount', 'TargetErrorCount']) {
      alarm(
        `RemovalSchedules${metricName}`,
        new Metric({
          namespace: 'AWS/Scheduler',
          metricName,
          dimensionsMap: { ScheduleGroup: props.scheduleGroupName },
          statistic: 'Sum',
          ...fiveMinutes,
        }),
        `EventBridge Scheduler ${metricName} for removal schedules: check the RemovalSchedules dead letters and the overdue sweep.`,
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors(fiveMinutes), `${name} Lambda errors.`);
      alarm(`${name}Throttles`, fn.metricThrottles(fiveMinutes), `${name} Lambda throttles.`);
    }

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: 'offboard' });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Removals',
        left: [
          props.userRemoval.metricStarted(fiveMinutes),
          props.userRemoval.metricSucceeded(fiveMinutes),
          props.userRemoval.metricFailed(fiveMinutes),
          props.userRemoval.metricTimedOut(fiveMinutes),
        ],
      }),
      // The removal metrics the task Lambdas emit (functions/shared/removal-metrics.ts).
      new GraphWidget({
        title: 'Removals: outcomes, reassignments, duration',
        left: ['RemovalsCompleted', 'RemovalsFailed', 'RemovalsCancelled', 'ResourcesReassigned'].map(
          (metricName) =>
            new Metric({
              namespace: METRICS_NAMESPACE,
              metricName,
              dimensionsMap: { service: 'offboard' },
              statistic: 'Sum',
              ...fiveMinutes,
            }),
        ),
        right: [
          new Metric({
            namespace: METRICS_NAMESPACE,
            metricName: 'RemovalDuration',
            dimensionsMap: { service: 'offboard' },
            statistic: 'p95',
            ...fiveMinutes,
          }),
        ],
      }),
      new GraphWidget({
        title: 'Dashboard API',
        left: [props.httpApi.metricClientError(fiveMinutes), props.httpApi.metricServerError(fiveMinutes)],
        right: [props.httpApi.metricLatency({ ...fiveMinutes, statistic: 'p95' })],
      }),
      new SingleValueWidget({
        title: 'Dead letters',
        metrics: Object.values(props.deadLetterQueues).map((q) =>
          q.metricApproximateNumberOfMessagesVisible(fiveMinutes),
        ),
      }),
      new GraphWidget({
        title: 'Lambda errors',
        left: Object.values(props.functions).map((fn) => fn.metricErrors(fiveMinutes)),
      }),
    );
  }
}
