/**
 * Runs the stereo engine alone on one file (no queues, no storage): what `bench:engine` measures.
 *   node --import tsx scripts/engine-run.ts <input> <output> <format> [heuristic|passthrough]
 */
import { convertVideo } from '@stereo-spot/stereo-engine';
import { parseOutputFormat } from '@stereo-spot/shared-types';

const [input, output, formatName = 'sbs-full'] = process.argv.slice(2);
const format = parseOutputFormat(formatName);
if (!input || !output || !format) {
  console.error('usage: engine-run <input> <output> <format>');
  process.exit(2);
}
const { frames } = await convertVideo({ inputPath: input, outputPath: output, format, estimator: { kind: 'heuristic' } });
console.log(JSON.stringify({ frames }));
