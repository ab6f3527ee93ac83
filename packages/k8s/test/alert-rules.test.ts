/* eslint-disable @typescript-eslint/no-explicit-any -- parsed manifests are checked field by field */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { DEPTH_MODELS, JOB_STATUSES, QUEUE_NAMES, STAGES } from '@stereo-spot/shared-types';
import { RequestMetrics } from '@stereo-spot/web-ui';
import { MESSAGE_OUTCOMES, processRegistry, processWorkerMetrics } from '@stereo-spot/worker-runtime';
import { ALERT_RULE_GROUPS, type AlertRule } from '../src/alert-rules.js';
import { ALERT_RULES_FILE, METRICS_PORT_NAMES, MONITORING_DIR, synthMonitoring } from '../src/monitoring-manifests.js';
import { synthManifests } from '../src/synth-manifests.js';
import { alertRuleCases, type AlertCase, type Labels } from './fixtures/alert-rule-cases.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const committedDir = join(repoRoot, 'deploy', MONITORING_DIR);
const freshDir = mkdtempSync(join(tmpdir(), 'stereo-spot-alerts-'));
const files = synthMonitoring({ outdir: freshDir });
const rules: AlertRule[] = ALERT_RULE_GROUPS.flatMap((g) => g.rules);
const ruleNamed = (alert: string) => {
  const rule = rules.find((r) => r.alert === alert);
  assert.ok(rule, `no rule ${alert}`);
  return rule;
};

// The registry as a worker process and the web UI build it: prom-client's process metrics, then their own.
const registry = processRegistry();
processWorkerMetrics();
new RequestMetrics({ registry });
/** Every series name the processes export, with the labels it carries. */
const exported = new Map<string, string[]>();
for (const metric of registry.getMetricsAsArray()) {
  const labelNames = [...((metric as unknown as { labelNames?: readonly string[] }).labelNames ?? [])];
  if (String(metric.type) === 'histogram') {
    exported.set(`${metric.name}_bucket`, [...labelNames, 'le']);
    for (const suffix of ['_sum', '_count']) exported.set(metric.name + suffix, labelNames);
  } else exported.set(metric.name, labelNames);
}
/** Series Prometheus makes itself, and the labels its scrape adds to every series. */
const SCRAPE_SERIES = new Map([['up', [] as string[]]]);
const TARGET_LABELS = ['namespace', 'pod', 'job', 'instance'];
/** Label values the code has a closed list of, by metric (histograms by their base name). */
const LABEL_VALUES: Record<string, Record<string, readonly string[]>> = {
  stereo_spot_messages_total: { outcome: MESSAGE_OUTCOMES, stage: STAGES },
  stereo_spot_handler_duration_seconds: { outcome: MESSAGE_OUTCOMES, stage: STAGES },
  stereo_spot_queue_wait_seconds: { queue: QUEUE_NAMES },
  stereo_spot_receive_errors_total: { queue: QUEUE_NAMES },
  stereo_spot_job_transitions_total: { status: JOB_STATUSES },
  stereo_spot_segment_conversion_fps: { depth: DEPTH_MODELS },
  stereo_spot_segment_conversion_seconds: { depth: DEPTH_MODELS },
};

interface Selector {
  name: string;
  matchers: { label: string; op: string; value: string }[];
}
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset']);
const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/** The metric selectors of a PromQL expression: names (not functions, keywords or grouping labels) and matchers. */
function selectorsOf(expr: string): Selector[] {
  const tokens: string[] = expr.match(/"(?:[^"\\]|\\.)*"|\{[^}]*\}|\[[^\]]*\]|\d+(?:\.\d+)?(?:e[+-]?\d+)?[smhdwy]?|[a-zA-Z_:][a-zA-Z0-9_:]*|\S/g) ?? [];
  const selectors: Selector[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!/^[a-zA-Z_:]/.test(token) || KEYWORDS.has(token)) continue;
    if (GROUPING.has(token)) {
      if (tokens[i + 1] === '(') i = tokens.indexOf(')', i);
      continue;
    }
    if (tokens[i + 1] === '(' || GROUPING.has(tokens[i + 1]!)) continue; // a function or an aggregation
    const braces = tokens[i + 1]?.startsWith('{') ? tokens[i + 1]! : '{}';
    const matchers = [...braces.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => ({ label: m[1]!, op: m[2]!, value: m[3]! }));
    selectors.push({ name: token, matchers });
  }
  return selectors;
}

