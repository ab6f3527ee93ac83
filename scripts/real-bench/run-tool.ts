import { spawnSync } from 'node:child_process';

/** Runs a tool to completion and returns its stdout; throws with the tail of its stderr when it fails. */
export function runTool({ command, args, input, cwd }: { command: string; args: string[]; input?: Uint8Array; cwd?: string }): Buffer {
  // Large buffers: a decoded clip comes back whole (vtest's 120 frames of luma are ~53 MB).
  const result = spawnSync(command, args, { input, cwd, maxBuffer: 2 * 1024 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr.toString().slice(-2000)}`);
  return result.stdout;
}
