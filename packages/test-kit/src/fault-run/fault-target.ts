import type { ChildProcess } from 'node:child_process';
import type { Backend } from '@stereo-spot/shared-types';

/** A worker process of the run, and what it printed once it has exited: its JSON log lines, and its errors. */
export interface FaultWorkerProcess {
  child: ChildProcess;
  result: Promise<{ stdout: string; stderr: string }>;
}

/** A fault that strikes now and then while the jobs run (storage locked, requests throttled, records replayed). */
export interface FaultDisturbance {
  /** Runs until `signal` aborts; resolves with what it did, by name, for the printed counts. */
  run(args: { signal: AbortSignal; random: () => number }): Promise<Record<string, number>>;
}

/** The backend a fault run works on: the embedded data dir, or the AWS emulators. */
export interface FaultTarget {
  name: string;
  /** Ports in this process: jobs are submitted, stray messages sent and results read through them. */
  backend: Backend;
  /** Ports the in-process chunking worker uses (default `backend`): the same route as the worker processes. */
  chunkerBackend?: Backend;
  /** A `stereo-spot worker all` process on this backend, one message at a time. */
  startWorker(): FaultWorkerProcess;
  /** A chunking worker in this process on the given ports (which the run wraps to finish chunking late). */
  startChunker(backend: Backend): { stop(args?: { graceMs?: number }): Promise<void> };
  disturbances: FaultDisturbance[];
  /** Jobs the target itself made race (every segment converted before `chunking_complete` was written). */
  racedJobs?(): ReadonlySet<string>;
  /** How often a job's final file was stored, when the backend can tell (otherwise the workers' logs say). */
  finalWrites?(jobId: string): number;
  close(): Promise<void>;
}
