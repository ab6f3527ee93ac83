import { APP_NAMESPACE, IMAGE_NAME, POD_WORKLOADS, QUEUE_SCALED_OBJECT, type PodWorkload } from './workloads.js';

/** The folder of the repository that holds the synthesized manifests (packages/k8s writes it). */
export const MANIFESTS_PATH = 'deploy';

/**
 * The Argo CD Application that deploys `deploy/` from Git. What only the deployment knows is filled in here, from
 * the stacks' values, so nothing is copied by hand: each image name becomes its ECR repository at the chosen tag,
 * and each ScaledObject gets the queue's region (KEDA's SQS scaler needs it; the queue URLs come from the
 * ConfigMap the platform stack writes).
 */
export function argoCdApplicationManifest({
  repoUrl,
  revision,
  imageTag,
  repositoryUris,
  region,
  namespace,
}: {
  repoUrl: string;
  revision: string;
  imageTag: string;
  repositoryUris: Readonly<Record<PodWorkload, string>>;
  region: string;
  namespace: string;
}) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'stereo-spot', namespace, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
    spec: {
      project: 'default',
      source: {
        repoURL: repoUrl,
        targetRevision: revision,
        path: MANIFESTS_PATH,
        kustomize: {
          images: POD_WORKLOADS.map((w) => `${IMAGE_NAME[w]}=${repositoryUris[w]}:${imageTag}`),
          patches: (Object.values(QUEUE_SCALED_OBJECT) as string[]).map((name) => ({
            target: { group: 'keda.sh', kind: 'ScaledObject', name },
            patch: JSON.stringify([{ op: 'add', path: '/spec/triggers/0/metadata/awsRegion', value: region }]),
          })),
        },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: APP_NAMESPACE },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['ServerSideApply=true'],
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
      },
    },
  };
}
