import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClip } from '@stereo-spot/test-kit';
import { startAwsEmulators, startAwsPipeline, type AwsPipeline } from '../../src/index.ts';

/** What the operator suites on AWS start from: the emulators, a stack without workers, a scratch folder and a clip. */
export interface OperatorStack {
  pipeline: AwsPipeline;
  dir: string;
  /** A 160×96 clip at 25 fps with one audio track. */
  clip: string;
  stop(): Promise<void>;
}

/**
 * No workers run in the test process unless a test starts them: the CLI's processes (or the runbook's commands)
 * are what is under test. The trigger Lambda runs here, as on AWS.
 */
export async function startOperatorStack({ name, clipSeconds, pipeline: options = {} }: { name: string; clipSeconds: number; pipeline?: Omit<Parameters<typeof startAwsPipeline>[0], 'emulators' | 'startWorkers'> }): Promise<OperatorStack> {
  const emulators = await startAwsEmulators();
  const pipeline = await startAwsPipeline({ ...options, emulators, startWorkers: false });
  const dir = await mkdtemp(join(tmpdir(), `stereo-spot-${name}-`));
  const clip = join(dir, 'clip.mp4');
  await generateClip({ path: clip, durationSec: clipSeconds, width: 160, height: 96, fps: 25, gop: 25, audioTracks: 1 });
  return {
    pipeline,
    dir,
    clip,
    async stop() {
      await pipeline.stop();
      await emulators.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
