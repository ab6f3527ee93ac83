/* eslint-disable @typescript-eslint/no-explicit-any -- manifests parsed from templates are checked field by field */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BUCKET_ENV, QUEUE_URL_ENV, TABLE_ENV, tableDefinition } from '@stereo-spot/aws-adapters';
import { HELM_CHARTS } from '../src/helm-charts.js';
import { APP_NAMESPACE, BACKEND_CONFIG_MAP, GPU_TAINT, IMAGE_NAME, POD_WORKLOADS, QUEUE_SCALED_OBJECT } from '../src/workloads.js';
import { parseCfnJson } from './cfn-json.js';
import { synthesizeApp } from './synthesized-app.js';

const { platform, dataPlane } = synthesizeApp({ context: { maxGpuNodes: 7, gitRepoUrl: 'https://git.test/stereo-spot.git', imageTag: 'v1.2.3' } });
const template = Template.fromStack(platform);
const dataTemplate = Template.fromStack(dataPlane);

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown>; data?: Record<string, string> };
const manifests: Manifest[] = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).flatMap((r) => parseCfnJson(r.Properties.Manifest) as Manifest[]);
const manifest = (kind: string, name: string) => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  assert.ok(found, `${kind}/${name} is applied to the cluster`);
  return found;
};
const helmChart = (chart: string) => {
  const [found] = Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart', { Properties: { Chart: chart } }));
  assert.ok(found, `Helm chart ${chart}`);
  return found.Properties as { Chart: string; Version: string; Namespace: string; Repository: string; Values?: unknown };
};

test('VPC with flow logs, EKS with control-plane logging and a small managed system node group', () => {
  template.resourceCountIs('AWS::EC2::VPC', 1);
  template.resourceCountIs('AWS::EC2::FlowLog', 1);
  template.hasResourceProperties('Custom::AWSCDK-EKS-Cluster', {
    Config: Match.objectLike({ version: '1.35', logging: { clusterLogging: [Match.objectLike({ enabled: true, types: Match.arrayWith(['api', 'audit']) })] } }),
  });
  assert.ok(Object.keys(template.findOutputs('*')).some((name) => name.includes('ConfigCommand')), 'an update-kubeconfig command with the admin role');
  template.hasResourceProperties('AWS::EKS::Nodegroup', { Labels: { 'stereo-spot/pool': 'system' }, ScalingConfig: { MinSize: 2, MaxSize: 3, DesiredSize: 2 } });
});

test('an ECR repository per image, scanned on push', () => {
  for (const workload of POD_WORKLOADS) template.hasResourceProperties('AWS::ECR::Repository', { RepositoryName: IMAGE_NAME[workload], ImageScanningConfiguration: { ScanOnPush: true } });
  template.resourceCountIs('AWS::ECR::Repository', POD_WORKLOADS.length);
});

test('EKS Pod Identity: each workload\'s service account gets its own least-privilege role', () => {
  template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'eks-pod-identity-agent' });
  for (const workload of POD_WORKLOADS) template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: APP_NAMESPACE, ServiceAccount: workload });
  const actionsOf = (workload: string) => {
    const policies = dataTemplate.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${workload.replace('-', '')}role`) }] } });
    return Object.values(policies).flatMap((p) => (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>).flatMap((s) => [s.Action].flat()));
  };
  for (const workload of POD_WORKLOADS) {
    const actions = actionsOf(workload);
    assert.ok(actions.length > 0, workload);
    assert.ok(!actions.some((a) => a.includes('*')), `${workload}: ${actions.join(', ')}`);
  }
  assert.ok(!actionsOf('web-ui').includes('sqs:ReceiveMessage'), 'the web UI consumes no queue');
  assert.ok(actionsOf('video-worker').includes('sqs:ReceiveMessage'));
  // Consumers watch their own dead-letter queues (receive only).
  const receivesFrom = (workload: string) =>
    Object.values(dataTemplate.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${workload.replace('-', '')}role`) }] } }))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((s) => [s.Action].flat().includes('sqs:ReceiveMessage'))
      .map((s) => JSON.stringify(s.Resource))
      .join(' ');
  assert.match(receivesFrom('video-worker'), /VideoWorkerDeadLetterQueue/);
  assert.match(receivesFrom('media-worker'), /ChunkingDeadLetterQueue/);
  assert.match(receivesFrom('media-worker'), /ReassemblyDeadLetterQueue/);
  assert.doesNotMatch(receivesFrom('web-ui'), /DeadLetterQueue/);
  assert.ok(!actionsOf('web-ui').includes('sqs:SendMessage'), 'the web UI sends no message');
  // Lifecycle rules expire objects; only the web UI deletes, when a person deletes an ended job.
  assert.deepEqual(POD_WORKLOADS.filter((w) => actionsOf(w).includes('s3:DeleteObject')), ['web-ui']);
  assert.deepEqual(POD_WORKLOADS.filter((w) => actionsOf(w).includes('dynamodb:DeleteItem')), ['web-ui']);
  assert.ok(actionsOf('video-worker').includes('s3:PutObjectTagging'), 'converted segments are uploaded with their intermediate tag');
  // Each index of the Jobs table may be queried by name (`jobs list --status` runs in a worker pod, docs/RUNBOOKS.md).
  const queried = Object.values(dataTemplate.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^mediaworkerrole') }] } }))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
    .filter((s) => [s.Action].flat().includes('dynamodb:Query'))
    .map((s) => JSON.stringify(s.Resource));
  for (const index of tableDefinition({ table: 'jobs', tableName: 'x' }).GlobalSecondaryIndexes!) {
    assert.ok(queried.some((r) => r.includes(`/index/${index.IndexName!}`)), `index ${index.IndexName}`);
  }
});

