/** Where inference runs. Only the CPU provider ships inside onnxruntime-node's npm package. */
export type OnnxExecutionProvider = 'cpu' | 'cuda';

export type Rgb = readonly [number, number, number];

export interface OnnxEstimatorOptions {
  /** Path of the `.onnx` file (see `resolveModelPath` for `--model` / `STEREO_DEPTH_MODEL`). */
  modelPath: string;
  /**
   * Model input size. Default 518×518 (Depth Anything V2). Rounded to the nearest multiple of `sizeMultiple`.
   * Ignored in favour of the model's own size when its input has fixed spatial dimensions (an explicit value that
   * disagrees with them is a UsageError).
   */
  inputWidth?: number;
  inputHeight?: number;
  /** Patch size the model's input sides must be multiples of. Default 14 (ViT patches of DA-V2); MiDaS uses 32. */
  sizeMultiple?: number;
  /**
   * Default false: the frame is stretched to `inputWidth × inputHeight`. true: the frame keeps its aspect ratio and
   * is scaled to cover that box (DA-V2's own "lower bound" resize), which needs dynamic spatial input dimensions.
   */
  keepAspect?: boolean;
  /** Per-channel RGB normalisation on 0..1 values: `(v - mean) / std`. Defaults: ImageNet. */
  mean?: Rgb;
  std?: Rgb;
  /**
   * Default 'cpu'. 'cuda' when the CUDA provider cannot be loaded fails with a UsageError rather than falling back:
   * a silent CPU fallback would make a job many times slower than planned with nothing to show why.
   */
  executionProvider?: OnnxExecutionProvider;
  /**
   * Default false: the output is relative inverse depth (MiDaS, Depth Anything: larger = nearer). true: the output
   * is depth (larger = farther, e.g. metric metres, must be positive) and is turned into inverse depth (1 / d).
   */
  outputIsDepth?: boolean;
  /** Percentiles of the output mapped to 0 and 1 (outliers beyond them are clamped). Default [2, 98]. */
  percentiles?: readonly [number, number];
  /**
   * Weight (0 ≤ w < 1) kept from the previous frames' normalisation range, so the depth scale does not jump from
   * frame to frame. 0 = every frame normalised on its own. Default 0.8.
   */
  rangeSmoothing?: number;
  /** ONNX Runtime intra-op threads. Default: ONNX Runtime's choice (all cores). */
  threads?: number;
}

export const ONNX_ESTIMATOR_DEFAULTS = {
  inputWidth: 518,
  inputHeight: 518,
  sizeMultiple: 14,
  keepAspect: false,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  executionProvider: 'cpu',
  outputIsDepth: false,
  percentiles: [2, 98],
  rangeSmoothing: 0.8,
} as const satisfies Omit<Required<OnnxEstimatorOptions>, 'modelPath' | 'threads'>;
