import { setTimeout as sleep } from 'node:timers/promises';
import { ACTIVE_JOB_STATUSES, errorMessage, isFinalStatus, isPermanent, QUEUE_OF_STAGE, ReceiptHandleExpiredError, type JobStore, type Logger, type QueueMessage, type QueueReceiver, type Stage } from '@stereo-spot/shared-types';
import { failJob } from './fail-job.js';
import { JobEndedError } from './job-ended-error.js';
import type { MessageHandler } from './message-handler.js';
import { retryDelaySec } from './retry-delay.js';
import { watchJobEnd, type JobEndWatch } from './watch-job-end.js';
import { processWorkerHealth, type LoopProbe, type WorkerHealth } from './worker-health.js';
import { processWorkerMetrics, type MessageOutcomeLabel, type WorkerMetrics } from './worker-metrics.js';

/** Timing of a consumer loop; every worker entry point passes it through unchanged. */
export interface QueueTuning {
  /** Invisibility of a received message; the heartbeat renews it every third of this while work goes on. */
  visibilityTimeoutSec?: number;
  /** Long-poll wait per receive call. */
  waitSeconds?: number;
  /** Back-off before a retry: base · 2^(attempt−1), capped at max. */
  retryBaseSec?: number;
  retryMaxSec?: number;
  /** How often the job of the message in hand is looked at, so that its work stops soon after the job ends (default 1.5 s). */
  jobWatchSec?: number;
}

export interface QueueWorkerOptions {
  queue: QueueReceiver;
  /**
   * The queue's dead-letter queue, watched so that a job whose message ended there fails with a reason instead
   * of waiting forever (a message whose worker was killed on every delivery never reaches the failure handling
   * below). The messages stay there for an operator to inspect or replay.
   */
  deadLetters?: QueueReceiver;
  handler: MessageHandler;
  jobs: JobStore;
  logger: Logger;
  tuning?: QueueTuning;
  /** Where the loop counts its messages; this process's worker metrics by default. */
  metrics?: WorkerMetrics;
  /** Where the loop reports that it is alive and reaching its queue; this process's by default. */
  health?: WorkerHealth;
}

export type MessageOutcome = 'done' | 'retry' | 'gave-up' | 'released' | 'dropped';

/** The metrics' finer outcome, and what the caller of `process` is told for it. */
const OUTCOME_OF_LABEL: Readonly<Record<MessageOutcomeLabel, MessageOutcome>> = {
  ok: 'done',
  failed: 'gave-up',
  dead_lettered: 'gave-up',
  retried: 'retry',
  released: 'released',
  dropped: 'dropped',
};

/** What the work of each stage is called in the line that says it was stopped. */
const WORK_OF_STAGE: Readonly<Record<Stage, string>> = { chunking: 'chunking', video: 'conversion', reassembly: 'reassembly' };

/**
 * One consumer loop: receive → handle → delete, with a visibility heartbeat while the handler works.
 *
 * What happens to a message is decided by the error type, never by its text:
 * - success: deleted;
 * - `PermanentError`: the job fails with the error's message, the message is deleted;
 * - anything else: retried after a back-off, until the queue's last allowed receive, where the job fails and
 *   the message is left for the dead-letter queue;
 * - the job ended while the handler worked (cancelled, or failed by another message; `watchJobEnd` looks every
 *   `jobWatchSec`): the handler's signal aborts, its ffmpeg children are killed, and the message is deleted
 *   (`dropped`) whatever the handler threw — there is nothing left to retry or to fail.
 *
 * `stop()` stops receiving at once; the message in hand gets `graceMs` to finish, then its work is aborted and
 * the message released (visible again) for another worker.
 */
export class QueueWorker {
  private readonly receiving = new AbortController();
  private readonly working = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly visibilityTimeoutSec: number;
  private readonly tuning: QueueTuning;
  private readonly metrics: WorkerMetrics;
  private probe: LoopProbe | undefined;

  constructor(private readonly options: QueueWorkerOptions) {
    this.tuning = options.tuning ?? {};
    this.visibilityTimeoutSec = this.tuning.visibilityTimeoutSec ?? 60;
    this.metrics = options.metrics ?? processWorkerMetrics();
  }

  start(): this {
    if (!this.loop) {
      // Beats come with every receive (at most the long-poll wait apart) and every heartbeat of the message in hand.
      const beatEveryMs = Math.max((this.tuning.waitSeconds ?? 10) * 1000, this.heartbeatMs);
      const probe = (this.options.health ?? processWorkerHealth()).register({ name: this.options.handler.stage, beatEveryMs });
      this.probe = probe;
      this.loop = Promise.all([this.run(), this.watchDeadLetters()]).then(
        () => probe.close(),
        (error: unknown) => {
          probe.close();
          throw error;
        },
      );
    }
    return this;
  }

