import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeFindings, findingEnv, managedPolicyFinding } from './acknowledge-findings.js';
import { ADDON_SERVICE_ACCOUNTS, HELM_CHARTS } from './helm-charts.js';
import { ec2NodeClassManifest, nodePoolManifest } from './karpenter-manifests.js';
import { PodIdentityRole } from './pod-identity-role.js';
import { NODE_POOLS, SYSTEM_NODE_SELECTOR } from './workloads.js';

const NODE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore'];

/** The events that warn of a node going away: Karpenter drains the node before it does (spot notices included). */
const INTERRUPTION_EVENTS: Readonly<Record<string, events.EventPattern>> = {
  SpotInterruption: { source: ['aws.ec2'], detailType: ['EC2 Spot Instance Interruption Warning'] },
  Rebalance: { source: ['aws.ec2'], detailType: ['EC2 Instance Rebalance Recommendation'] },
  InstanceStateChange: { source: ['aws.ec2'], detailType: ['EC2 Instance State-change Notification'] },
  ScheduledChange: { source: ['aws.health'], detailType: ['AWS Health Event'] },
};

/**
 * Karpenter: its controller identity, the node role, the interruption queue with its EventBridge rules, the Helm
 * release, and the EC2NodeClass + NodePools (GPU, CPU).
 */
export class Karpenter extends Construct {
  readonly interruptionQueue: sqs.Queue;
  readonly nodeRole: iam.Role;
  readonly chart: eks.HelmChart;

  constructor(scope: Construct, id: string, { cluster, clusterName, maxGpuNodes, maxCpuVcpus }: { cluster: eks.Cluster; clusterName: string; maxGpuNodes: number; maxCpuVcpus: number }) {
    super(scope, id);
    const stack = Stack.of(this);

    this.interruptionQueue = new sqs.Queue(this, 'InterruptionQueue', {
      retentionPeriod: Duration.minutes(5),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this.interruptionQueue).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'Interruption notices are only useful for minutes; a dead-letter queue would hold stale notices.' });
    for (const [ruleId, eventPattern] of Object.entries(INTERRUPTION_EVENTS)) {
      new events.Rule(this, `${ruleId}Rule`, { eventPattern, targets: [new targets.SqsQueue(this.interruptionQueue)] });
    }

    this.nodeRole = new iam.Role(this, 'NodeRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: NODE_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    acknowledgeFindings({ scope: this.nodeRole, rule: 'IAM4', findings: NODE_POLICIES.map(managedPolicyFinding), reason: 'The AWS-managed policies EKS documents for worker nodes (kubelet, VPC CNI, image pull, SSM for node access without SSH).' });
    cluster.awsAuth.addRoleMapping(this.nodeRole, { username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:bootstrappers', 'system:nodes'] });

    const controller = new PodIdentityRole(this, 'Controller', { cluster, ...ADDON_SERVICE_ACCOUNTS.karpenter, serviceAccount: ADDON_SERVICE_ACCOUNTS.karpenter.name });
    const tagged = { StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: 'owned' } };
    const statements = [
      new iam.PolicyStatement({
        sid: 'Describe',
        actions: ['ec2:DescribeAvailabilityZones', 'ec2:DescribeImages', 'ec2:DescribeInstances', 'ec2:DescribeInstanceTypeOfferings', 'ec2:DescribeInstanceTypes', 'ec2:DescribeLaunchTemplates', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSpotPriceHistory', 'ec2:DescribeSubnets', 'pricing:GetProducts'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({ sid: 'Launch', actions: ['ec2:CreateFleet', 'ec2:RunInstances', 'ec2:CreateLaunchTemplate', 'ec2:CreateTags'], resources: ['*'] }),
      new iam.PolicyStatement({ sid: 'OwnedOnly', actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'], resources: ['*'], conditions: tagged }),
      new iam.PolicyStatement({ sid: 'PassNodeRole', actions: ['iam:PassRole'], resources: [this.nodeRole.roleArn] }),
      new iam.PolicyStatement({
        sid: 'InstanceProfiles',
        actions: ['iam:GetInstanceProfile', 'iam:CreateInstanceProfile', 'iam:TagInstanceProfile', 'iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
        resources: [stack.formatArn({ service: 'iam', region: '', resource: 'instance-profile', resourceName: '*' })],
      }),
      new iam.PolicyStatement({ sid: 'AmiParameters', actions: ['ssm:GetParameter'], resources: [stack.formatArn({ service: 'ssm', account: '', resource: 'parameter', resourceName: 'aws/service/*' })] }),
      new iam.PolicyStatement({ sid: 'Cluster', actions: ['eks:DescribeCluster'], resources: [cluster.clusterArn] }),
    ];
    for (const statement of statements) controller.role.addToPolicy(statement);
    this.interruptionQueue.grantConsumeMessages(controller.role);
    acknowledgeFindings({
      scope: controller,
      rule: 'IAM5',
      findings: ['Resource::*', `Resource::arn:<AWS::Partition>:iam::${findingEnv(this).account}:instance-profile/*`, `Resource::arn:<AWS::Partition>:ssm:${findingEnv(this).region}::parameter/aws/service/*`],
      reason: 'Karpenter creates instances, fleets, launch templates and instance profiles it cannot name in advance, and EC2 Describe* has no resource-level permissions; terminations are limited to instances tagged as owned by this cluster, PassRole to the node role, SSM reads to public AMI parameters.',
    });

    this.chart = cluster.addHelmChart('KarpenterChart', {
      ...HELM_CHARTS.karpenter,
      release: 'karpenter',
      values: {
        settings: { clusterName, interruptionQueue: this.interruptionQueue.queueName },
        serviceAccount: { name: ADDON_SERVICE_ACCOUNTS.karpenter.name },
        // The controller runs on the managed system node group, never on nodes it manages itself.
        nodeSelector: SYSTEM_NODE_SELECTOR,
        controller: { resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } } },
      },
      wait: true,
    });
    const pools = cluster.addManifest('NodePools', ec2NodeClassManifest({ nodeRoleName: this.nodeRole.roleName, subnetIds: cluster.vpc.privateSubnets.map((s) => s.subnetId), securityGroupIds: [cluster.clusterSecurityGroupId] }), ...NODE_POOLS.map((pool) => nodePoolManifest({ pool, maxGpuNodes, maxCpuVcpus })));
    pools.node.addDependency(this.chart);
  }
}
