/* eslint-disable @typescript-eslint/no-explicit-any -- parsed manifests are checked field by field */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { QUEUE_URL_ENV } from '@stereo-spot/aws-adapters';
import { BACKEND_CONFIG_MAP, GPU_TAINT, IMAGE_NAME, NODE_POOL_LABEL, POD_WORKLOADS, QUEUE_SCALED_OBJECT, WORKLOAD_NODE_POOL } from '@stereo-spot/aws-infra/workloads';
import { QUEUE_NAMES } from '@stereo-spot/shared-types';
import { QUEUE_CONSUMERS } from '../src/queue-consumers.js';
import { WORKER_METRICS_PORT } from '../src/stereo-spot-charts.js';
import { MONITORING_DIR } from '../src/monitoring-manifests.js';
import { synthManifests } from '../src/synth-manifests.js';

const committedDir = fileURLToPath(new URL('../../../deploy', import.meta.url));
const freshDir = mkdtempSync(join(tmpdir(), 'stereo-spot-k8s-'));
const files = synthManifests({ outdir: freshDir });
const objects: any[] = files.filter((f) => f !== 'kustomization.yaml').flatMap((f) => parseAllDocuments(readFileSync(join(freshDir, f), 'utf8')).map((d) => d.toJS()));
const find = (kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  assert.ok(found, `${kind}/${name}`);
  return found;
};
const deployments = objects.filter((o) => o.kind === 'Deployment');
const container = (d: any) => d.spec.template.spec.containers[0];

test('deploy/ is what the code synthesizes (run `npm run synth -w @stereo-spot/k8s` after changing packages/k8s)', () => {
  assert.deepEqual(readdirSync(committedDir).filter((f) => f !== MONITORING_DIR).sort(), files);
  for (const file of files) assert.equal(readFileSync(join(committedDir, file), 'utf8'), readFileSync(join(freshDir, file), 'utf8'), `deploy/${file} is out of date`);
  assert.deepEqual(
    [...readFileSync(join(freshDir, 'kustomization.yaml'), 'utf8').matchAll(/^ {2}- (.+)$/gm)].map((m) => m[1]),
    files.filter((f) => f !== 'kustomization.yaml'),
  );
});

test('workloads: web-ui and one Deployment per queue, each with its service account, image, config and a hardened pod', () => {
  assert.deepEqual(deployments.map((d) => d.metadata.name).sort(), ['web-ui', ...QUEUE_NAMES.map((q) => QUEUE_CONSUMERS[q].name)].sort());
  for (const workload of POD_WORKLOADS) find('ServiceAccount', workload);
  for (const d of deployments) {
    const pod = d.spec.template.spec;
    const c = container(d);
    assert.ok(POD_WORKLOADS.includes(pod.serviceAccountName));
    assert.equal(c.image, IMAGE_NAME[pod.serviceAccountName as (typeof POD_WORKLOADS)[number]]);
    assert.deepEqual(c.envFrom, [{ configMapRef: { name: BACKEND_CONFIG_MAP } }]);
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(c.securityContext.readOnlyRootFilesystem, true);
    assert.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory, `${d.metadata.name} resources`);
    assert.equal(pod.nodeSelector[NODE_POOL_LABEL], WORKLOAD_NODE_POOL[pod.serviceAccountName as (typeof POD_WORKLOADS)[number]]);
    assert.deepEqual(d.spec.selector.matchLabels, d.spec.template.metadata.labels);
  }
});

test('video workers: a GPU each, the GPU pool (toleration + selector), do-not-disrupt, and a grace that fits a segment', () => {
  const video = find('Deployment', QUEUE_CONSUMERS['video-worker'].name);
  const pod = video.spec.template.spec;
  assert.equal(container(video).resources.requests['nvidia.com/gpu'], '1');
  assert.equal(container(video).resources.limits['nvidia.com/gpu'], '1');
  assert.deepEqual(pod.tolerations, [{ key: GPU_TAINT.key, operator: 'Equal', value: GPU_TAINT.value, effect: GPU_TAINT.effect }]);
  assert.equal(pod.nodeSelector[NODE_POOL_LABEL], 'gpu');
  assert.equal(video.spec.template.metadata.annotations['karpenter.sh/do-not-disrupt'], 'true');
  for (const queue of QUEUE_NAMES) {
    const d = find('Deployment', QUEUE_CONSUMERS[queue].name);
    const args: string[] = container(d).args;
    const grace = Number(args[args.indexOf('--grace-seconds') + 1]);
    assert.equal(grace, QUEUE_CONSUMERS[queue].graceSeconds);
    assert.ok(d.spec.template.spec.terminationGracePeriodSeconds > grace, 'the pod outlives the worker\'s own grace');
  }
  for (const d of deployments.filter((x) => x.metadata.name !== video.metadata.name)) {
    assert.equal(d.spec.template.spec.tolerations, undefined, `${d.metadata.name} stays off GPU nodes`);
    assert.equal(container(d).resources.requests['nvidia.com/gpu'], undefined);
  }
});

