import { spawn } from 'node:child_process';
import { descendants, readProcKb } from './proc-stats.ts';
import { ThreadCpuSampler, type CpuClass } from './thread-cpu.ts';

export interface Measurement {
  seconds: number;
  /** Peak resident memory of the process itself (VmHWM). */
  peakRssMb: number;
  /** Peak of the summed resident memory of the process and all its descendants (ffmpeg children). */
  peakTreeRssMb: number;
  /** CPU seconds of the process tree by thread class (see thread-cpu.ts), sampled every 100 ms. */
  cpu: Record<CpuClass, number>;
  stdout: string;
}

/** Runs a command to its end, sampling the memory and the CPU time of its process tree every 100 ms (Linux /proc). */
export async function measureProcess(command: string, args: string[]): Promise<Measurement> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let peakSelf = 0;
  let peakTree = 0;
  const cpu = new ThreadCpuSampler(child.pid ?? 0);
  const poll = setInterval(async () => {
    const pid = child.pid;
    if (!pid) return;
    await cpu.sample();
    peakSelf = Math.max(peakSelf, await readProcKb(pid, 'VmHWM'));
    let tree = await readProcKb(pid, 'VmRSS');
    for (const descendant of await descendants(pid)) tree += await readProcKb(descendant, 'VmRSS');
    peakTree = Math.max(peakTree, tree);
  }, 100);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearInterval(poll);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: peakSelf / 1024, peakTreeRssMb: peakTree / 1024, cpu: cpu.seconds(), stdout };
}
