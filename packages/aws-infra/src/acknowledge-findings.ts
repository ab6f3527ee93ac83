import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag findings on a construct and its children, each by its exact id (`Rule[finding]`), so a new
 * wildcard or managed policy is never covered by an old reason.
 */
export function acknowledgeFindings({ scope, rule, findings, reason }: { scope: IConstruct; rule: string; findings: readonly string[]; reason: string }): void {
  Validations.of(scope).acknowledge(...findings.map((finding) => ({ id: `AwsSolutions-${rule}[${finding}]`, reason })));
}

/** The finding id cdk-nag gives an AWS-managed policy. */
export function managedPolicyFinding(name: string): string {
  return `Policy::arn:<AWS::Partition>:iam::aws:policy/${name}`;
}

/** How cdk-nag writes a stack's region and account in a finding: the value when known, else the pseudo parameter. */
export function findingEnv(scope: IConstruct): { region: string; account: string } {
  const stack = Stack.of(scope);
  return {
    region: Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region,
    account: Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account,
  };
}
