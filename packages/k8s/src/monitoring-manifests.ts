import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { APP_NAMESPACE } from '@stereo-spot/aws-infra/workloads';
import { ALERT_RULE_GROUPS } from './alert-rules.js';

/** The folder under deploy/ with the monitoring files: kept out of deploy/kustomization.yaml (see below). */
export const MONITORING_DIR = 'monitoring';
/** The plain Prometheus rule file (`rule_files:` of a Prometheus without the operator). */
export const ALERT_RULES_FILE = 'stereo-spot-alerts.rules.yaml';

const HEADER = '# Written by packages/k8s (npm run synth -w @stereo-spot/k8s); do not edit.\n';
const labels = { 'app.kubernetes.io/part-of': 'stereo-spot' };
/** The container ports serving /metrics: the workers' and the web UI's (the tests check them against the pods). */
export const METRICS_PORT_NAMES = ['metrics', 'http'] as const;

/**
 * Writes the alert rules into `outdir` (replacing its YAML): as a rule file, and for clusters with the
 * prometheus-operator as a PrometheusRule with a PodMonitor (the operator does not read the pods' scrape
 * annotations) behind their own kustomization.yaml. Argo CD's deploy/ does not include them: the cluster has no
 * operator, so its CRDs are missing and the sync would fail.
 */
export function synthMonitoring({ outdir }: { outdir: string }): string[] {
  mkdirSync(outdir, { recursive: true });
  for (const file of readdirSync(outdir)) if (file.endsWith('.yaml')) rmSync(join(outdir, file));
  const groups = ALERT_RULE_GROUPS.map((group) => ({ name: group.name, rules: group.rules }));
  const files: Record<string, unknown> = {
    [ALERT_RULES_FILE]: { groups },
    'prometheus-rule.yaml': { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'stereo-spot-alerts', namespace: APP_NAMESPACE, labels }, spec: { groups } },
    'pod-monitor.yaml': {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'stereo-spot', namespace: APP_NAMESPACE, labels },
      spec: {
        selector: { matchLabels: labels },
        // A pod serves one of the two ports; the other endpoint finds nothing on it.
        podMetricsEndpoints: METRICS_PORT_NAMES.map((port) => ({ port, path: '/metrics' })),
      },
    },
  };
  const resources = Object.keys(files).filter((f) => f !== ALERT_RULES_FILE).sort();
  files['kustomization.yaml'] = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources };
  for (const [file, content] of Object.entries(files)) writeFileSync(join(outdir, file), HEADER + stringify(content, { lineWidth: 0 }));
  return Object.keys(files).sort();
}
