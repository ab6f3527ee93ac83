import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { killOnExit } from './kill-children-on-exit.js';

/**
 * Spawns a tool (ffmpeg, ffprobe) in its own process group. A Ctrl-C at a terminal sends SIGINT to the whole
 * foreground group; in ours it would kill ffmpeg at once ("exited with code 255") and leave the grace period with
 * nothing to finish. In its own group the child hears only what Node tells it: it finishes within the grace period
 * or is SIGKILLed on abort. It is not unref'd (the parent still waits for it) and is SIGKILLed if this process
 * exits first.
 */
export function spawnInOwnGroup({ bin, args, stdio, cwd }: { bin: string; args: readonly string[]; stdio: StdioOptions; cwd?: string }): ChildProcess {
  const child = spawn(bin, args, { cwd, stdio, detached: true });
  killOnExit(child);
  return child;
}
