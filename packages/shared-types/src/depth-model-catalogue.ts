/**
 * Known ONNX depth models a person can fetch with `stereo-spot models fetch NAME`: where each is downloaded from,
 * its licence, and the settings the ONNX depth estimator needs to run it (so nobody types a normalisation).
 *
 * `estimator` uses the option names of the stereo engine's `OnnxEstimatorOptions` (inputWidth, inputHeight,
 * sizeMultiple, keepAspect, mean, std, outputIsDepth), so it can be spread into them as it is.
 *
 * Checksums: `sha256` and `sizeBytes` are pinned only where known for certain. An unpinned model's size and
 * SHA-256 are recorded beside it at its first fetch and checked from then on (trust on first use); `models fetch`
 * prints them so they can be pinned here.
 */

/** Every catalogue name. A new model must be added to `DEPTH_MODEL_CATALOGUE` before this compiles. */
export const CATALOGUE_MODEL_NAMES = ['da-v2-small', 'da-v2-base', 'da-v2-large', 'midas-v21-small'] as const;
export type CatalogueModelName = (typeof CATALOGUE_MODEL_NAMES)[number];

export type Rgb3 = readonly [number, number, number];

export interface ModelLicence {
  /** SPDX identifier, e.g. `Apache-2.0`, `CC-BY-NC-4.0`, `MIT`. */
  spdx: string;
  /** Whether the licence allows commercial use. false: `models fetch` shows it and needs `--accept-license`. */
  commercialUse: boolean;
  /** Where the licence (or the model card stating it) is published. */
  url: string;
}

/** The ONNX estimator's settings for a model, named as in `OnnxEstimatorOptions`. */
export interface CatalogueEstimatorSettings {
  /** Input size; a model with fixed spatial input dimensions uses its own. */
  inputWidth: number;
  inputHeight: number;
  /** Input sides are multiples of this: 14 for DINOv2 (ViT patch 14) based Depth Anything, 32 for MiDaS. */
  sizeMultiple: number;
  keepAspect: boolean;
  /** Per-channel normalisation of 0..1 RGB values: (v - mean) / std. */
  mean: Rgb3;
  std: Rgb3;
  /** false: the output is relative inverse depth (larger = nearer); true: depth (larger = farther). */
  outputIsDepth: boolean;
}

export type ModelOutputKind = 'relative-inverse-depth' | 'relative-depth' | 'metric-depth';

/** Rough speed class for choosing a model (and, later, for the web form). */
export type ModelSpeed = 'fast' | 'medium' | 'slow';

export interface CatalogueModel {
  name: CatalogueModelName;
  /** One line for `models list`. */
  title: string;
  /** HTTPS download URL of the `.onnx` file (redirects are followed). */
  url: string;
  /** Exact size in bytes, pinned only where known for certain. */
  sizeBytes?: number;
  /** About how big the download is, for display only (never checked). */
  approxBytes: number;
  /** Lower-case hex SHA-256, pinned only where known for certain. */
  sha256?: string;
  licence: ModelLicence;
  output: ModelOutputKind;
  speed: ModelSpeed;
  /** Which machine it suits. */
  hardware: string;
  estimator: CatalogueEstimatorSettings;
}

const IMAGENET_MEAN: Rgb3 = [0.485, 0.456, 0.406];
const IMAGENET_STD: Rgb3 = [0.229, 0.224, 0.225];

/** Depth Anything V2 (DINOv2 ViT, patch 14; 518 px short side as trained; ImageNet normalisation). */
const DEPTH_ANYTHING_V2: CatalogueEstimatorSettings = {
  inputWidth: 518,
  inputHeight: 518,
  sizeMultiple: 14,
  keepAspect: false,
  mean: IMAGENET_MEAN,
  std: IMAGENET_STD,
  outputIsDepth: false,
};

const CC_BY_NC_4: ModelLicence = { spdx: 'CC-BY-NC-4.0', commercialUse: false, url: 'https://creativecommons.org/licenses/by-nc/4.0/' };

export const DEPTH_MODEL_CATALOGUE: { readonly [N in CatalogueModelName]: CatalogueModel & { name: N } } = {
  'da-v2-small': {
    name: 'da-v2-small',
    title: 'Depth Anything V2 Small (ViT-S, 25M parameters)',
    url: 'https://huggingface.co/onnx-community/depth-anything-v2-small/resolve/main/onnx/model.onnx',
    approxBytes: 99_000_000,
    licence: { spdx: 'Apache-2.0', commercialUse: true, url: 'https://huggingface.co/depth-anything/Depth-Anything-V2-Small' },
    output: 'relative-inverse-depth',
    speed: 'medium',
    hardware: 'any CPU (well below real time at 518 px); many times faster on a GPU (CUDA)',
    estimator: DEPTH_ANYTHING_V2,
  },
  'da-v2-base': {
    name: 'da-v2-base',
    title: 'Depth Anything V2 Base (ViT-B, 98M parameters)',
    url: 'https://huggingface.co/onnx-community/depth-anything-v2-base/resolve/main/onnx/model.onnx',
    approxBytes: 390_000_000,
    licence: { ...CC_BY_NC_4, url: 'https://huggingface.co/depth-anything/Depth-Anything-V2-Base' },
    output: 'relative-inverse-depth',
    speed: 'slow',
    hardware: 'a GPU (CUDA); slow on a CPU',
    estimator: DEPTH_ANYTHING_V2,
  },
  'da-v2-large': {
    name: 'da-v2-large',
    title: 'Depth Anything V2 Large (ViT-L, 335M parameters)',
    url: 'https://huggingface.co/onnx-community/depth-anything-v2-large/resolve/main/onnx/model.onnx',
    approxBytes: 1_340_000_000,
    licence: { ...CC_BY_NC_4, url: 'https://huggingface.co/depth-anything/Depth-Anything-V2-Large' },
    output: 'relative-inverse-depth',
    speed: 'slow',
    hardware: 'a GPU (CUDA) with 4 GB or more; impractical on a CPU',
    estimator: DEPTH_ANYTHING_V2,
  },
  'midas-v21-small': {
    name: 'midas-v21-small',
    title: 'MiDaS v2.1 Small (EfficientNet-Lite3, 256 px)',
    url: 'https://github.com/isl-org/MiDaS/releases/download/v2_1/model-small.onnx',
    approxBytes: 66_000_000,
    licence: { spdx: 'MIT', commercialUse: true, url: 'https://github.com/isl-org/MiDaS/blob/master/LICENSE' },
    output: 'relative-inverse-depth',
    speed: 'fast',
    hardware: 'any CPU, including small ones; coarser depth than Depth Anything',
    // Fixed 256×256 input: the estimator takes the model's own size.
    estimator: { inputWidth: 256, inputHeight: 256, sizeMultiple: 32, keepAspect: false, mean: IMAGENET_MEAN, std: IMAGENET_STD, outputIsDepth: false },
  },
};

/** The model `models fetch` suggests first: the best one that runs anywhere and allows commercial use. */
export const RECOMMENDED_CATALOGUE_MODEL: CatalogueModelName = 'da-v2-small';

export function isCatalogueModelName(value: string): value is CatalogueModelName {
  return (CATALOGUE_MODEL_NAMES as readonly string[]).includes(value);
}

/** The file a catalogue model is cached (and mirrored) under: `<name>.onnx`. */
export function catalogueModelFileName(name: string): string {
  return `${name}.onnx`;
}
