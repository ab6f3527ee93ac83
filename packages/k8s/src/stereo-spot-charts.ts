import { ApiObject, Chart, type App } from 'cdk8s';
import { QUEUE_URL_ENV } from '@stereo-spot/aws-adapters';
import { QUEUE_VISIBILITY_TIMEOUT_SEC } from '@stereo-spot/aws-infra/queue-timeouts';
import { APP_NAMESPACE, POD_WORKLOADS } from '@stereo-spot/aws-infra/workloads';
import { QUEUE_NAMES, RECOMMENDED_CATALOGUE_MODEL, type DepthModel } from '@stereo-spot/shared-types';
import { podTemplate, SCRATCH_DIR } from './pod-template.js';
import { QUEUE_CONSUMERS } from './queue-consumers.js';

const WEB_PORT = 8080;
/** The workers' /metrics, /healthz and /readyz (`stereo-spot worker --metrics-port`). */
export const WORKER_METRICS_PORT = 9464;
const WEB_GRACE_SECONDS = 30;
/** Time for a stopping pod beyond the process's own grace: releasing the message, closing the backend. */
const STOP_MARGIN_SECONDS = 30;
const KEDA_AUTH = 'keda-aws';
/**
 * The estimators the web UI offers (`STEREO_SPOT_DEPTH_MODELS`): it cannot look into the video workers' image,
 * which docs/DEPLOY.md builds with this catalogue model (`--build-arg DEPTH_MODEL=…`). Change both together.
 */
export const OFFERED_DEPTH_MODELS: readonly DepthModel[] = ['heuristic', RECOMMENDED_CATALOGUE_MODEL];

/** Pod annotations by which a Prometheus with the usual kubernetes-pods scrape job finds a pod's /metrics. */
function scrapeAnnotations(port: number): Record<string, string> {
  return { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' };
}

function object(chart: Chart, manifest: { apiVersion: string; kind: string; metadata: { name: string; [key: string]: unknown }; [key: string]: unknown }) {
  return new ApiObject(chart, `${manifest.kind}-${manifest.metadata.name}`, manifest);
}

/** Service accounts: one per workload, each bound to its IAM role by the platform stack (EKS Pod Identity). */
function identities(app: App) {
  const chart = new Chart(app, 'identities', { namespace: APP_NAMESPACE });
  for (const workload of POD_WORKLOADS) object(chart, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: workload } });
}

/** The web UI: two replicas behind a Service and an internet-facing ALB, health-checked on /healthz and /readyz. */
function webUi(app: App) {
  const chart = new Chart(app, 'web-ui', { namespace: APP_NAMESPACE });
  const labels = { 'app.kubernetes.io/name': 'web-ui', 'app.kubernetes.io/part-of': 'stereo-spot' };
  const httpGet = (path: string) => ({ httpGet: { path, port: 'http' } });
  object(chart, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web-ui', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: podTemplate({
        workload: 'web-ui',
        labels,
        args: ['serve', '--host', '0.0.0.0', '--port', String(WEB_PORT), '--data-dir', SCRATCH_DIR, '--grace-seconds', String(WEB_GRACE_SECONDS)],
        terminationGraceSeconds: WEB_GRACE_SECONDS + STOP_MARGIN_SECONDS,
        resources: { cpu: '500m', memory: '512Mi' },
        env: { STEREO_SPOT_DEPTH_MODELS: OFFERED_DEPTH_MODELS.join(',') },
        annotations: scrapeAnnotations(WEB_PORT),
        ports: [{ name: 'http', containerPort: WEB_PORT }],
        probes: {
          startupProbe: { ...httpGet('/healthz'), periodSeconds: 2, failureThreshold: 30 },
          livenessProbe: { ...httpGet('/healthz'), periodSeconds: 10, failureThreshold: 3 },
          readinessProbe: { ...httpGet('/readyz'), periodSeconds: 5, failureThreshold: 2 },
        },
      }),
    },
  });
  object(chart, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-ui', labels }, spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
  object(chart, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'web-ui',
      annotations: {
        'alb.ingress.kubernetes.io/scheme': 'internet-facing',
        'alb.ingress.kubernetes.io/target-type': 'ip',
        'alb.ingress.kubernetes.io/healthcheck-path': '/readyz',
        // Uploads go straight to S3; the ALB only carries pages and API calls.
        'alb.ingress.kubernetes.io/load-balancer-attributes': 'idle_timeout.timeout_seconds=60',
      },
    },
    spec: { ingressClassName: 'alb', rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web-ui', port: { name: 'http' } } } }] } }] },
  });
  object(chart, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web-ui' }, spec: { minAvailable: 1, selector: { matchLabels: labels } } });
}