  async stop({ graceMs = 30_000 }: { graceMs?: number } = {}): Promise<void> {
    this.receiving.abort();
    if (!this.loop) return;
    const timer = setTimeout(() => this.working.abort(), graceMs);
    try {
      await this.loop;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves when the loop ends (after `stop()`). */
  get done(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    const { queue, logger, handler } = this.options;
    while (!this.receiving.signal.aborted) {
      let messages: QueueMessage[];
      this.probe?.beat();
      try {
        messages = await queue.receive({
          maxMessages: 1,
          waitSeconds: this.tuning.waitSeconds ?? 10,
          visibilityTimeoutSec: this.visibilityTimeoutSec,
          signal: this.receiving.signal,
        });
        this.probe?.receiveSucceeded();
      } catch (error) {
        if (this.receiving.signal.aborted) break;
        this.probe?.receiveFailed();
        this.metrics.receiveErrors.inc({ queue: QUEUE_OF_STAGE[handler.stage] });
        logger.warn({ stage: handler.stage, err: errorMessage(error) }, 'receive failed; retrying');
        await sleep(1000, undefined, { signal: this.receiving.signal }).catch(() => undefined);
        continue;
      }
      for (const message of messages) await this.process(message);
    }
  }

  /**
   * Fails the job of every dead-lettered message (a no-op for jobs already ended). Looks without taking: the
   * messages are received with no invisibility, so they stay in view for an operator (and for replay), and looked
   * at again every poll interval.
   */
  private async watchDeadLetters(): Promise<void> {
    const { deadLetters, handler, jobs, logger } = this.options;
    if (!deadLetters) return;
    const intervalMs = (this.tuning.waitSeconds ?? 10) * 1000;
    while (!this.receiving.signal.aborted) {
      try {
        const messages = await deadLetters.receive({ maxMessages: 10, waitSeconds: 0, visibilityTimeoutSec: 0, signal: this.receiving.signal });
        for (const message of messages) {
          const jobId = handler.subjectOf(message.body)?.jobId;
          const status = jobId ? (await jobs.get(jobId))?.status : undefined;
          if (!jobId || !status || !(ACTIVE_JOB_STATUSES as readonly string[]).includes(status)) continue;
          const reason = `its ${handler.stage} message went to the dead-letter queue: delivered as often as allowed, it never finished (the worker handling it stopped each time); once the cause is fixed, purge it (stereo-spot dlq purge) and retry the job (stereo-spot jobs retry), see docs/RUNBOOKS.md`;
          await failJob({ jobs, jobId, stage: handler.stage, message: reason, logger });
        }
      } catch (error) {
        if (this.receiving.signal.aborted) break;
        logger.warn({ stage: handler.stage, err: errorMessage(error) }, 'dead-letter watch failed; retrying');
      }
      await sleep(intervalMs, undefined, { signal: this.receiving.signal }).catch(() => undefined);
    }
  }

  /** Handles one message to its end and counts it; never throws. */
  async process(message: QueueMessage): Promise<MessageOutcome> {
    const { stage } = this.options.handler;
    // Only first deliveries: a redelivery's age includes earlier attempts and their back-off, not queueing.
    if (message.receiveCount === 1) this.metrics.queueWait.observe({ queue: QUEUE_OF_STAGE[stage] }, Math.max(0, Date.now() - message.sentAt) / 1000);
    const started = performance.now();
    const outcome = await this.settle(message);
    this.metrics.messages.inc({ stage, outcome });
    this.metrics.handlerDuration.observe({ stage, outcome }, (performance.now() - started) / 1000);
    return OUTCOME_OF_LABEL[outcome];
  }

  private async settle(message: QueueMessage): Promise<MessageOutcomeLabel> {
    const { queue, handler } = this.options;
    const subject = handler.subjectOf(message.body);
    const jobId = subject?.jobId;
    const logger = this.options.logger.child({
      stage: handler.stage,
      ...(jobId ? { job_id: jobId } : {}),
      ...(subject?.segmentIndex === undefined ? {} : { segment_index: subject.segmentIndex }),
      message_id: message.id,
      receive_count: message.receiveCount,
    });
    const work = new AbortController();
    const onStop = () => work.abort(new Error('worker stopping'));
    this.working.signal.addEventListener('abort', onStop, { once: true });
    const heartbeat = this.startHeartbeat({ message, work, logger });
    const jobEnd = jobId ? watchJobEnd({ jobs: this.options.jobs, jobId, intervalMs: (this.tuning.jobWatchSec ?? 1.5) * 1000, logger }) : undefined;
    const started = Date.now();
    try {
      await handler.handle({ message, signal: jobEnd ? AbortSignal.any([work.signal, jobEnd.signal]) : work.signal, logger });
      await queue.delete(message.receiptHandle);
      logger.info({ duration_ms: Date.now() - started }, 'message done');
      return 'ok';
    } catch (error) {
      // Checked before stopping: a message whose job ended is not worth handing to another worker either. A stop
      // does not wait for one more read, though: released, the message is dropped at its next delivery.
      const ended = endedJob({ error, jobEnd }) ?? (work.signal.aborted ? undefined : await this.endedMeanwhile(jobId));
      if (ended) return await this.drop({ message, ended, logger });
      if (work.signal.aborted) {
        // Stopping or lost the message: not the message's fault, so it does not count as a failure.
        await queue.changeVisibility({ receiptHandle: message.receiptHandle, visibilityTimeoutSec: 0 }).catch(() => undefined);
        logger.warn({ err: errorMessage(error) }, 'work interrupted; message released');
        return 'released';
      }
      return await this.onFailure({ message, error, jobId, logger });
    } finally {
      jobEnd?.stop();
      clearInterval(heartbeat);
      this.working.signal.removeEventListener('abort', onStop);
    }
  }

  /**
   * Whether the job ended before the watch's next look: a failure of its work is then no failure (the job may have
   * been cancelled and its files deleted under it), and it is neither reported nor retried. One read per failure.
   */
  private async endedMeanwhile(jobId: string | undefined): Promise<JobEndedError | undefined> {
    if (!jobId) return undefined;
    const job = await this.options.jobs.get(jobId).catch(() => undefined);
    return job && isFinalStatus(job.status) ? new JobEndedError({ jobId, status: job.status }) : undefined;
  }

  /** The job ended while its message was worked on: the message goes, counted neither as a failure nor as a retry. */
  private async drop({ message, ended, logger }: { message: QueueMessage; ended: JobEndedError; logger: Logger }): Promise<MessageOutcomeLabel> {
    logger.info({ status: ended.status }, `job ${ended.status}; ${WORK_OF_STAGE[this.options.handler.stage]} stopped`);
    await this.options.queue.delete(message.receiptHandle).catch((error: unknown) => {
      // Delivered again, it is dropped at once: the handlers skip the messages of ended jobs.
      logger.warn({ err: errorMessage(error) }, 'could not delete the message of an ended job; it will be dropped when delivered again');
    });
    return 'dropped';
  }

  private async onFailure({ message, error, jobId, logger }: { message: QueueMessage; error: unknown; jobId: string | undefined; logger: Logger }): Promise<MessageOutcomeLabel> {
    const { queue, handler, jobs } = this.options;
    const reason = errorMessage(error);
    try {
      if (isPermanent(error)) {
        logger.error({ err: reason, error_type: (error as Error).name }, 'permanent failure');
        if (jobId) await failJob({ jobs, jobId, stage: handler.stage, message: reason, logger });
        await queue.delete(message.receiptHandle);
        return 'failed';
      }
      if (message.receiveCount >= queue.maxReceiveCount) {
        // Last allowed receive: fail the job now so it never hangs, and leave the message for the dead-letter queue.
        logger.error({ err: reason }, 'retries exhausted; message goes to the dead-letter queue');
        if (jobId) await failJob({ jobs, jobId, stage: handler.stage, message: `gave up after ${message.receiveCount} attempts: ${reason}`, logger });
        await queue.changeVisibility({ receiptHandle: message.receiptHandle, visibilityTimeoutSec: 0 });
        return 'dead_lettered';
      }
      const delay = retryDelaySec({ receiveCount: message.receiveCount, baseSec: this.tuning.retryBaseSec ?? 2, maxSec: this.tuning.retryMaxSec ?? 60 });
      logger.warn({ err: reason, retry_in_sec: delay }, 'retryable failure');
      await queue.changeVisibility({ receiptHandle: message.receiptHandle, visibilityTimeoutSec: delay });
      return 'retried';
    } catch (followUp) {
      // The message will come back after its visibility timeout; nothing is lost.
      logger.error({ err: errorMessage(followUp) }, 'could not record the failure; message will be redelivered');
      return 'retried';
    }
  }

  /** How often the message in hand has its visibility renewed. */
  private get heartbeatMs(): number {
    return Math.max(200, (this.visibilityTimeoutSec * 1000) / 3);
  }

  private startHeartbeat({ message, work, logger }: { message: QueueMessage; work: AbortController; logger: Logger }): NodeJS.Timeout {
    const timer = setInterval(() => {
      this.probe?.beat();
      this.options.queue.changeVisibility({ receiptHandle: message.receiptHandle, visibilityTimeoutSec: this.visibilityTimeoutSec }).catch((error: unknown) => {
        if (error instanceof ReceiptHandleExpiredError) {
          // Another worker may have the message now: stop duplicating its work.
          logger.error({ err: errorMessage(error) }, 'lost the message; aborting its work');
          work.abort(error);
        } else {
          logger.warn({ err: errorMessage(error) }, 'heartbeat failed; will try again');
        }
      });
    }, this.heartbeatMs);
    timer.unref();
    return timer;
  }
}

/** The job's end, when that is why the handler stopped: seen by the watch, or thrown by the handler itself. */
function endedJob({ error, jobEnd }: { error: unknown; jobEnd: JobEndWatch | undefined }): JobEndedError | undefined {
  if (jobEnd?.signal.aborted && jobEnd.signal.reason instanceof JobEndedError) return jobEnd.signal.reason;
  return error instanceof JobEndedError ? error : undefined;
}
