// Reserved concurrency as a deploy parameter. A reservation caps a function (so 1,000 removals'
// Map batches cannot take the account's whole pool) and guarantees it (so the dashboard's API
// still answers during such a burst). 0 reserves nothing: a new AWS account's pool is 10, and
// Lambda keeps 100 unreserved, so any default reservation would fail a first deploy there.
import { Aws, CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

export class ConcurrencyBudget {
  private readonly parameter: CfnParameter;
  private readonly reserved: CfnCondition;

  constructor(scope: Construct, id: string, description: string) {
    const stack = Stack.of(scope);
    this.parameter = new CfnParameter(stack, id, {
      type: 'Number',
      description: `${description} (0: no reservation, the account's shared pool)`,
      minValue: 0,
      default: 0,
    });
    this.reserved = new CfnCondition(stack, `${id}Reserved`, {
      expression: Fn.conditionNot(Fn.conditionEquals(this.parameter.valueAsNumber, 0)),
    });
  }

  /** Each function gets the parameter's concurrency reserved, unless it is 0. */
  reserveFor(functions: IFunction[]): void {
    for (const fn of functions)
      (fn.node.defaultChild as CfnFunction).reservedConcurrentExecutions = Fn.conditionIf(
        this.reserved.logicalId,
        this.parameter.valueAsNumber,
        Aws.NO_VALUE,
      ) as unknown as number;
  }
}
