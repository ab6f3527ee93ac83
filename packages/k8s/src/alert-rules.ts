import { APP_NAMESPACE } from '@stereo-spot/aws-infra/workloads';
import { QUEUE_OF_STAGE, STAGES } from '@stereo-spot/shared-types';
import { QUEUE_CONSUMERS } from './queue-consumers.js';

/** `critical`: jobs fail or stop moving now; `warning`: something degrades and wants a look within the day. */
export type AlertSeverity = 'critical' | 'warning';

/** One Prometheus alerting rule, in the rule file's own field names. */
export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: AlertSeverity };
  /** Templates use `{{ $labels.x }}` only, so the tests can render them as Prometheus does. */
  annotations: { summary: string; description: string; runbook_url: string };
}

export interface AlertRuleGroup {
  name: string;
  rules: AlertRule[];
}

/** Growth that counts as a leak when it lasts: per hour, for three hours in a row. */
export const MEMORY_GROWTH_BYTES_PER_HOUR = 32 * 1024 * 1024;
export const OPEN_FILES_GROWTH_PER_HOUR = 20;
/** p95 of the wait before a first delivery above which the queue's workers are too few (ARCHITECTURE: minutes). */
export const QUEUE_WAIT_P95_SECONDS = 300;

const runbook = (anchor: string) => `docs/RUNBOOKS.md#${anchor}`;
const RUNBOOK_DEAD_LETTER = runbook('2-messages-in-a-dead-letter-queue');
const RUNBOOK_STUCK_JOB = runbook('3-a-job-that-does-not-move');
const RUNBOOK_SCALING = runbook('4-scaling-limits');
const RUNBOOK_UNHEALTHY = runbook('6-unhealthy-pods');

/** The pods' own series (`up`, process metrics) carry the namespace the scrape found them in. */
const OWN_PODS = `namespace="${APP_NAMESPACE}"`;

/**
 * Events a counter (or a histogram's `_count`) recorded in `window`, per series. prom-client creates a labelled
 * series at its first event, so a series that did not exist `window` ago counts with its whole value: increase()
 * alone would read the first dead letter of a pod as 0. Only when Prometheus already scraped its target then, or
 * the process started since: a Prometheus that has just started knows no history, and every series looks new.
 * `offset` moves the window into the past.
 */
export function eventsIn(selector: string, window: string, offset?: string): string {
  const at = offset ? ` offset ${offset}` : '';
  const start = minutesOf(window) + (offset ? minutesOf(offset) : 0);
  const known = `up offset ${start}m or process_start_time_seconds${at} > time() - ${start * 60}`;
  return `((${selector}${at} unless ${selector} offset ${start}m) and on (job, instance) (${known})) or increase(${selector}[${window}]${at})`;
}

function minutesOf(duration: string): number {
  const match = /^(\d+)([mh])$/.exec(duration);
  if (!match) throw new Error(`duration ${duration}: minutes or hours only`);
  return Number(match[1]) * (match[2] === 'h' ? 60 : 1);
}

/** `expr` with a `queue` label beside its `stage` label (QUEUE_OF_STAGE), to match stage series with queue series. */
export function withQueueOfStage(expr: string): string {
  let result = `label_replace(${expr}, "queue", "$1", "stage", "(.+)")`;
  for (const stage of STAGES) if (QUEUE_OF_STAGE[stage] !== stage) result = `label_replace(${result}, "queue", "${QUEUE_OF_STAGE[stage]}", "stage", "${stage}")`;
  return result;
}

const messages = (outcome: string) => `stereo_spot_messages_total{outcome="${outcome}"}`;

