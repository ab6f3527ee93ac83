import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks';
import type { IConstruct } from 'constructs';
import { acknowledgeFindings, findingEnv, managedPolicyFinding } from './acknowledge-findings.js';

const LAMBDA_POLICIES = ['service-role/AWSLambdaBasicExecutionRole', 'service-role/AWSLambdaVPCAccessExecutionRole'].map(managedPolicyFinding);
/** The load balancer controller's IAM policy, which CDK copies from the controller's published policy. */
const ALB_CONTROLLER_RESOURCES = [
  '*',
  'arn:<AWS::Partition>:ec2:*:*:security-group/*',
  ...['listener-rule/app/*/*/*', 'listener-rule/net/*/*/*', 'listener/app/*/*/*', 'listener/net/*/*/*', 'loadbalancer/app/*/*', 'loadbalancer/net/*/*', 'targetgroup/*/*'].map(
    (r) => `arn:<AWS::Partition>:elasticloadbalancing:*:*:${r}`,
  ),
];

/** Every function (and state machine) under a scope, as cdk-nag names "any version of it": `<LogicalId.Arn>:*`. */
function invokeFindings(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && ['AWS::Lambda::Function', 'AWS::StepFunctions::StateMachine'].includes(c.cfnResourceType))
    .map((c) => `Resource::<${Stack.of(c).getLogicalId(c)}.Arn>:*`);
}

/**
 * Findings on what CDK's EKS module creates for itself: the cluster and kubectl providers (Lambda functions and
 * the provider framework's state machine), the cluster's roles, the managed node group's role and the load balancer
 * controller's policy. Each is acknowledged on the construct that owns it, by exact finding id.
 */
export function acknowledgeEksModuleFindings({ stack, cluster, clusterName, systemNodegroup }: { stack: Stack; cluster: eks.Cluster; clusterName: string; systemNodegroup: eks.Nodegroup }): void {
  for (const provider of stack.node.children.filter((c) => c.node.id.startsWith('@aws-cdk--aws-eks.'))) {
    acknowledgeFindings({ scope: provider, rule: 'IAM4', findings: LAMBDA_POLICIES, reason: 'CDK\'s EKS provider functions log to CloudWatch and run in the VPC with these AWS-managed Lambda policies.' });
    acknowledgeFindings({ scope: provider, rule: 'IAM5', findings: invokeFindings(provider), reason: 'The provider framework invokes any version of its own functions (`:*` on their ARNs).' });
    Validations.of(provider).acknowledge(
      { id: 'AwsSolutions-L1', reason: 'The runtimes of CDK\'s provider functions are chosen by CDK and move with its releases.' },
      { id: 'AwsSolutions-SF1', reason: 'The provider framework\'s waiter state machine is CDK-internal; its functions log themselves.' },
      { id: 'AwsSolutions-SF2', reason: 'The provider framework\'s waiter state machine is CDK-internal; X-Ray adds nothing there.' },
    );
  }
  const kubectlRole = cluster.node.findChild('KubectlHandlerRole');
  acknowledgeFindings({
    scope: kubectlRole,
    rule: 'IAM4',
    findings: [
      ...LAMBDA_POLICIES,
      managedPolicyFinding('AmazonEC2ContainerRegistryPullOnly'),
      'Policy::{"Fn::If":["ClusterHasEcrPublic8EE1114E",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}',
    ],
    reason: 'The kubectl handler runs in the VPC, logs, and pulls Helm charts from OCI registries with these AWS-managed policies (CDK\'s choice).',
  });
  acknowledgeFindings({ scope: cluster.role, rule: 'IAM4', findings: [managedPolicyFinding('AmazonEKSClusterPolicy')], reason: 'The policy EKS requires for the cluster role.' });
  const { region, account } = findingEnv(stack);
  acknowledgeFindings({
    scope: cluster.node.findChild('Resource'),
    rule: 'IAM5',
    findings: ['Resource::*', ...['cluster', 'fargateprofile'].map((kind) => `Resource::arn:<AWS::Partition>:eks:${region}:${account}:${kind}/${clusterName}/*`)],
    reason: 'CDK\'s cluster-creation role manages this cluster\'s sub-resources (names unknown before creation) and calls EC2/IAM APIs without resource-level permissions.',
  });
  acknowledgeFindings({
    scope: systemNodegroup.role,
    rule: 'IAM4',
    findings: ['AmazonEC2ContainerRegistryReadOnly', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy'].map(managedPolicyFinding),
    reason: 'The AWS-managed policies EKS documents for managed node groups.',
  });
  if (cluster.albController) {
    acknowledgeFindings({
      scope: cluster.albController,
      rule: 'IAM5',
      findings: ALB_CONTROLLER_RESOURCES.map((r) => `Resource::${r}`),
      reason: 'The AWS Load Balancer Controller\'s published IAM policy: it creates load balancers, target groups, listeners and security groups named at run time, tag-conditioned where the API allows.',
    });
  }
}
