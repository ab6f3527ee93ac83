import * as ort from 'onnxruntime-node';
import { UsageError } from '@stereo-spot/shared-types';
import type { DepthEstimator } from '../../depth-estimator.js';
import type { DepthMap, Plane } from '../../frame.js';
import { checkSizeOptions, modelInputSize } from './model-input-size.js';
import { ONNX_ESTIMATOR_DEFAULTS, type OnnxEstimatorOptions, type Rgb } from './onnx-estimator-options.js';
import { openDepthSession, type DepthSession } from './open-depth-session.js';
import { readDepthOutput } from './read-depth-output.js';
import { RgbInputWriter } from './rgb-input-writer.js';
import { StabilisedDepthNormaliser } from './stabilised-depth-normaliser.js';

type EstimateArgs = Parameters<DepthEstimator['estimate']>[0];
/** Options with their defaults applied. */
type Settings = Required<Omit<OnnxEstimatorOptions, 'threads'>> & Pick<OnnxEstimatorOptions, 'threads'>;

function checkRgb({ name, value }: { name: string; value: Rgb }): void {
  if (value.length !== 3 || !value.every(Number.isFinite)) throw new UsageError(`${name} must be three finite numbers (R, G, B), got [${value.join(', ')}]`);
}

/**
 * Depth from a relative-depth ONNX model (Depth Anything V2, MiDaS…) run with ONNX Runtime. Loads and checks the
 * model now (UsageError for a missing or invalid file, unavailable CUDA, or size options the model rejects); each
 * `estimate` returns the model's output map, normalised to [0, 1] (1 = nearest), at the model's output resolution.
 */
export async function createOnnxEstimator(options: OnnxEstimatorOptions): Promise<DepthEstimator> {
  const settings: Settings = { ...ONNX_ESTIMATOR_DEFAULTS, ...withoutUndefined(options) };
  checkRgb({ name: 'mean', value: settings.mean });
  checkRgb({ name: 'std', value: settings.std });
  if (!settings.std.every((value) => value > 0)) throw new UsageError(`std must be positive, got [${settings.std.join(', ')}]`);
  if (settings.executionProvider !== 'cpu' && settings.executionProvider !== 'cuda') {
    throw new UsageError(`executionProvider must be 'cpu' or 'cuda', got '${String(settings.executionProvider)}'`);
  }
  let normaliser: StabilisedDepthNormaliser;
  try {
    normaliser = new StabilisedDepthNormaliser({ percentiles: settings.percentiles, smoothing: settings.rangeSmoothing });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const depthSession = await openDepthSession({ modelPath: settings.modelPath, executionProvider: settings.executionProvider, threads: settings.threads });
  try {
    checkSizeOptions({ inputWidth: options.inputWidth, inputHeight: options.inputHeight, keepAspect: settings.keepAspect, sizeMultiple: settings.sizeMultiple, fixed: depthSession.fixedInput, modelPath: settings.modelPath });
  } catch (error) {
    await depthSession.session.release();
    throw error;
  }
  return new OnnxDepthEstimator({ depthSession, settings, normaliser, writer: new RgbInputWriter({ mean: settings.mean, std: settings.std }) });
}

/** `{ inputWidth: undefined }` must not override a default. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

class OnnxDepthEstimator implements DepthEstimator {
  readonly needsRgb = true;
  readonly #depthSession: DepthSession;
  readonly #settings: Settings;
  readonly #normaliser: StabilisedDepthNormaliser;
  readonly #writer: RgbInputWriter;
  #tensor: ort.Tensor | undefined;
  #lastIndex = -Infinity;
  #closed = false;
  /** Calls run one at a time: the input buffer is shared between frames. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(args: { depthSession: DepthSession; settings: Settings; normaliser: StabilisedDepthNormaliser; writer: RgbInputWriter }) {
    this.#depthSession = args.depthSession;
    this.#settings = args.settings;
    this.#normaliser = args.normaliser;
    this.#writer = args.writer;
  }

  estimate(args: EstimateArgs): Promise<DepthMap> {
    const result = this.#tail.then(() => this.#estimateNow(args));
    this.#tail = result.catch(() => undefined);
    return result;
  }

  async #estimateNow({ rgb, index }: EstimateArgs): Promise<DepthMap> {
    if (this.#closed) throw new Error('OnnxDepthEstimator.estimate called after close()');
    if (!rgb) throw new Error('The onnx depth estimator needs the frame as RGB (needsRgb is true) but got none');
    checkPlanes(rgb);
    const { session, inputName, outputName, fixedInput } = this.#depthSession;
    const size = modelInputSize({
      frame: rgb.r,
      requested: { width: this.#settings.inputWidth, height: this.#settings.inputHeight },
      sizeMultiple: this.#settings.sizeMultiple,
      keepAspect: this.#settings.keepAspect,
      fixed: fixedInput,
    });
    const input = this.#writer.write({ rgb, size });
    // The writer reuses its buffer while sizes hold; wrap it in a tensor only when it changes.
    if (this.#tensor?.data !== input) this.#tensor = new ort.Tensor('float32', input, [1, 3, size.height, size.width]);
    const outputs = await session.run({ [inputName]: this.#tensor });
    const output = outputs[outputName]!;
    const { width, height, values } = readDepthOutput({ data: output.data, dims: output.dims, name: outputName, outputIsDepth: this.#settings.outputIsDepth });
    // A new sequence (index went back) must not inherit the previous one's depth scale.
    if (index <= this.#lastIndex) this.#normaliser.reset();
    this.#lastIndex = index;
    return { width, height, data: this.#normaliser.normalise(values) };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#tail;
    await this.#depthSession.session.release();
  }
}

function checkPlanes({ r, g, b }: { r: Plane; g: Plane; b: Plane }): void {
  for (const plane of [r, g, b]) {
    if (plane.width !== r.width || plane.height !== r.height || plane.data.length < plane.width * plane.height) {
      throw new Error(`RGB planes must share one size with full data: got ${[r, g, b].map((p) => `${p.width}x${p.height}/${p.data.length}`).join(', ')}`);
    }
  }
}
