// One account, several regions: every resource whose name is global to the account (CloudFront's
// policies and origin access controls, IAM's roles and managed policies) gets a different name in
// each region, so the second region's deployment does not fail on the first one's names; and what
// a region lacks (the Schema Registry, CloudFront's log delivery to opt-in regions) is left out there.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { defineOffboard } from '#infra/offboard-app.ts';
import { TEMPLATE_ONLY_CONTEXT } from '../support/cdk.ts';

/** Resource types whose names are unique per account, not per region, and where each keeps its name. */
const ACCOUNT_GLOBAL_NAMES: Record<string, (properties: Record<string, any>) => unknown> = {
  'AWS::CloudFront::ResponseHeadersPolicy': (p) => p.ResponseHeadersPolicyConfig?.Name,
  'AWS::CloudFront::OriginAccessControl': (p) => p.OriginAccessControlConfig?.Name,
  'AWS::CloudFront::CachePolicy': (p) => p.CachePolicyConfig?.Name,
  'AWS::CloudFront::OriginRequestPolicy': (p) => p.OriginRequestPolicyConfig?.Name,
  'AWS::CloudFront::Function': (p) => p.Name,
  'AWS::IAM::Role': (p) => p.RoleName,
  'AWS::IAM::ManagedPolicy': (p) => p.ManagedPolicyName,
};

function templates(region?: string) {
  const app = new App({ context: TEMPLATE_ONLY_CONTEXT });
  const stacks = defineOffboard(app, region ? { account: '123456789012', region } : undefined);
  return { stateful: Template.fromStack(stacks.stateful), stateless: Template.fromStack(stacks.stateless), stacks };
}

function accountGlobalNames(region: string): Map<string, string> {
  const { stacks } = templates(region);
  const names = new Map<string, string>();
  for (const stack of [stacks.stateful, stacks.stateless]) {
    const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, any> };
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const nameOf = ACCOUNT_GLOBAL_NAMES[resource.Type as string];
      const name = nameOf?.(resource.Properties ?? {});
      if (name !== undefined) names.set(`${resource.Type} ${stack.stackName}/${logicalId}`, JSON.stringify(name));
    }
  }
  return names;
}

describe('two regions of one account', () => {
  it('give every account-global name (CloudFront policies and origin access controls, IAM) a different value (aws-cdk 34336)', () => {
    const europe = accountGlobalNames('eu-west-1');
    const india = accountGlobalNames('ap-south-1');

    // The console's headers policy and its origin access control are among them.
    const types = [...europe.keys()].map((key) => key.split(' ')[0]);
    expect(types).toContain('AWS::CloudFront::ResponseHeadersPolicy');
    expect(types).toContain('AWS::CloudFront::OriginAccessControl');
    const clashes = [...europe].filter(([key, name]) => india.get(key) === name);
    expect(clashes).toEqual([]);
  });
});

describe('what a region lacks', () => {
  const distributionLogging = (stateless: Template) =>
    (Object.values(stateless.findResources('AWS::CloudFront::Distribution'))[0] as { Properties: any }).Properties
      .DistributionConfig.Logging;

  it('registers the event schemas and delivers CloudFront logs in ap-south-1, in ap-south-2 (Hyderabad, opt-in) neither', () => {
    const mumbai = templates('ap-south-1');
    const hyderabad = templates('ap-south-2');

    expect(Object.keys(mumbai.stateful.findResources('AWS::EventSchemas::Schema')).length).toBeGreaterThan(10);
    expect(distributionLogging(mumbai.stateless)).toMatchObject({ Prefix: 'cloudfront/' });
    expect(hyderabad.stateful.findResources('AWS::EventSchemas::Registry')).toEqual({});
    expect(hyderabad.stateful.findResources('AWS::EventSchemas::Schema')).toEqual({});
    expect(distributionLogging(hyderabad.stateless)).toBeUndefined();
  });

  it('decides at deploy where the region is unknown at synth: conditions that name ap-south-2', () => {
    const { stateful, stateless } = templates();
    const conditions = { ...stateful.toJSON().Conditions, ...stateless.toJSON().Conditions };
    expect(JSON.stringify(conditions.SchemaRegistryAvailable)).toContain('ap-south-2');
    const registry = Object.values(stateful.findResources('AWS::EventSchemas::Registry'))[0] as { Condition: string };
    expect(registry.Condition).toBe('SchemaRegistryAvailable');
    const schemas = Object.values(stateful.findResources('AWS::EventSchemas::Schema')) as { Condition: string }[];
    expect(schemas.every((schema) => schema.Condition === 'SchemaRegistryAvailable')).toBe(true);
    const logsCondition = Object.keys(conditions).find((id) => id.startsWith('CloudFrontLogsDeliverable'))!;
    expect(JSON.stringify(conditions[logsCondition])).toContain('ap-south-2');
    expect(distributionLogging(stateless)).toMatchObject({
      'Fn::If': [logsCondition, expect.anything(), { Ref: 'AWS::NoValue' }],
    });
  });
});
