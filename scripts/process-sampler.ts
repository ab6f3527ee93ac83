import { descendants, openFileCount, readProcKb } from './proc-stats.ts';

export interface ProcessSample {
  /** Milliseconds since the sampler started. */
  at: number;
  /** What the run was doing then (set with `phase`). */
  phase: string;
  rssKb: number;
  openFiles: number;
  /** Summed resident memory of the process's descendants (ffmpeg), kept apart from the process's own. */
  childrenRssKb: number;
  children: number;
}

export interface ProcessSampler {
  readonly samples: readonly ProcessSample[];
  /** Labels the samples taken from now on. */
  phase(name: string): void;
  stop(): Promise<void>;
}

/** Samples a process's RSS, open file count and its children's RSS every `intervalMs` (Linux /proc). */
export function startProcessSampler({ pid, intervalMs = 1000 }: { pid: number; intervalMs?: number }): ProcessSampler {
  const started = Date.now();
  const samples: ProcessSample[] = [];
  let phase = 'start';
  let inFlight: Promise<void> = Promise.resolve();
  const sample = async () => {
    const at = Date.now() - started;
    const [rssKb, openFiles, kids] = await Promise.all([readProcKb(pid, 'VmRSS'), openFileCount(pid), descendants(pid)]);
    const childRss = await Promise.all(kids.map((kid) => readProcKb(kid, 'VmRSS')));
    // A process that has exited reads as 0: no sample rather than a false drop.
    if (rssKb > 0) samples.push({ at, phase, rssKb, openFiles, childrenRssKb: childRss.reduce((a, b) => a + b, 0), children: kids.length });
  };
  const timer = setInterval(() => {
    // A slow /proc read on a busy machine must not pile samples up.
    inFlight = inFlight.then(sample);
  }, intervalMs);
  inFlight = sample();
  return {
    samples,
    phase: (name) => void (phase = name),
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