/**
 * A Deployment per queue, scaled by KEDA on that queue (waiting + in-flight messages). Video workers ask for a
 * GPU, tolerate the GPU pool's taint, scale to zero, and carry `karpenter.sh/do-not-disrupt`: Karpenter never
 * consolidates a node away under a conversion (they exist only while there is work, so the node empties after).
 * Each worker serves /metrics, /healthz and /readyz on its metrics port: liveness fails when a consumer loop stops
 * polling and beating (stuck), readiness while its queue does not answer.
 */
function workers(app: App) {
  const chart = new Chart(app, 'workers', { namespace: APP_NAMESPACE });
  object(chart, {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata: { name: KEDA_AUTH },
    // The KEDA operator's own identity (EKS Pod Identity) reads the queues' attributes.
    spec: { podIdentity: { provider: 'aws', identityOwner: 'keda' } },
  });
  for (const queue of QUEUE_NAMES) {
    const consumer = QUEUE_CONSUMERS[queue];
    const labels = { 'app.kubernetes.io/name': consumer.name, 'app.kubernetes.io/component': consumer.workload, 'app.kubernetes.io/part-of': 'stereo-spot' };
    const httpGet = (path: string) => ({ httpGet: { path, port: 'metrics' } });
    object(chart, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: consumer.name, labels },
      spec: {
        // KEDA owns the replica count; this is only the count before it takes over.
        replicas: consumer.minReplicas,
        selector: { matchLabels: labels },
        template: podTemplate({
          workload: consumer.workload,
          labels,
          args: ['worker', consumer.role, '--data-dir', SCRATCH_DIR, '--grace-seconds', String(consumer.graceSeconds), '--metrics-port', String(WORKER_METRICS_PORT)],
          terminationGraceSeconds: consumer.graceSeconds + STOP_MARGIN_SECONDS,
          resources: consumer.resources,
          // The worker's heartbeat renews the queue's own visibility timeout. Its metrics endpoint listens on the
          // pod's address (loopback by default), for the kubelet's probes and the scrape.
          env: { STEREO_SPOT_VISIBILITY_TIMEOUT_SEC: String(QUEUE_VISIBILITY_TIMEOUT_SEC[queue]), METRICS_HOST: '0.0.0.0' },
          annotations: { ...scrapeAnnotations(WORKER_METRICS_PORT), ...(consumer.resources.gpu ? { 'karpenter.sh/do-not-disrupt': 'true' } : {}) },
          ports: [{ name: 'metrics', containerPort: WORKER_METRICS_PORT }],
          probes: {
            startupProbe: { ...httpGet('/healthz'), periodSeconds: 2, failureThreshold: 30 },
            // The endpoint itself allows a loop twice its beat interval plus 30 s before it reports it stuck.
            livenessProbe: { ...httpGet('/healthz'), periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 },
            readinessProbe: { ...httpGet('/readyz'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
          },
        }),
      },
    });
    object(chart, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: consumer.name }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } });
    object(chart, {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: consumer.name },
      spec: {
        scaleTargetRef: { name: consumer.name },
        minReplicaCount: consumer.minReplicas,
        maxReplicaCount: consumer.maxReplicas,
        pollingInterval: 15,
        // Scaling in waits for messages in flight to finish (in-flight messages keep the count up).
        cooldownPeriod: 300,
        triggers: [
          {
            type: 'aws-sqs-queue',
            authenticationRef: { name: KEDA_AUTH },
            // awsRegion is added by the Argo CD Application (the platform stack knows the region).
            metadata: { queueURLFromEnv: QUEUE_URL_ENV[queue], queueLength: String(consumer.messagesPerPod), activationQueueLength: '0', scaleOnInFlight: 'true' },
          },
        ],
      },
    });
  }
}

/** Every chart of the deployment, added to `app` (one YAML file each). */
export function addStereoSpotCharts(app: App): void {
  identities(app);
  webUi(app);
  workers(app);
}
