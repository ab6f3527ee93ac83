export interface ReassemblyLockRecord {
  job_id: string;
  triggered_at: number;
  reassembly_started_at?: number;
  /** Who holds the reassembly lease, and until when (epoch ms). */
  owner?: string;
  lease_until?: number;
  /** Epoch seconds after which the record may be expired by the store. */
  ttl: number;
}

/** The ReassemblyTriggered table: one trigger per job, one reassembly at a time. */
export interface ReassemblyLock {
  /** Conditional create (`attribute_not_exists(job_id)`): true only for the one caller that created it. */
  tryCreate(args: { jobId: string; ttlSec: number }): Promise<boolean>;
  /**
   * Conditional update that sets `reassembly_started_at` when absent, or takes over a lease that expired
   * (its holder died): true for the one caller that now holds the lease.
   */
  tryAcquire(args: { jobId: string; owner: string; leaseSec: number }): Promise<boolean>;
  /** Extends the lease while the holder works; false if it is no longer the holder. */
  renew(args: { jobId: string; owner: string; leaseSec: number }): Promise<boolean>;
  /** Gives the lease up early (after a retryable failure) so the next attempt need not wait for it to expire. */
  release(args: { jobId: string; owner: string }): Promise<void>;
  get(jobId: string): Promise<ReassemblyLockRecord | undefined>;
  /**
   * Deletes the job's record, so the trigger can fire again: an operator's retry of a failed reassembly. Only
   * for a job no worker is reassembling (it is `failed`); a no-op when there is none.
   */
  clear(jobId: string): Promise<void>;
}
