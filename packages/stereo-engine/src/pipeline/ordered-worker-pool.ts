import { availableParallelism } from 'node:os';
import type { Transferable, Worker } from 'node:worker_threads';
import type { PoolRequest, PoolResponse, PoolWorkerData } from './pool-worker.js';
import { startTypeScriptWorker } from './typescript-worker.js';

export interface OrderedWorkerPoolOptions {
  /** The task module (see pool-worker.ts): its default export, or its `process` export, runs each task. */
  module: URL;
  /** Worker threads; default `os.availableParallelism()`. */
  size?: number;
  /** Shown in errors, e.g. `stereo synthesis`. */
  name?: string;
  /** Receives the buffers a task was given but did not return (see pool-worker.ts), for reuse. */
  onSpareBuffers?: (buffers: ArrayBuffer[]) => void;
}

interface Job {
  id: number;
  input: unknown;
  transferList: readonly Transferable[];
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
}

/**
 * A fixed set of worker threads running one task module. `run()` hands an input to an idle worker (or queues it)
 * and resolves with that task's output; callers keep order by awaiting the promises in submission order (see
 * mapOrdered) and bound memory by how many they keep in flight. Inputs' buffers listed in `transferList` move to
 * the worker, outputs' buffers move back: nothing is copied.
 *
 * A task that throws rejects its own promise with the task's message. A worker that dies (uncaught error, out of
 * memory, `process.exit`) breaks the pool: its task and every later one reject with the reason. `close()`
 * terminates the workers; tasks still pending reject.
 */
export class OrderedWorkerPool<In, Out> {
  readonly size: number;
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private readonly name: string;
  private readonly onSpareBuffers: ((buffers: ArrayBuffer[]) => void) | undefined;
  private nextId = 0;
  private broken: Error | undefined;
  private closed = false;

  constructor(options: OrderedWorkerPoolOptions) {
    this.size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
    this.name = options.name ?? `worker pool (${options.module.href})`;
    this.onSpareBuffers = options.onSpareBuffers;
    const workerData: PoolWorkerData = { taskModule: options.module.href };
    this.slots = Array.from({ length: this.size }, () => {
      const slot: Slot = { worker: startTypeScriptWorker(new URL('./pool-worker.ts', import.meta.url), { workerData }), job: undefined };
      slot.worker.on('message', (response: PoolResponse) => this.onResponse(slot, response));
      slot.worker.on('error', (error) => this.breakPool(new Error(`${this.name}: a worker crashed: ${error.message}`, { cause: error })));
      slot.worker.on('exit', (code) => {
        if (!this.closed) this.breakPool(new Error(`${this.name}: a worker exited unexpectedly (code ${code})`));
      });
      return slot;
    });
  }

  run(input: In, transferList: readonly Transferable[] = []): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      if (this.closed) return reject(new Error(`${this.name} is closed`));
      this.queue.push({ id: this.nextId++, input, transferList, resolve: resolve as (output: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Tasks started or waiting. */
  get pending(): number {
    return this.queue.length + this.slots.filter((slot) => slot.job).length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new Error(`${this.name} was closed`));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    for (;;) {
      const slot = this.slots.find((candidate) => !candidate.job);
      const job = slot && this.queue.shift();
      if (!slot || !job) return;
      slot.job = job;
      const request: PoolRequest = { id: job.id, input: job.input };
      try {
        slot.worker.postMessage(request, job.transferList);
      } catch {
        try {
          // A buffer that cannot move (a slice of Node's shared Buffer pool): send a copy instead.
          slot.worker.postMessage(request);
        } catch (error) {
          // Not cloneable at all (a function, a class instance with private state): this task fails.
          slot.job = undefined;
          job.reject(error instanceof Error ? error : new Error(String(error)));
        }
      }
    }
  }

  private onResponse(slot: Slot, response: PoolResponse): void {
    const job = slot.job;
    if (!job || job.id !== response.id) return;
    slot.job = undefined;
    if (response.ok) {
      if (response.spare.length > 0) this.onSpareBuffers?.(response.spare);
      job.resolve(response.output);
    } else {
      const error = new Error(response.error.message);
      error.name = response.error.name;
      if (response.error.stack) error.stack = response.error.stack;
      job.reject(error);
    }
    this.dispatch();
  }

  private breakPool(error: Error): void {
    if (this.broken || this.closed) return;
    this.broken = error;
    this.failAll(error);
    // The other workers are of no use to a broken pool; terminating them lets the process exit.
    for (const slot of this.slots) void slot.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const slot of this.slots) {
      slot.job?.reject(error);
      slot.job = undefined;
    }
    for (const job of this.queue.splice(0)) job.reject(error);
  }
}
