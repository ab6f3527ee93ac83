import { UsageError } from '@stereo-spot/shared-types';

export interface Size {
  width: number;
  height: number;
}

/** Nearest multiple of `multiple` (at least one multiple): ViT-style models need whole patches. */
export function roundToMultiple({ value, multiple }: { value: number; multiple: number }): number {
  return Math.max(multiple, Math.round(value / multiple) * multiple);
}

/**
 * The size the frame is resized to before inference. `fixed`: the model's declared spatial dims (null where
 * symbolic); fixed dims always win because the session would reject anything else.
 */
export function modelInputSize({ frame, requested, sizeMultiple, keepAspect, fixed }: {
  frame: Size;
  requested: Size;
  sizeMultiple: number;
  keepAspect: boolean;
  fixed: { width: number | null; height: number | null };
}): Size {
  if (fixed.width !== null && fixed.height !== null) return { width: fixed.width, height: fixed.height };
  let width = requested.width;
  let height = requested.height;
  if (keepAspect) {
    // Cover the requested box: the side that would fall short sets the scale (DA-V2's "lower bound").
    const scale = Math.max(requested.width / frame.width, requested.height / frame.height);
    width = frame.width * scale;
    height = frame.height * scale;
  }
  return {
    width: fixed.width ?? roundToMultiple({ value: width, multiple: sizeMultiple }),
    height: fixed.height ?? roundToMultiple({ value: height, multiple: sizeMultiple }),
  };
}

/** Checks the size options against the model's fixed dims once, at load, so a conflict fails before any frame. */
export function checkSizeOptions({ inputWidth, inputHeight, keepAspect, sizeMultiple, fixed, modelPath }: {
  inputWidth: number | undefined;
  inputHeight: number | undefined;
  keepAspect: boolean;
  sizeMultiple: number;
  fixed: { width: number | null; height: number | null };
  modelPath: string;
}): void {
  for (const [name, value] of [['inputWidth', inputWidth], ['inputHeight', inputHeight], ['sizeMultiple', sizeMultiple]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new UsageError(`${name} must be a positive integer, got ${value}`);
  }
  const fixedSize = `${fixed.width ?? '?'}×${fixed.height ?? '?'}`;
  if (keepAspect && (fixed.width !== null || fixed.height !== null)) {
    throw new UsageError(`keepAspect needs a model with dynamic input size, but ${modelPath} takes a fixed ${fixedSize} input`);
  }
  if ((inputWidth !== undefined && fixed.width !== null && inputWidth !== fixed.width) || (inputHeight !== undefined && fixed.height !== null && inputHeight !== fixed.height)) {
    throw new UsageError(`${modelPath} takes a fixed ${fixedSize} input; inputWidth×inputHeight ${inputWidth ?? '-'}×${inputHeight ?? '-'} disagrees`);
  }
}