test('Karpenter: interruption queue fed by spot, rebalance, state-change and health events; Helm release pointed at it', () => {
  const rules = Object.values(template.findResources('AWS::Events::Rule'));
  const detailTypes = rules.flatMap((r) => r.Properties.EventPattern['detail-type'] as string[]);
  assert.deepEqual(detailTypes.sort(), ['AWS Health Event', 'EC2 Instance Rebalance Recommendation', 'EC2 Instance State-change Notification', 'EC2 Spot Instance Interruption Warning']);
  for (const rule of rules) assert.match(JSON.stringify(rule.Properties.Targets), /KarpenterInterruptionQueue/);
  const chart = helmChart('karpenter');
  assert.equal(chart.Version, HELM_CHARTS.karpenter.version);
  const values = parseCfnJson(chart.Values) as { settings: { clusterName: string; interruptionQueue: string } };
  assert.equal(values.settings.clusterName, 'stereo-spot');
  assert.ok(values.settings.interruptionQueue);
  template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'kube-system', ServiceAccount: 'karpenter' });
  // Karpenter may terminate only the instances it owns in this cluster.
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Action: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'], Condition: { StringEquals: { 'aws:ResourceTag/kubernetes.io/cluster/stereo-spot': 'owned' } } }),
      ]),
    },
  });
});

test('NodePools: GPU (single-GPU g5/g6, spot first with on-demand, tainted, max nodes from the setting) and CPU', () => {
  const gpu = manifest('NodePool', 'gpu').spec as any;
  assert.deepEqual(gpu.limits, { 'nvidia.com/gpu': '7' });
  const req = (key: string) => gpu.template.spec.requirements.find((r: { key: string }) => r.key === key)?.values as string[];
  assert.deepEqual(req('karpenter.sh/capacity-type'), ['spot', 'on-demand']);
  assert.ok(req('karpenter.k8s.aws/instance-family').includes('g5') && req('karpenter.k8s.aws/instance-family').includes('g6'));
  assert.deepEqual(req('karpenter.k8s.aws/instance-gpu-count'), ['1']);
  assert.deepEqual(gpu.template.spec.taints, [GPU_TAINT]);
  assert.equal(gpu.disruption.consolidationPolicy, 'WhenEmpty');
  const cpu = manifest('NodePool', 'cpu').spec as any;
  assert.ok(cpu.limits.cpu);
  assert.equal(cpu.template.spec.taints, undefined);
  assert.match(String((manifest('EC2NodeClass', 'default').spec as any).amiSelectorTerms[0].alias), /^bottlerocket@/);
});

test('KEDA (its operator may read queue depth) and Argo CD are installed', () => {
  assert.equal(helmChart('keda').Namespace, HELM_CHARTS.keda.namespace);
  assert.equal(helmChart('argo-cd').Namespace, HELM_CHARTS.argoCd.namespace);
  template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'keda', ServiceAccount: 'keda-operator' });
  template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: [Match.objectLike({ Action: 'sqs:GetQueueAttributes' })] } });
});

test('the stack outputs reach the pods: a ConfigMap of every backend variable, and the Argo CD Application maps images and regions', () => {
  const config = manifest('ConfigMap', BACKEND_CONFIG_MAP);
  assert.equal(config.metadata.namespace, APP_NAMESPACE);
  assert.deepEqual(Object.keys(config.data!).sort(), ['AWS_REGION', 'STORAGE_ADAPTER', ...Object.values(BUCKET_ENV), ...Object.values(TABLE_ENV), ...Object.values(QUEUE_URL_ENV)].sort());
  assert.equal(config.data!.STORAGE_ADAPTER, 'aws');
  const app = manifest('Application', 'stereo-spot').spec as any;
  assert.equal(app.source.repoURL, 'https://git.test/stereo-spot.git');
  assert.equal(app.source.path, 'deploy');
  assert.deepEqual(
    (app.source.kustomize.images as string[]).map((i) => i.split('=')[0]).sort(),
    POD_WORKLOADS.map((w) => IMAGE_NAME[w]).sort(),
  );
  for (const image of app.source.kustomize.images as string[]) assert.match(image, /:v1\.2\.3$/);
  assert.deepEqual((app.source.kustomize.patches as Array<{ target: { name: string } }>).map((p) => p.target.name).sort(), Object.values(QUEUE_SCALED_OBJECT).sort());
  assert.deepEqual(app.syncPolicy.automated, { prune: true, selfHeal: true });
});