const queueRules: AlertRule[] = [
  {
    alert: 'StereoSpotMessagesDeadLettered',
    expr: `sum by (stage) (${eventsIn(messages('dead_lettered'), '15m')}) > 0`,
    for: '0m',
    labels: { severity: 'critical' },
    annotations: {
      summary: 'A {{ $labels.stage }} message went to its dead-letter queue',
      description: 'A {{ $labels.stage }} message was delivered as often as allowed without finishing (the worker stopped each time: out of memory, spot losses, scale-ins); its job is failed.',
      runbook_url: RUNBOOK_DEAD_LETTER,
    },
  },
  {
    alert: 'StereoSpotMessagesFailed',
    expr: `sum by (stage) (${eventsIn(messages('failed'), '15m')}) > 0`,
    for: '0m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'A job failed in the {{ $labels.stage }} stage',
      description: 'A {{ $labels.stage }} handler failed a job for good (a corrupt upload, or retries used up); the reason is on the job.',
      runbook_url: RUNBOOK_STUCK_JOB,
    },
  },
  {
    alert: 'StereoSpotMessagesRetrying',
    // Retries and successes both in the denominator: a stage with retries only counts as 100 %.
    expr: `sum by (stage) (rate(${messages('retried')}[15m])) > 0.25 * sum by (stage) (rate(stereo_spot_messages_total{outcome=~"ok|retried"}[15m]))`,
    for: '15m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'More than a quarter of the {{ $labels.stage }} messages are retried',
      description: 'The {{ $labels.stage }} handlers keep failing in a retryable way (storage or backend trouble); jobs slow down and may end in the dead-letter queue.',
      runbook_url: RUNBOOK_UNHEALTHY,
    },
  },
  {
    alert: 'StereoSpotQueueWaitHigh',
    expr: `histogram_quantile(0.95, sum by (queue, le) (rate(stereo_spot_queue_wait_seconds_bucket[15m]))) > ${QUEUE_WAIT_P95_SECONDS}`,
    for: '15m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'Messages wait long in the {{ $labels.queue }} queue',
      description: `The 95th percentile of the time from send to first delivery on {{ $labels.queue }} is above ${QUEUE_WAIT_P95_SECONDS} s: too few workers (KEDA maxReplicaCount, Karpenter's GPU node limit).`,
      runbook_url: RUNBOOK_SCALING,
    },
  },
  {
    alert: 'StereoSpotHandlerSlow',
    // Against each stage's pod grace (--grace-seconds): a message that takes longer is cut short by every scale-in
    // and starts over; the visibility timeout is no limit, heartbeats renew it.
    expr: STAGES.map(
      (stage) => `histogram_quantile(0.95, sum by (stage, le) (rate(stereo_spot_handler_duration_seconds_bucket{stage="${stage}",outcome="ok"}[1h]))) > ${QUEUE_CONSUMERS[QUEUE_OF_STAGE[stage]].graceSeconds}`,
    ).join(' or '),
    for: '15m',
    labels: { severity: 'warning' },
    annotations: {
      summary: '{{ $labels.stage }} messages take longer than their pods may finish them in',
      description: 'The 95th percentile of the {{ $labels.stage }} handler time is above the grace its pods get when stopped: every scale-in or spot loss cuts such a message short and it starts over. Shorter segments (segment_seconds) or a longer grace (packages/k8s/src/queue-consumers.ts).',
      runbook_url: RUNBOOK_SCALING,
    },
  },
  {
    alert: 'StereoSpotStageStalled',
    // Deliveries from 30 to 90 minutes ago, none handled successfully in the last hour: the workers took
    // messages and never finished them. (A delivery just now is not yet a stall.)
    expr: `(sum by (queue) (${eventsIn('stereo_spot_queue_wait_seconds_count', '1h', '30m')}) > 0) unless on (queue) (${withQueueOfStage(`sum by (stage) (${eventsIn(messages('ok'), '1h')})`)} > 0)`,
    for: '10m',
    labels: { severity: 'critical' },
    annotations: {
      summary: 'The {{ $labels.queue }} workers take messages but finish none',
      description: 'Messages of {{ $labels.queue }} were delivered 30 to 90 minutes ago and no message of that stage was handled successfully in the last hour.',
      runbook_url: RUNBOOK_STUCK_JOB,
    },
  },
  {
    alert: 'StereoSpotReceiveErrors',
    expr: 'sum by (queue) (rate(stereo_spot_receive_errors_total[5m])) > 0',
    for: '10m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'The {{ $labels.queue }} queue does not answer',
      description: 'Receive calls on {{ $labels.queue }} keep failing (IAM, network, the queue itself); its workers are not ready and take no work.',
      runbook_url: RUNBOOK_UNHEALTHY,
    },
  },
];

const failedJobsLastHour = `sum(${eventsIn('stereo_spot_job_transitions_total{status="failed"}', '1h')})`;

const jobRules: AlertRule[] = [
  {
    alert: 'StereoSpotJobsNotFinishing',
    // Jobs created one to two hours ago and no job ended since two hours: nothing moves at all (no worker
    // running, or every one stuck), which the per-stage alerts cannot see when no message is delivered.
    expr: `(sum(${eventsIn('stereo_spot_job_transitions_total{status="created"}', '1h', '1h')}) > 0) unless (sum(${eventsIn('stereo_spot_job_transitions_total{status=~"completed|failed|cancelled"}', '2h')}) > 0)`,
    for: '10m',
    labels: { severity: 'critical' },
    annotations: {
      summary: 'Jobs are created but none finishes',
      description: 'Jobs were created one to two hours ago and no job has completed, failed or been cancelled in the last two hours.',
      runbook_url: RUNBOOK_STUCK_JOB,
    },
  },
  {
    alert: 'StereoSpotJobsFailing',
    expr: `(${failedJobsLastHour} / sum(${eventsIn('stereo_spot_job_transitions_total{status=~"failed|completed"}', '1h')}) > 0.2) and (${failedJobsLastHour} >= 3)`,
    for: '0m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'More than a fifth of the jobs fail',
      description: 'Over the last hour at least 3 jobs failed, more than 20 % of the jobs that ended; their reasons say whether uploads or the service are at fault.',
      runbook_url: RUNBOOK_STUCK_JOB,
    },
  },
  {
    alert: 'StereoSpotConversionSlowed',
    // Against the same format and depth model over the previous day: a median at half of it is the GPU unused
    // (or a node type much slower), not the usual spread of segment sizes.
    expr:
      'histogram_quantile(0.5, sum by (format, depth, le) (rate(stereo_spot_segment_conversion_fps_bucket[30m])))' +
      ' < 0.5 * histogram_quantile(0.5, sum by (format, depth, le) (rate(stereo_spot_segment_conversion_fps_bucket[1d] offset 1h)))',
    for: '30m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'Segment conversion of {{ $labels.format }} / {{ $labels.depth }} runs at half its usual speed',
      description: 'The median frames per second of {{ $labels.format }} conversions with {{ $labels.depth }} depth fell below half of the previous day\'s: for onnx, the GPU is probably not used.',
      runbook_url: RUNBOOK_UNHEALTHY,
    },
  },
];

