/**
 * npm run bench:real — how much true depth the depth estimator puts into REAL pictures and footage, scored on its
 * depth map directly (no rendering, no stereo matching). The TypeScript counterpart of ../shared/real-bench (whose
 * real_depth.py scores the converter's full output through OpenCV SGBM): the same scenes, the same scores, the same
 * data cache.
 *
 * Data: OpenCV's sample data from Debian's `opencv-doc` package (`apt-get download`, unpacked with `dpkg -x`, the
 * files used kept in $REAL_BENCH_CACHE/data, default ~/.cache/stereo-spot-real-bench; nothing is committed).
 *
 * Scenes (Middlebury's "Aloe" — a plant before a patterned cloth — at width W with its true disparity; each is
 * encoded with libx264 crf 12 and decoded again, so the estimator sees real compression; cached in scenes/NAME/):
 *   aloe-still       the picture held still, 24 frames: single-frame cues only.
 *   aloe-dof         the same with a shallow depth of field (focus on the nearest surfaces, the 95th percentile of
 *                    disparity; blur up to sigma 6 px growing with distance from them, 9 Gaussian layers), 24 frames.
 *   aloe-pan-right   the camera moves sideways to the right by 1 stereo baseline and back (48 frames): every pixel
 *                    moves left by its share of its true disparity, near ones covering far ones; uncovered pixels
 *                    are inpainted and have no truth.
 *   aloe-pan-left    the same to the left by 0.7 baseline.
 *   aloe-tilt        the camera moves vertically by 0.7 baseline and back: pixels move up by their share of
 *                    disparity — vertical parallax, which a horizontal-only motion model misses.
 *   aloe-pan-zoom    a sideways move of 0.8 baseline plus a zoom of 0–4 % and a roll of ±1° about the centre: the
 *                    camera's motion is no longer a translation, the background itself flows.
 *   vtest            the first 12 s (120 frames) of OpenCV's street video: still camera, people walking; no truth.
 *
 * Scores (as real_depth.py, on depth read as the disparity the converter would give it at 3 % divergence, so that
 * the tie rule |Δ| < 0.25 px means the same): ordinal — over 200,000 random pixel pairs whose truth differs by more
 * than 10 % of its 2–98 % span, the share ordered as the truth orders them (tie ½); spearman — rank correlation
 * over ≤ 60,000 random pixels; median over every 4th frame, and the worst frame's ordinal. The ramp baseline
 * ("lower row = nearer") is scored on the same truth and pixels. Footage: flicker — median std-dev over time of the
 * disparity on pixels whose source never changes ÷ its 2–98 % span; movers_ahead — share of moving blobs whose
 * disparity is above their still surroundings' (0.5 = chance); over the first 120 frames, every 2nd.
 *
 * Env: SCENES (space or comma separated; default all), DEPTH (heuristic | ramp: the ramp must score exactly the
 * ramp baseline), W (640), REAL_BENCH_CACHE. Flag --json: one JSON object per scene instead of the table.
 */
import { join } from 'node:path';
import { realBenchCacheDir } from './real-bench/cache-dir.ts';
import { fetchOpencvData } from './real-bench/fetch-opencv-data.ts';
import { compressScene } from './real-bench/compress-scene.ts';
import { formatJson, formatRow, TABLE_HEADER, type SceneResult } from './real-bench/format-row.ts';
import { loadAloeTruth, type PictureWithTruth } from './real-bench/load-aloe-truth.ts';
import { makeTruthScene } from './real-bench/make-truth-scene.ts';
import { estimatorKind, pickEstimator } from './real-bench/pick-estimator.ts';
import { prepareVtest } from './real-bench/prepare-vtest.ts';
import { readVideo } from './real-bench/read-video.ts';
import { ALL_SCENES, TRUTH_SCENES } from './real-bench/real-scenes.ts';
import { scoreFootageScene } from './real-bench/score-footage-scene.ts';
import { scoreTruthScene } from './real-bench/score-truth-scene.ts';

const json = process.argv.includes('--json');
const width = Number(process.env.W ?? 640);
const depth = estimatorKind(process.env.DEPTH);
const scenes = (process.env.SCENES ?? ALL_SCENES.join(' ')).split(/[\s,]+/).filter(Boolean);
const unknown = scenes.filter((s) => !ALL_SCENES.includes(s));
if (unknown.length > 0) throw new Error(`unknown scene(s) ${unknown.join(', ')}; known: ${ALL_SCENES.join(', ')}`);

const started = Date.now();
const cacheDir = realBenchCacheDir();
const dataDir = fetchOpencvData({ cacheDir });
let aloe: PictureWithTruth | undefined;
const log = (line: string) => process.stderr.write(`${line}\n`);

if (!json) {
  console.log(`bench:real — depth estimator ${depth}, Aloe at ${width} px wide, depth read as disparity at 3 % divergence`);
  for (const line of TABLE_HEADER) console.log(line);
}
for (const name of scenes) {
  const sceneStart = Date.now();
  let result: SceneResult;
  const recipe = TRUTH_SCENES[name];
  if (recipe) {
    aloe ??= loadAloeTruth({ dataDir, width });
    const scene = makeTruthScene({ aloe, recipe });
    const lumas = compressScene({ scene, dir: join(cacheDir, 'scenes', name) });
    result = { scene: name, truth: await scoreTruthScene({ scene, lumas, estimator: pickEstimator(depth) }) };
  } else {
    const path = prepareVtest({ dataDir, cacheDir });
    const frames = 120;
    const lumas = readVideo({ path, frames, kind: 'luma' });
    const sources = readVideo({ path, frames, kind: 'gray' });
    result = { scene: name, footage: await scoreFootageScene({ lumas, sources, estimator: pickEstimator(depth), frames }) };
  }
  console.log(json ? formatJson(result) : formatRow(result));
  log(`${name}: ${((Date.now() - sceneStart) / 1000).toFixed(1)} s`);
}
log(`bench:real done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
