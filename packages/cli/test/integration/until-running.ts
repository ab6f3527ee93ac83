import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningCli } from './run-cli.ts';

/** Polls `check` until it holds; fails with the process's output if the deadline passes or the process exits first. */
export async function untilRunning({ what, check, cli, deadline }: { what: string; check: () => Promise<boolean> | boolean; cli: RunningCli; deadline: number }): Promise<void> {
  while (!(await check())) {
    const { stdout, stderr } = cli.output();
    assert.ok(Date.now() < deadline, `${what} did not happen in time:\n${stdout}${stderr}`);
    assert.equal(cli.child.exitCode, null, `the process exited:\n${stdout}${stderr}`);
    await sleep(100);
  }
}

/** The log line `retryStart` writes while a worker waits for its backend. */
export const WAITING_TO_START = '"could not start the workers yet; trying again"';