test('KEDA: a ScaledObject per queue on waiting + in-flight messages, named as the Argo CD Application patches them; video scales to zero', () => {
  for (const queue of QUEUE_NAMES) {
    const so = find('ScaledObject', QUEUE_SCALED_OBJECT[queue]);
    assert.equal(so.spec.scaleTargetRef.name, QUEUE_CONSUMERS[queue].name);
    const [trigger] = so.spec.triggers;
    assert.equal(trigger.type, 'aws-sqs-queue');
    assert.equal(trigger.metadata.queueURLFromEnv, QUEUE_URL_ENV[queue]);
    assert.equal(trigger.metadata.scaleOnInFlight, 'true');
    assert.equal(find('TriggerAuthentication', trigger.authenticationRef.name).spec.podIdentity.provider, 'aws');
    assert.ok(so.spec.maxReplicaCount >= so.spec.minReplicaCount);
  }
  assert.equal(find('ScaledObject', QUEUE_SCALED_OBJECT['video-worker']).spec.minReplicaCount, 0);
});

test('a PodDisruptionBudget selects every Deployment; the web UI has probes, a Service and an ALB Ingress', () => {
  for (const d of deployments) {
    const pdb = find('PodDisruptionBudget', d.metadata.name);
    assert.deepEqual(pdb.spec.selector.matchLabels, d.spec.selector.matchLabels);
  }
  const web = container(find('Deployment', 'web-ui'));
  assert.equal(web.readinessProbe.httpGet.path, '/readyz');
  assert.equal(web.livenessProbe.httpGet.path, '/healthz');
  const service = find('Service', 'web-ui');
  assert.deepEqual(service.spec.selector, find('Deployment', 'web-ui').spec.selector.matchLabels);
  const ingress = find('Ingress', 'web-ui');
  assert.equal(ingress.spec.ingressClassName, 'alb');
  assert.equal(ingress.spec.rules[0].http.paths[0].backend.service.name, 'web-ui');
  for (const o of objects) assert.equal(o.metadata.namespace, 'stereo-spot', `${o.kind}/${o.metadata.name}`);
});

test('workers: a metrics port with liveness and readiness probes on it; every pod is annotated for Prometheus to scrape', () => {
  for (const queue of QUEUE_NAMES) {
    const d = find('Deployment', QUEUE_CONSUMERS[queue].name);
    const c = container(d);
    const args: string[] = c.args;
    const port = Number(args[args.indexOf('--metrics-port') + 1]);
    assert.equal(port, WORKER_METRICS_PORT);
    assert.deepEqual(c.ports, [{ name: 'metrics', containerPort: port }]);
    assert.ok(c.env.some((e: { name: string; value: string }) => e.name === 'METRICS_HOST' && e.value === '0.0.0.0'), 'reachable from outside the pod');
    for (const [probe, path] of [['startupProbe', '/healthz'], ['livenessProbe', '/healthz'], ['readinessProbe', '/readyz']] as const) {
      assert.deepEqual(c[probe].httpGet, { path, port: 'metrics' }, `${d.metadata.name} ${probe}`);
    }
    // Liveness gives up only after a minute: the endpoint itself already waits for a loop to miss its beats.
    assert.ok(c.livenessProbe.periodSeconds * c.livenessProbe.failureThreshold >= 60);
  }
  for (const d of deployments) {
    const annotations = d.spec.template.metadata.annotations;
    const ports = container(d).ports.map((p: { containerPort: number }) => String(p.containerPort));
    assert.equal(annotations['prometheus.io/scrape'], 'true', d.metadata.name);
    assert.equal(annotations['prometheus.io/path'], '/metrics');
    assert.ok(ports.includes(annotations['prometheus.io/port']), `${d.metadata.name} is scraped on a port it exposes`);
  }
});