test('the expression reader finds metric names and matchers, and nothing else', () => {
  assert.deepEqual(
    selectorsOf('sum by (stage, le) (rate(foo_bucket{a="x",b=~"y|z"}[5m] offset 1h)) > 0.5 * on (queue) label_replace(bar, "q", "$1", "s", "(.+)") unless baz offset 15m'),
    [
      { name: 'foo_bucket', matchers: [{ label: 'a', op: '=', value: 'x' }, { label: 'b', op: '=~', value: 'y|z' }] },
      { name: 'bar', matchers: [] },
      { name: 'baz', matchers: [] },
    ],
  );
});

test('every metric, label and label value in the rules is one the code exports', () => {
  assert.ok(exported.has('stereo_spot_messages_total') && exported.has('process_resident_memory_bytes') && exported.has('stereo_spot_http_requests_total'), 'the registries were read');
  for (const rule of rules) {
    const selectors = selectorsOf(rule.expr);
    assert.ok(selectors.length > 0, `${rule.alert}: no metric found`);
    for (const { name, matchers } of selectors) {
      const labels = exported.get(name) ?? SCRAPE_SERIES.get(name);
      assert.ok(labels, `${rule.alert}: ${name} is not exported by the workers or the web UI`);
      const known = LABEL_VALUES[name.replace(/_(bucket|sum|count)$/, '')] ?? {};
      for (const { label, op, value } of matchers) {
        assert.ok(labels.includes(label) || TARGET_LABELS.includes(label), `${rule.alert}: ${name} has no label ${label}`);
        const values = known[label];
        if (!values) continue;
        const wanted = op === '=' ? [value] : /^[a-z_]+(\|[a-z_]+)*$/.test(value) ? value.split('|') : [];
        for (const v of wanted) assert.ok(values.includes(v), `${rule.alert}: ${name}{${label}="${v}"} is never exported (${values.join(', ')})`);
      }
    }
  }
});

test('every alert has a severity, a summary, a description and a runbook section that exists', () => {
  const runbooks = readFileSync(join(repoRoot, 'docs', 'RUNBOOKS.md'), 'utf8');
  // GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
  const anchors = [...runbooks.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  assert.ok(anchors.includes('2-messages-in-a-dead-letter-queue'));
  assert.equal(new Set(rules.map((r) => r.alert)).size, rules.length, 'alert names are unique');
  for (const rule of rules) {
    assert.ok(['critical', 'warning'].includes(rule.labels.severity), rule.alert);
    assert.ok(rule.annotations.summary && rule.annotations.description, rule.alert);
    const [path, anchor] = rule.annotations.runbook_url.split('#');
    assert.equal(path, 'docs/RUNBOOKS.md', rule.alert);
    assert.ok(anchors.includes(anchor!), `${rule.alert}: docs/RUNBOOKS.md has no heading #${anchor}`);
  }
});

test(`deploy/${MONITORING_DIR} is what the code synthesizes (run \`npm run synth -w @stereo-spot/k8s\` after changing packages/k8s)`, () => {
  assert.deepEqual(readdirSync(committedDir).sort(), files);
  for (const file of files) assert.equal(readFileSync(join(committedDir, file), 'utf8'), readFileSync(join(freshDir, file), 'utf8'), `deploy/${MONITORING_DIR}/${file} is out of date`);
});

test('monitoring manifests: the PrometheusRule holds the rule file, the PodMonitor the pods\' metrics ports; Argo CD syncs neither', () => {
  const read = (file: string): any => parse(readFileSync(join(freshDir, file), 'utf8'));
  const kustomization = read('kustomization.yaml');
  assert.deepEqual(kustomization.resources, ['pod-monitor.yaml', 'prometheus-rule.yaml']);
  const prometheusRule = read('prometheus-rule.yaml');
  assert.equal(prometheusRule.kind, 'PrometheusRule');
  assert.deepEqual(prometheusRule.spec.groups, read(ALERT_RULES_FILE).groups);
  assert.deepEqual(read(ALERT_RULES_FILE).groups.flatMap((g: any) => g.rules.map((r: any) => r.alert)), rules.map((r) => r.alert));

  const appDir = mkdtempSync(join(tmpdir(), 'stereo-spot-k8s-'));
  const appFiles = synthManifests({ outdir: appDir });
  assert.ok(!readFileSync(join(appDir, 'kustomization.yaml'), 'utf8').includes(MONITORING_DIR), 'deploy/kustomization.yaml leaves the monitoring files out');
  const pods = appFiles
    .filter((f) => f !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(readFileSync(join(appDir, f), 'utf8')).map((d) => d.toJS()))
    .filter((o: any) => o.kind === 'Deployment')
    .map((d: any) => d.spec.template);
  const podMonitor = read('pod-monitor.yaml');
  assert.equal(podMonitor.kind, 'PodMonitor');
  assert.deepEqual(podMonitor.spec.podMetricsEndpoints.map((e: any) => e.port), [...METRICS_PORT_NAMES]);
  for (const pod of pods) {
    for (const [label, value] of Object.entries(podMonitor.spec.selector.matchLabels)) assert.equal(pod.metadata.labels[label], value, 'the PodMonitor selects every pod');
    const scraped = pod.spec.containers[0].ports.find((p: any) => String(p.containerPort) === pod.metadata.annotations['prometheus.io/port']);
    assert.ok(METRICS_PORT_NAMES.includes(scraped.name), `the PodMonitor scrapes port ${scraped.name}, the one the annotations name`);
  }
});

/** An annotation as Prometheus renders it for an alert with these labels (the rules use `$labels` only). */
function render(template: string, labels: Labels): string {
  return template.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, name: string) => {
    assert.ok(name in labels, `the test gives the alert no label ${name}`);
    return labels[name]!;
  });
}

