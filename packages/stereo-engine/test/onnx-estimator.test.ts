import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '@stereo-spot/shared-types';
import { createOnnxEstimator } from '../src/depth/onnx/create-onnx-estimator.js';
import type { OnnxEstimatorOptions } from '../src/depth/onnx/onnx-estimator-options.js';
import type { DepthEstimator } from '../src/depth-estimator.js';
import type { DepthMap } from '../src/frame.js';
import { channelModel, meanModel, PROBE_MARKER, probeModel, rankTwoOutputModel, rgbOutputModel } from './fixtures/onnx/build-test-models.js';
import { columnMean, lumaOf, rgbFrame, type RgbPlanes } from './fixtures/onnx/rgb-frames.js';

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/** Left half bright red, right half black. */
const redLeft = rgbFrame({ width: 64, height: 36, pixel: (x) => (x < 32 ? [255, 0, 0] : [0, 0, 0]) });

async function estimate({ estimator, rgb, index = 0 }: { estimator: DepthEstimator; rgb: RgbPlanes; index?: number }): Promise<DepthMap> {
  return estimator.estimate({ luma: lumaOf(rgb), rgb, index });
}

function isUsageError(pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('createOnnxEstimator', () => {
  let dir: string;
  const paths: Record<string, string> = {};
  const open: DepthEstimator[] = [];
  async function create(options: Omit<OnnxEstimatorOptions, 'modelPath'> & { model: string }): Promise<DepthEstimator> {
    const { model, ...rest } = options;
    const estimator = await createOnnxEstimator({ modelPath: paths[model]!, ...rest });
    open.push(estimator);
    return estimator;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onnx-estimator-'));
    const models = {
      red: channelModel({ channel: 0 }),
      mean: meanModel(),
      probeR: probeModel({ width: 42, height: 28, channel: 0 }),
      probeG: probeModel({ width: 42, height: 28, channel: 1 }),
      probeB: probeModel({ width: 42, height: 28, channel: 2 }),
      rgbOut: rgbOutputModel(),
      rankTwo: rankTwoOutputModel(),
      rankTwoMisdeclared: rankTwoOutputModel({ declared: [1, 1, 'height', 'width'] }),
    };
    for (const [name, bytes] of Object.entries(models)) {
      paths[name] = join(dir, `${name}.onnx`);
      await writeFile(paths[name], bytes);
    }
    paths.notOnnx = join(dir, 'not-a-model.onnx');
    await writeFile(paths.notOnnx, 'this is not a protobuf ModelProto\n');
  });
  after(async () => {
    await Promise.all(open.map((estimator) => estimator.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('asks for RGB and turns a bright red left half into near depth (defaults: 518×518, ImageNet)', async () => {
    const estimator = await create({ model: 'red' });
    assert.equal(estimator.needsRgb, true);
    const depth = await estimate({ estimator, rgb: redLeft });
    assert.deepEqual({ width: depth.width, height: depth.height }, { width: 518, height: 518 });
    assert.ok(depth.data.every((value) => value >= 0 && value <= 1));
    assert.ok(columnMean({ ...depth, x0: 0, x1: 250 }) > 0.99);
    assert.ok(columnMean({ ...depth, x0: 268, x1: 518 }) < 0.01);
  });

  it('honours inputWidth/inputHeight, rounded to multiples of 14 (or of sizeMultiple), and keepAspect', async () => {
    const rounded = await estimate({ estimator: await create({ model: 'mean', inputWidth: 30, inputHeight: 20 }), rgb: redLeft });
    assert.deepEqual([rounded.width, rounded.height], [28, 14]);
    const exact = await estimate({ estimator: await create({ model: 'mean', inputWidth: 30, inputHeight: 20, sizeMultiple: 1 }), rgb: redLeft });
    assert.deepEqual([exact.width, exact.height], [30, 20]);
    // 64×36 scaled to cover 56×56: 99.6×56, rounded to 98×56.
    const aspect = await estimate({ estimator: await create({ model: 'mean', inputWidth: 56, inputHeight: 56, keepAspect: true }), rgb: redLeft });
    assert.deepEqual([aspect.width, aspect.height], [98, 56]);
    assert.ok(columnMean({ ...aspect, x0: 0, x1: 45 }) > 0.99, 'red (mean of normalised channels is higher) stays near');
  });

  it('feeds the model each channel resized and normalised as configured (probe model shows its input)', async () => {
    // 84×56 → the model's fixed 42×28: each input pixel is the average of a 2×2 block.
    const frame = rgbFrame({ width: 84, height: 56, pixel: (x, y) => [x * 3, y * 4, 255 - x * 3] });
    const expectedAt = (x: number, y: number, channel: number, mean: readonly number[], std: readonly number[]): number => {
      const raw = channel === 0 ? 3 * (2 * x + 0.5) : channel === 1 ? 4 * (2 * y + 0.5) : 255 - 3 * (2 * x + 0.5);
      return (raw / 255 - mean[channel]!) / std[channel]!;
    };
    for (const [channel, model] of ['probeR', 'probeG', 'probeB'].entries()) {
      for (const [mean, std] of [[MEAN, STD], [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]] as const) {
        const estimator = await create({ model, mean: mean as [number, number, number], std: std as [number, number, number] });
        const depth = await estimate({ estimator, rgb: frame });
        // Fixed model dims win over the 518 default: output is the 42-wide channel above the two marker blocks.
        assert.deepEqual([depth.width, depth.height], [42, 84]);
        let worst = 0;
        for (let y = 0; y < 28; y++) {
          for (let x = 0; x < 42; x++) {
            const seen = depth.data[y * 42 + x]! * 2 * PROBE_MARKER - PROBE_MARKER;
            worst = Math.max(worst, Math.abs(seen - expectedAt(x, y, channel, mean, std)));
          }
        }
        assert.ok(worst < 1e-4, `channel ${channel}: model input off by ${worst}`);
      }
    }
  });

  it('rejects size options that a fixed-size model cannot take', async () => {
    await assert.rejects(create({ model: 'probeR', inputWidth: 518 }), isUsageError(/fixed 42×28 input/));
    await assert.rejects(create({ model: 'probeR', keepAspect: true }), isUsageError(/keepAspect needs a model with dynamic input size/));
    await assert.rejects(create({ model: 'red', inputWidth: 0 }), isUsageError(/inputWidth must be a positive integer/));
  });

  it('inverts a model that outputs depth (outputIsDepth)', async () => {
    // Identity normalisation: the model's "depth" is red/255: 1 on the left, 0.25 on the right.
    const frame = rgbFrame({ width: 64, height: 36, pixel: (x) => [x < 32 ? 255 : 64, 0, 0] });
    const identity = { mean: [0, 0, 0], std: [1, 1, 1], inputWidth: 56, inputHeight: 28 } as const;
    const inverse = await estimate({ estimator: await create({ model: 'red', ...identity }), rgb: frame });
    const depth = await estimate({ estimator: await create({ model: 'red', ...identity, outputIsDepth: true }), rgb: frame });
    assert.ok(columnMean({ ...inverse, x0: 0, x1: 26 }) > 0.99 && columnMean({ ...inverse, x0: 30, x1: 56 }) < 0.01);
    assert.ok(columnMean({ ...depth, x0: 0, x1: 26 }) < 0.01 && columnMean({ ...depth, x0: 30, x1: 56 }) > 0.99);
  });

  it('stabilises the normalisation range between frames and restarts it when the index goes back', async () => {
    const ramp = (top: number): RgbPlanes => rgbFrame({ width: 56, height: 14, pixel: (x) => [Math.round((top * x) / 55), 0, 0] });
    const options = { model: 'red', inputWidth: 56, inputHeight: 14 } as const;
    const steady = await create({ ...options });
    const jumpy = await create({ ...options, rangeSmoothing: 0 });
    for (const estimator of [steady, jumpy]) await estimate({ estimator, rgb: ramp(255), index: 0 });
    // The raw range shrinks to 3/4: renormalised on its own the brightest column jumps back to 1; stabilised it does not.
    const steadyNext = await estimate({ estimator: steady, rgb: ramp(191), index: 1 });
    const jumpyNext = await estimate({ estimator: jumpy, rgb: ramp(191), index: 1 });
    const brightest = (depth: DepthMap): number => columnMean({ ...depth, x0: 55, x1: 56 });
    assert.ok(brightest(jumpyNext) > 0.99);
    assert.ok(brightest(steadyNext) < 0.9 && brightest(steadyNext) > 0.75, `stabilised: ${brightest(steadyNext)}`);
    const restarted = await estimate({ estimator: steady, rgb: ramp(191), index: 0 });
    assert.ok(brightest(restarted) > 0.99);
  });

  it('runs overlapping calls one at a time with the same results', async () => {
    const estimator = await create({ model: 'mean', inputWidth: 56, inputHeight: 28, rangeSmoothing: 0 });
    const frames = [redLeft, rgbFrame({ width: 64, height: 36, pixel: (x, y) => [x * 4, y * 7, 128] }), redLeft];
    const together = await Promise.all(frames.map((rgb, index) => estimate({ estimator, rgb, index })));
    for (const [index, rgb] of frames.entries()) assert.deepEqual(together[index], await estimate({ estimator, rgb, index: index + 3 }));
  });

  it('fails clearly for a missing file or a file that is not an ONNX model', async () => {
    await assert.rejects(createOnnxEstimator({ modelPath: join(dir, 'nope.onnx') }), isUsageError(/Depth model file not found: .*nope\.onnx/));
    await assert.rejects(createOnnxEstimator({ modelPath: paths.notOnnx! }), isUsageError(/Could not load depth model .*not-a-model\.onnx: not a valid ONNX model/));
  });

  it('rejects outputs that are not one depth map: at load when the shape is known, else on the first frame', async () => {
    await assert.rejects(create({ model: 'rgbOut' }), isUsageError(/output 'depth' has shape \[1, 3, height, width\]; expected \[1, H, W\] or \[1, 1, H, W\]/));
    await assert.rejects(create({ model: 'rankTwo' }), isUsageError(/output 'depth' has shape \[height, width\]/));
    const estimator = await create({ model: 'rankTwoMisdeclared', inputWidth: 28, inputHeight: 14 });
    await assert.rejects(estimate({ estimator, rgb: redLeft }), isUsageError(/output 'depth' has shape \[14, 28\]/));
  });

  it("fails with a UsageError when 'cuda' is asked and CUDA is not available (no silent CPU fallback)", async () => {
    let estimator: DepthEstimator | undefined;
    try {
      estimator = await createOnnxEstimator({ modelPath: paths.red!, executionProvider: 'cuda', inputWidth: 28, inputHeight: 14 });
    } catch (error) {
      isUsageError(/CUDA execution provider is not available.*use executionProvider 'cpu'/s)(error);
      return;
    }
    // A machine with a GPU and onnxruntime's CUDA libraries: the same model must run there.
    try {
      assert.deepEqual([(await estimate({ estimator, rgb: redLeft })).width], [28]);
    } finally {
      await estimator.close();
    }
  });

  it('needs the RGB planes, and refuses to run after close()', async () => {
    const estimator = await createOnnxEstimator({ modelPath: paths.red!, inputWidth: 28, inputHeight: 14 });
    await assert.rejects(estimator.estimate({ luma: lumaOf(redLeft), index: 0 }), /needs the frame as RGB/);
    await estimator.close();
    await estimator.close();
    await assert.rejects(estimate({ estimator, rgb: redLeft }), /after close/);
  });

  it('measures per-frame time with a trivial model (resize + normalise + inference + normalisation)', async (t) => {
    for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
      const estimator = await create({ model: 'mean' });
      const rgb = rgbFrame({ width, height, pixel: (x, y) => [x & 255, y & 255, (x + y) & 255] });
      const luma = lumaOf(rgb);
      await estimator.estimate({ luma, rgb, index: 0 }); // warm-up
      const frames = 10;
      const started = performance.now();
      for (let index = 1; index <= frames; index++) await estimator.estimate({ luma, rgb, index });
      const perFrame = (performance.now() - started) / frames;
      t.diagnostic(`${width}x${height} → 518x518, trivial model: ${perFrame.toFixed(1)} ms/frame`);
      assert.ok(perFrame < 1000);
    }
  });
});