const podRules: AlertRule[] = [
  {
    alert: 'StereoSpotPodDown',
    expr: `up{${OWN_PODS}} == 0`,
    for: '5m',
    labels: { severity: 'critical' },
    annotations: {
      summary: 'Pod {{ $labels.pod }} does not answer its scrape',
      description: 'The /metrics endpoint of {{ $labels.pod }} (served with /healthz) has not answered for 5 minutes: the process hangs, crashed or its node is gone.',
      runbook_url: RUNBOOK_UNHEALTHY,
    },
  },
  {
    alert: 'StereoSpotMemoryGrowing',
    expr: `deriv(process_resident_memory_bytes{${OWN_PODS}}[1h]) * 3600 > ${MEMORY_GROWTH_BYTES_PER_HOUR}`,
    for: '3h',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'The memory of {{ $labels.pod }} keeps growing',
      description: `The resident memory of {{ $labels.pod }} has grown by more than ${MEMORY_GROWTH_BYTES_PER_HOUR / 1024 / 1024} MiB an hour for three hours: a leak, heading for an out-of-memory kill.`,
      runbook_url: RUNBOOK_UNHEALTHY,
    },
  },
  {
    alert: 'StereoSpotOpenFilesGrowing',
    expr: `deriv(process_open_fds{${OWN_PODS}}[1h]) * 3600 > ${OPEN_FILES_GROWTH_PER_HOUR}`,
    for: '3h',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'The open files of {{ $labels.pod }} keep growing',
      description: `{{ $labels.pod }} has opened more than ${OPEN_FILES_GROWTH_PER_HOUR} files or sockets an hour more than it closed, for three hours: a leak, heading for the file limit.`,
      runbook_url: RUNBOOK_UNHEALTHY,
    },
  },
  {
    alert: 'StereoSpotEventLoopBlocked',
    expr: `nodejs_eventloop_lag_p99_seconds{${OWN_PODS}} > 0.5`,
    for: '10m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'The event loop of {{ $labels.pod }} is blocked',
      description: 'The 99th percentile of the event-loop lag of {{ $labels.pod }} has stayed above 0.5 s for 10 minutes: heartbeats and requests are late.',
      runbook_url: RUNBOOK_UNHEALTHY,
    },
  },
];

const webRules: AlertRule[] = [
  {
    alert: 'StereoSpotHttpServerErrors',
    expr: `sum by (route) (${eventsIn('stereo_spot_http_requests_total{status=~"5.."}', '10m')}) > 0`,
    for: '0m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'The web UI answered {{ $labels.route }} with a server error',
      description: 'Requests to {{ $labels.route }} got a 5xx answer in the last 10 minutes; the web UI logs say why.',
      runbook_url: RUNBOOK_UNHEALTHY,
    },
  },
  {
    alert: 'StereoSpotApiSlow',
    expr: 'histogram_quantile(0.99, sum by (route, le) (rate(stereo_spot_http_request_duration_seconds_bucket{route=~"/api/.*"}[10m]))) > 1',
    for: '15m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'The web UI answers {{ $labels.route }} slowly',
      description: 'The 99th percentile of the answer time of {{ $labels.route }} has been above 1 s for 15 minutes.',
      runbook_url: RUNBOOK_UNHEALTHY,
    },
  },
];

/** Every alert of stereo-spot (docs/ARCHITECTURE.md, "Observability", says what each metric is). */
export const ALERT_RULE_GROUPS: readonly AlertRuleGroup[] = [
  { name: 'stereo-spot-queues', rules: queueRules },
  { name: 'stereo-spot-jobs', rules: jobRules },
  { name: 'stereo-spot-pods', rules: podRules },
  { name: 'stereo-spot-web-ui', rules: webRules },
];
