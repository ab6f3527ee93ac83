/**
 * npm run demo — generates a 20-second test clip (H.264 + AAC) with ffmpeg and converts it with the CLI,
 * exactly as `stereo-spot convert` would on your own video.
 */
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateClip } from '@stereo-spot/test-kit';

const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'demo-output');
await mkdir(dir, { recursive: true });
const input = join(dir, 'demo.mp4');
await generateClip({ path: input, durationSec: 20, width: 1280, height: 720, fps: 25, audioTracks: 1, gop: 50 });
const args = [join(root, 'packages/cli/bin/stereo-spot.js'), 'convert', input, '-o', join(dir, 'demo_LR.mp4'), '--segment-seconds', '5', '--data-dir', join(dir, '.stereo-spot')];
process.stderr.write(`$ stereo-spot ${args.slice(1).join(' ')}\n`);
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
