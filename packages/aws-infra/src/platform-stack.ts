import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { QUEUE_NAMES } from '@stereo-spot/shared-types';
import { argoCdApplicationManifest } from './argo-cd-application.js';
import { acknowledgeEksModuleFindings } from './eks-module-findings.js';
import type { DataPlaneStack } from './data-plane-stack.js';
import type { DeploymentSettings } from './deployment-settings.js';
import { ADDON_SERVICE_ACCOUNTS, HELM_CHARTS } from './helm-charts.js';
import { Karpenter } from './karpenter.js';
import { associatePodIdentity, PodIdentityRole } from './pod-identity-role.js';
import { APP_NAMESPACE, BACKEND_CONFIG_MAP, IMAGE_NAME, POD_WORKLOADS, SYSTEM_NODE_SELECTOR, type PodWorkload } from './workloads.js';

export const KUBERNETES_VERSION = eks.KubernetesVersion.V1_35;
/** A fixed name: IAM conditions (Karpenter's ownership tag) need it as a plain string. */
export const CLUSTER_NAME = 'stereo-spot';

/**
 * Stack 2 of 2: where the workers run. VPC, EKS with a small managed system node group, ECR repositories, one
 * Pod Identity role per workload, Karpenter (GPU + CPU NodePools, interruption handling), KEDA, the AWS Load
 * Balancer Controller, Argo CD and its Application, and the ConfigMap that hands the data plane's names to the pods.
 */
export class PlatformStack extends Stack {
  readonly cluster: eks.Cluster;
  readonly repositories: Record<PodWorkload, ecr.Repository>;

  constructor(scope: Construct, id: string, props: StackProps & { settings: DeploymentSettings; dataPlane: DataPlaneStack }) {
    super(scope, id, props);
    const { settings, dataPlane } = props;

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 3, natGateways: 1 });
    vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY })),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });

    // kubectl access for operators: any principal of this account allowed to assume this role (system:masters).
    const adminRole = new iam.Role(this, 'ClusterAdminRole', { assumedBy: new iam.AccountRootPrincipal(), description: 'kubectl admin of the stereo-spot cluster' });
    this.cluster = new eks.Cluster(this, 'Cluster', {
      mastersRole: adminRole,
      clusterName: CLUSTER_NAME,
      version: KUBERNETES_VERSION,
      kubectlLayer: new KubectlV35Layer(this, 'Kubectl'),
      vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      defaultCapacity: 0,
      endpointAccess: eks.EndpointAccess.PUBLIC_AND_PRIVATE,
      clusterLogging: [eks.ClusterLoggingTypes.API, eks.ClusterLoggingTypes.AUDIT, eks.ClusterLoggingTypes.AUTHENTICATOR, eks.ClusterLoggingTypes.CONTROLLER_MANAGER, eks.ClusterLoggingTypes.SCHEDULER],
      albController: { version: eks.AlbControllerVersion.V2_17_1 },
    });
    const cluster = this.cluster;
    // Controllers (Karpenter, KEDA, Argo CD, the load balancer controller) run here; Karpenter adds every other node.
    const systemNodegroup = cluster.addNodegroupCapacity('System', {
      instanceTypes: [new ec2.InstanceType('m6i.large')],
      minSize: 2,
      maxSize: 3,
      labels: SYSTEM_NODE_SELECTOR,
      diskSize: 50,
    });
    new eks.Addon(this, 'PodIdentityAgent', { cluster, addonName: 'eks-pod-identity-agent' });

    this.repositories = {} as Record<PodWorkload, ecr.Repository>;
    for (const workload of POD_WORKLOADS) {
      this.repositories[workload] = new ecr.Repository(this, `${workload}-repository`, {
        repositoryName: IMAGE_NAME[workload],
        imageScanOnPush: true,
        lifecycleRules: [{ description: 'keep the last 30 images', maxImageCount: 30 }],
        removalPolicy: RemovalPolicy.RETAIN,
      });
      associatePodIdentity({ scope: this, id: `${workload}-identity`, cluster, namespace: APP_NAMESPACE, serviceAccount: workload, role: dataPlane.workloadRoles[workload] });
    }

    const karpenter = new Karpenter(this, 'Karpenter', { cluster, clusterName: CLUSTER_NAME, maxGpuNodes: settings.maxGpuNodes, maxCpuVcpus: settings.maxCpuVcpus });

    // KEDA reads the queues' depth with its operator's identity (TriggerAuthentication provider aws).
    const keda = cluster.addHelmChart('Keda', { ...HELM_CHARTS.keda, release: 'keda', createNamespace: true, values: { nodeSelector: SYSTEM_NODE_SELECTOR } });
    const kedaIdentity = new PodIdentityRole(this, 'KedaIdentity', { cluster, namespace: ADDON_SERVICE_ACCOUNTS.keda.namespace, serviceAccount: ADDON_SERVICE_ACCOUNTS.keda.name });
    kedaIdentity.role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:GetQueueAttributes'], resources: QUEUE_NAMES.map((q) => dataPlane.resources.queues[q].queueArn) }));

    const argoCd = cluster.addHelmChart('ArgoCd', { ...HELM_CHARTS.argoCd, release: 'argo-cd', createNamespace: true, values: { global: { nodeSelector: SYSTEM_NODE_SELECTOR } }, timeout: Duration.minutes(10) });

    // The stack outputs the pods read: the data plane's names and URLs, in the app's namespace.
    const backendConfig = cluster.addManifest(
      'BackendConfig',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: APP_NAMESPACE } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: BACKEND_CONFIG_MAP, namespace: APP_NAMESPACE }, data: { STORAGE_ADAPTER: 'aws', AWS_REGION: this.region, ...dataPlane.backendEnvironment } },
    );
    const application = cluster.addManifest(
      'ArgoCdApplication',
      argoCdApplicationManifest({
        repoUrl: settings.gitRepoUrl,
        revision: settings.gitRevision,
        imageTag: settings.imageTag,
        repositoryUris: Object.fromEntries(POD_WORKLOADS.map((w) => [w, this.repositories[w].repositoryUri])) as Record<PodWorkload, string>,
        region: this.region,
        namespace: HELM_CHARTS.argoCd.namespace,
      }),
    );
    // Workloads need their nodes, scalers and config before Argo CD creates them.
    application.node.addDependency(argoCd, keda, karpenter, backendConfig);

    acknowledgeEksModuleFindings({ stack: this, cluster, clusterName: CLUSTER_NAME, systemNodegroup });
    Validations.of(cluster).acknowledge({
      id: 'AwsSolutions-EKS1',
      reason: 'The API endpoint is public so the operator and CDK\'s kubectl provider reach it; every call is authenticated by IAM. Set publicAccessCidrs to an operator network where there is one.',
    });

    new CfnOutput(this, 'ClusterName', { value: cluster.clusterName });
    new CfnOutput(this, 'GpuNodePoolLimit', { value: String(settings.maxGpuNodes) });
    for (const workload of POD_WORKLOADS) {
      new CfnOutput(this, `${workload}-repository-uri`, { value: this.repositories[workload].repositoryUri });
    }
  }
}