function promtoolTestFile(cases: AlertCase[]) {
  return {
    rule_files: [ALERT_RULES_FILE],
    evaluation_interval: '1m',
    tests: cases.map((c) => ({
      name: c.name,
      interval: `${c.step}m`,
      input_series: c.series,
      alert_rule_test: c.checks.map((check) => {
        const rule = ruleNamed(check.alert);
        return {
          eval_time: `${check.at}m`,
          alertname: check.alert,
          exp_alerts: check.firing.map((labels) => ({
            exp_labels: { ...labels, severity: rule.labels.severity },
            exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, render(v, labels)])),
          })),
        };
      }),
    })),
  };
}

/** promtool from scripts/setup.sh; its absence fails the test rather than skipping the rules' checks. */
function promtool(args: string[]): string {
  const result = spawnSync('promtool', args, { cwd: freshDir, encoding: 'utf8', timeout: 300_000 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') assert.fail('promtool is not installed: run scripts/setup.sh');
  assert.equal(result.status, 0, `promtool ${args.join(' ')}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

test('promtool check rules accepts the rule file', () => {
  assert.match(promtool(['check', 'rules', ALERT_RULES_FILE]), new RegExp(`SUCCESS: ${rules.length} rules found`));
});

test('promtool test rules: each alert fires on its synthetic series and stays silent when it should', () => {
  const bucketsOf = (name: string) => {
    const metric = registry.getSingleMetric(name) as unknown as { upperBounds?: number[] } | undefined;
    assert.ok(metric?.upperBounds, `${name} is a histogram of the code`);
    return metric.upperBounds;
  };
  const cases = alertRuleCases({ bucketsOf });
  for (const rule of rules) {
    const checks = cases.flatMap((c) => c.checks).filter((c) => c.alert === rule.alert);
    assert.ok(checks.some((c) => c.firing.length > 0), `${rule.alert}: no case where it fires`);
    assert.ok(checks.some((c) => c.firing.length === 0), `${rule.alert}: no case where it stays silent`);
  }
  const file = join(freshDir, 'stereo-spot-alerts.test.yaml');
  writeFileSync(file, stringify(promtoolTestFile(cases), { lineWidth: 0 }));
  promtool(['test', 'rules', file]);
});
