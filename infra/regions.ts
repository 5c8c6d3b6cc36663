// What some regions lack, and how the templates leave it out there. A stack whose region is known
// at synth (`cdk deploy`, CDK_DEFAULT_REGION) decides here and omits what its region lacks; an
// environment-agnostic template carries a CloudFormation condition that decides at deploy.
import { CfnCondition, Fn, Stack, Token, type ICfnConditionExpression } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** Regions without the EventBridge Schema Registry (AWS::EventSchemas::*), per cfn-lint's region specs. */
export const REGIONS_WITHOUT_SCHEMA_REGISTRY = [
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'il-central-1',
  'mx-central-1',
] as const;

/**
 * Opt-in regions: CloudFront does not deliver standard (legacy) access logs to a bucket there
 * (CloudFront Developer Guide, "Choosing an Amazon S3 bucket for your standard logs").
 */
export const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
] as const;

/** CloudFormation's Fn::Or takes 2 to 10 conditions: longer lists are or-ed in groups. */
function anyOf(conditions: ICfnConditionExpression[]): ICfnConditionExpression {
  if (conditions.length === 1) return conditions[0]!;
  if (conditions.length <= 10) return Fn.conditionOr(...conditions);
  const groups = [];
  for (let i = 0; i < conditions.length; i += 10) groups.push(anyOf(conditions.slice(i, i + 10)));
  return anyOf(groups);
}

/**
 * Whether the stack's region is outside `regions`: a boolean when the region is known at synth,
 * else a condition (named `id`) to put on the resources that need it.
 */
export function regionOutside(scope: Construct, id: string, regions: readonly string[]): boolean | CfnCondition {
  const stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.region)) return !regions.includes(stack.region);
  return new CfnCondition(stack, id, {
    expression: Fn.conditionNot(anyOf(regions.map((region) => Fn.conditionEquals(stack.region, region)))),
  });
}
