import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNBOOKS = fileURLToPath(new URL('../../../docs/RUNBOOKS.md', import.meta.url));
const CLI = fileURLToPath(new URL('../../cli/bin/stereo-spot.js', import.meta.url));

/**
 * The shell block that follows `<!-- walkthrough: NAME -->` in docs/RUNBOOKS.md, exactly as an operator reads it:
 * the runbook tests run these, so a step that stops working fails a test.
 */
export async function readWalkthrough(name: string): Promise<string> {
  const text = await readFile(RUNBOOKS, 'utf8');
  const marker = `<!-- walkthrough: ${name} -->\n\`\`\`sh\n`;
  const start = text.indexOf(marker);
  if (start < 0) throw new Error(`docs/RUNBOOKS.md has no walkthrough "${name}"`);
  const body = text.slice(start + marker.length);
  return body.slice(0, body.indexOf('\n```'));
}

export interface WalkthroughResult {
  code: number | null;
  /** Each command as bash ran it (`set -x`), interleaved with what it printed. */
  transcript: string;
}

/**
 * Runs a walkthrough with bash (`-euo pipefail`: the first failing step stops it) in `cwd`, with `stereo-spot` on
 * the PATH as the runbook assumes (this checkout's CLI) and `env` added to the environment. `pathFirst` folders
 * come before everything else on the PATH (for tools a test has to wrap).
 */
export async function runWalkthrough({ script, cwd, env = {}, pathFirst = [] }: { script: string; cwd: string; env?: Record<string, string>; pathFirst?: string[] }): Promise<WalkthroughResult> {
  const bin = join(cwd, '.walkthrough-bin');
  await mkdir(bin, { recursive: true });
  const shim = join(bin, 'stereo-spot');
  await writeFile(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  await chmod(shim, 0o755);
  const child = spawn('bash', ['-euo', 'pipefail', '-x', '-c', script], {
    cwd,
    env: { ...process.env, ...env, PATH: [...pathFirst, bin, process.env.PATH ?? ''].join(delimiter) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let transcript = '';
  child.stdout.on('data', (chunk: Buffer) => (transcript += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (transcript += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, transcript };
}
