/**
 * The cluster add-ons installed with Helm, pinned. Karpenter's version must support the cluster's Kubernetes
 * version (1.11 supports 1.29–1.35); bump these together with `KUBERNETES_VERSION` (docs/DEPLOY.md).
 */
export const HELM_CHARTS = {
  karpenter: { chart: 'karpenter', repository: 'oci://public.ecr.aws/karpenter/karpenter', version: '1.11.1', namespace: 'kube-system' },
  keda: { chart: 'keda', repository: 'https://kedacore.github.io/charts', version: '2.18.0', namespace: 'keda' },
  argoCd: { chart: 'argo-cd', repository: 'https://argoproj.github.io/argo-helm', version: '9.1.0', namespace: 'argocd' },
} as const;

/** The service accounts the add-on charts create, which get an AWS identity through EKS Pod Identity. */
export const ADDON_SERVICE_ACCOUNTS = {
  karpenter: { namespace: HELM_CHARTS.karpenter.namespace, name: 'karpenter' },
  keda: { namespace: HELM_CHARTS.keda.namespace, name: 'keda-operator' },
} as const;
