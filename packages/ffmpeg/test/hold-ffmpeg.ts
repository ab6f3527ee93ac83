// A parent for spawn-in-own-group.test.ts: runs a long ffmpeg, prints its pid, survives SIGINT (prints it) and
// exits on SIGTERM with ffmpeg still running, so the test can see what reaches the child and what outlives us.
import { childPidsKilledOnExit, runFfmpeg } from '../src/index.js';

process.on('SIGINT', () => process.stdout.write('parent got SIGINT\n'));
process.on('SIGTERM', () => process.exit(0));
runFfmpeg({ args: ['-re', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=25', '-t', '600', '-f', 'null', '-'] }).then(
  () => process.stdout.write('ffmpeg ended\n'),
  (error: unknown) => process.stdout.write(`ffmpeg failed: ${(error as Error).message}\n`),
);
const announce = setInterval(() => {
  const [pid] = childPidsKilledOnExit();
  if (pid === undefined) return;
  clearInterval(announce);
  process.stdout.write(`ffmpeg pid ${pid}\n`);
}, 20);
